package dev.portolan.search;

/** A search that cannot be answered as asked: what is wrong, and which query parameter it concerns. */
public final class QueryException extends RuntimeException {
  private final String parameter;

  public QueryException(String message, String parameter) {
    super(message);
    this.parameter = parameter;
  }

  /** The query parameter at fault, as the request named it. */
  public String parameter() {
    return parameter;
  }
}
