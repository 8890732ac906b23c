package dev.portolan.catalog;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to an entity: {@code name} in the referrer's namespace, or {@code namespace/name}.
 */
public record EntityRef(String namespace, String name) implements Comparable<EntityRef> {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /**
   * Parses a reference written in a resource.
   *
   * @param text {@code name} or {@code namespace/name}
   * @param defaultNamespace the referrer's namespace, for a bare name
   * @return the reference, or empty when the text is not a valid reference
   */
  public static Optional<EntityRef> parse(String text, String defaultNamespace) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.split("/", -1);
    String namespace;
    String name;
    if (parts.length == 1) {
      namespace = defaultNamespace;
      name = parts[0];
    } else if (parts.length == 2) {
      namespace = parts[0];
      name = parts[1];
    } else {
      return Optional.empty();
    }
    if (namespace == null
        || namespace.length() > 63
        || !DNS_LABEL.matcher(namespace).matches()
        || name.length() > 253
        || !DNS_SUBDOMAIN.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(new EntityRef(namespace, name));
  }

  /** The informer cache key and the canonical text of the reference: {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  @Override
  public int compareTo(EntityRef o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return key();
  }
}
