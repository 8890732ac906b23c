package dev.portolan.web.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON body of every error response, the server's own (unknown route, wrong method, limits)
 * included: the HTTP status, a short name of the error, a message for people, the query or path
 * parameter to blame ({@code parameter}) or the field of the JSON body ({@code field}) when one
 * is, and the request's id, which the {@code X-Request-Id} header carries too and the log names.
 */
@JsonPropertyOrder({"status", "error", "message", "parameter", "field", "requestId"})
public record ApiError(int status, String error, String message,
    @JsonInclude(JsonInclude.Include.NON_NULL) String parameter,
    @JsonInclude(JsonInclude.Include.NON_NULL) String field,
    String requestId) {

  /** An error that blames a query or path parameter (or nothing, when null). */
  public ApiError(int status, String error, String message, String parameter) {
    this(status, error, message, parameter, null, null);
  }

  /** The same error, answered to the request with this id. */
  public ApiError withRequestId(String id) {
    return new ApiError(status, error, message, parameter, field, id);
  }
}
