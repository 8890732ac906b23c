package dev.portolan.search;

/** A search that cannot be answered as asked: what is wrong, and which query parameter it concerns. */
public final class QueryException extends RuntimeException {
  private final String error;
  private final String parameter;

  public QueryException(String message, String parameter) {
    this("BadRequest", message, parameter);
  }

  /** @param error the kind of problem, as the API's error field names it ({@code ExpressionTooExpensive}) */
  public QueryException(String error, String message, String parameter) {
    super(message);
    this.error = error;
    this.parameter = parameter;
  }

  /** The kind of problem: {@code BadRequest} unless it has a name of its own. */
  public String error() {
    return error;
  }

  /** The query parameter at fault, as the request named it. */
  public String parameter() {
    return parameter;
  }
}
