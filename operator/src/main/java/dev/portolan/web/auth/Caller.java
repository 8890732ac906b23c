package dev.portolan.web.auth;

import dev.portolan.action.ActionRecords;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The caller of one request, as authentication established it: who they are (when known), the
 * bearer token they presented (which requests made on their behalf carry), and the namespaces they
 * may see. Views and services take a Caller, never the HTTP request.
 */
public final class Caller {
  private static final Caller ANYONE = new Caller(null, null, namespace -> true);

  private final String token;
  private final ActionRecords.Identity identity;
  private final Predicate<String> namespaces;

  /**
   * @param token the bearer token the caller authenticated with, or null where nobody authenticates
   * @param identity who the caller is, or null when authentication does not say
   * @param namespaces the namespaces where the caller may list entities
   */
  public Caller(String token, ActionRecords.Identity identity, Predicate<String> namespaces) {
    this.token = token;
    this.identity = identity;
    this.namespaces = Objects.requireNonNull(namespaces);
  }

  /** Anyone at all: where authentication is off (the embedded demo, on loopback). */
  public static Caller anyone() {
    return ANYONE;
  }

  /** Whether the caller may list entities in a namespace. */
  public boolean maySee(String namespace) {
    return namespaces.test(namespace);
  }

  public Optional<ActionRecords.Identity> identity() {
    return Optional.ofNullable(identity);
  }

  public Optional<String> token() {
    return Optional.ofNullable(token);
  }
}
