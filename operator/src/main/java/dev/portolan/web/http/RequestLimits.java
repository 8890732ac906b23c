package dev.portolan.web.http;

/** The size limits of a request, which the server enforces and {@code docs/api.md} states. */
public final class RequestLimits {
  /** The request line and the headers together (Jetty answers 414 or 431 beyond it). */
  public static final int MAX_HEADER_BYTES = 8 * 1024;
  /** A request body (413 beyond it). */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private RequestLimits() {}
}
