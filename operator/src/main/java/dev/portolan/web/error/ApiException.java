package dev.portolan.web.error;

import dev.portolan.kit.Problems;
import dev.portolan.search.QueryException;
import java.util.List;

/** A request that cannot be answered, with the status and JSON body to answer it with. */
public final class ApiException extends RuntimeException {
  private final ApiError body;

  public ApiException(int status, String error, String message, String parameter) {
    this(new ApiError(status, error, message, parameter));
  }

  public ApiException(ApiError body) {
    super(body.message());
    this.body = body;
  }

  public static ApiException badRequest(String message, String parameter) {
    return new ApiException(400, "BadRequest", message, parameter);
  }

  /** A field of the JSON body is wrong: 400, naming the field. */
  public static ApiException badField(String message, String field) {
    return new ApiException(new ApiError(400, "BadRequest", message, null, field, null));
  }

  /**
   * A refusal for a list of problems: their message, the first's field, and every problem with its
   * field.
   */
  public static ApiException ofProblems(
      int status, String error, List<dev.portolan.kit.Problem> problems) {
    return new ApiException(
        new ApiError(
            status,
            error,
            Problems.message(problems),
            null,
            problems.isEmpty() ? null : problems.get(0).field(),
            problems.stream().map(ApiError.FieldProblem::of).toList(),
            null));
  }

  /** A search that cannot be answered: 400, naming the parameter. */
  public static ApiException of(QueryException e) {
    return new ApiException(400, e.error(), e.getMessage(), e.parameter());
  }

  public static ApiException notFound(String message, String parameter) {
    return new ApiException(404, "NotFound", message, parameter);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "Unauthorized", message, null);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "Forbidden", message, null);
  }

  public int status() {
    return body.status();
  }

  public ApiError body() {
    return body;
  }
}
