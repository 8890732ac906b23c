package dev.portolan.web.http;

import dev.portolan.web.error.ApiError;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The error names and messages of the statuses the server answers on its own, and the JSON it writes for an {@link ApiError}. */
public final class ErrorBodies {
  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(400, "BadRequest"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "NotFound"), Map.entry(405, "MethodNotAllowed"), Map.entry(408, "RequestTimeout"),
      Map.entry(409, "Conflict"), Map.entry(411, "LengthRequired"), Map.entry(413, "ContentTooLarge"),
      Map.entry(414, "UriTooLong"), Map.entry(415, "UnsupportedMediaType"), Map.entry(421, "MisdirectedRequest"),
      Map.entry(422, "Invalid"), Map.entry(429, "TooManyRequests"), Map.entry(431, "RequestHeaderFieldsTooLarge"),
      Map.entry(500, "InternalError"), Map.entry(501, "NotImplemented"), Map.entry(502, "ApiServerError"),
      Map.entry(503, "Unavailable"), Map.entry(505, "HttpVersionNotSupported"));

  private ErrorBodies() {}

  /** The short name of an error status, as {@code error} carries it. */
  public static String name(int status) {
    return NAMES.getOrDefault(status, status >= 500 ? "ServerError" : "BadRequest");
  }

  /** What the server says for a status it answers before any route sees the request. */
  static String message(int status, String reason) {
    return switch (status) {
      case 413 -> "the request body is larger than " + RequestLimits.MAX_BODY_BYTES + " bytes";
      case 414 -> "the request line (method, path and query) is longer than " + RequestLimits.MAX_HEADER_BYTES
          + " bytes; shorten the query";
      case 431 -> "the request's headers are larger than " + RequestLimits.MAX_HEADER_BYTES + " bytes in all";
      case 505 -> "this server speaks HTTP/1.0 and HTTP/1.1";
      default -> "the request is not valid HTTP" + (reason == null || reason.isBlank() ? "" : ": " + reason);
    };
  }

  public static byte[] json(ApiError error) {
    return Serialization.asJson(error).getBytes(StandardCharsets.UTF_8);
  }
}
