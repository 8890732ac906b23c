package dev.portolan.web.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.portolan.kit.Problem;
import java.util.List;

/**
 * The JSON body of every error response, the server's own (unknown route, wrong method, limits)
 * included: the HTTP status, a short name of the error, a message for people, the query or path
 * parameter to blame ({@code parameter}) or the field of the JSON body ({@code field}) when one is,
 * every problem of a request refused for a list of them ({@code problems}, each naming its field;
 * {@code field} then names the first's), and the request's id, which the {@code X-Request-Id}
 * header carries too and the log names.
 */
@JsonPropertyOrder({"status", "error", "message", "parameter", "field", "problems", "requestId"})
public record ApiError(
    int status,
    String error,
    String message,
    @JsonInclude(JsonInclude.Include.NON_NULL) String parameter,
    @JsonInclude(JsonInclude.Include.NON_NULL) String field,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldProblem> problems,
    String requestId) {

  /** One problem of a refused request: the body field it is in (or none), and what is wrong. */
  @JsonPropertyOrder({"field", "message"})
  public record FieldProblem(
      @JsonInclude(JsonInclude.Include.NON_NULL) String field, String message) {
    public static FieldProblem of(Problem problem) {
      return new FieldProblem(problem.field(), problem.message());
    }

    /** The message without the field it starts with, to show beside the field. */
    public String detail() {
      return Problem.detail(field, message);
    }
  }

  public ApiError {
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  public ApiError(
      int status, String error, String message, String parameter, String field, String requestId) {
    this(status, error, message, parameter, field, List.of(), requestId);
  }

  /** An error that blames a query or path parameter (or nothing, when null). */
  public ApiError(int status, String error, String message, String parameter) {
    this(status, error, message, parameter, null, null);
  }

  /** The same error, answered to the request with this id. */
  public ApiError withRequestId(String id) {
    return new ApiError(status, error, message, parameter, field, problems, id);
  }
}
