package dev.portolan.web.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Every request gets an id, sent back in {@code X-Request-Id} and in every error body, so a report can be found in the log. */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  static final String ATTRIBUTE = "portolan.requestId";

  private RequestIds() {}

  /** A new id: 16 hex digits, random (an id, not a secret). */
  public static String next() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  /** The id {@link RequestFilter} gave the request (a new one for a request that never passed it). */
  public static String of(HttpServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    if (id == null) {
      id = next();
      request.setAttribute(ATTRIBUTE, id);
    }
    return id.toString();
  }
}
