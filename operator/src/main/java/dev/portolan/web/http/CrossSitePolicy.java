package dev.portolan.web.http;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one rule for every request that changes state, from the JSON API or from the UI's forms:
 * it must come from the portal itself. A browser says where a request comes from in
 * {@code Sec-Fetch-Site} and {@code Origin}; when it says another site (or another origin than the
 * portal's own) the request is refused, so a page elsewhere cannot act in a signed-in user's name.
 * A client that is not a browser (curl, a script) sends neither header and is judged by its
 * credentials alone.
 */
public final class CrossSitePolicy {
  private CrossSitePolicy() {}

  /**
   * Why the request may not change state, or empty when it may.
   *
   * @param headers the request's header of a name, or null
   */
  public static Optional<String> refusal(UnaryOperator<String> headers) {
    String site = headers.apply("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin")) {
      return Optional.of("the browser says this request comes from " + ("none".equals(site) ? "no page"
          : "another site (Sec-Fetch-Site: " + site + ")") + "; send it from the portal's own pages");
    }
    String origin = headers.apply("Origin");
    if (origin == null) {
      return Optional.empty();
    }
    if ("null".equals(origin)) {
      // An opaque origin: only the portal's own pages, which the browser vouches for, may send it.
      return site != null ? Optional.empty() : Optional.of("the request comes from an opaque origin (Origin: null)");
    }
    String host = headers.apply("X-Forwarded-Host") != null ? headers.apply("X-Forwarded-Host") : headers.apply("Host");
    if (origin.equals("http://" + host) || origin.equals("https://" + host)) {
      return Optional.empty();
    }
    return Optional.of("the request comes from " + origin + ", not from this portal (" + host + ")");
  }

  /** Whether the request may change state. */
  public static boolean allows(UnaryOperator<String> headers) {
    return refusal(headers).isEmpty();
  }
}
