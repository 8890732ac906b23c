package dev.portolan.web.http;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host names the server answers to. The embedded demo answers only loopback names, so a
 * web page cannot point a name of its own at 127.0.0.1 (DNS rebinding) and read the demo, which
 * authenticates nobody, in the visitor's browser.
 */
public final class AllowedHosts {
  public static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");
  private static final AllowedHosts ANY = new AllowedHosts(null);

  private final Set<String> names;

  private AllowedHosts(Set<String> names) {
    this.names = names;
  }

  /** Every host name: behind an ingress, in a cluster, where the name is not known in advance. */
  public static AllowedHosts any() {
    return ANY;
  }

  /** Only these names (without port; IPv6 addresses in brackets), in any case. */
  public static AllowedHosts only(List<String> names) {
    Set<String> set = new LinkedHashSet<>();
    names.forEach(n -> set.add(n.strip().toLowerCase(Locale.ROOT)));
    return new AllowedHosts(set);
  }

  /** The loopback names and these too. */
  public static AllowedHosts loopbackAnd(List<String> extra) {
    List<String> all = new java.util.ArrayList<>(LOOPBACK);
    all.addAll(extra);
    return only(all);
  }

  public boolean isAny() {
    return names == null;
  }

  /** Whether a request whose Host header says this (null when it says nothing) is answered. */
  public boolean allows(String hostHeader) {
    if (names == null) {
      return true;
    }
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    return names.contains(hostName(hostHeader.strip().toLowerCase(Locale.ROOT)));
  }

  static String hostName(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  public List<String> names() {
    return names == null ? List.of() : List.copyOf(names);
  }
}
