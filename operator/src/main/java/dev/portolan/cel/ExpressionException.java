package dev.portolan.cel;

/** An expression that does not compile, has the wrong type, or failed while it was evaluated. */
public class ExpressionException extends Exception {
  public ExpressionException(String message) {
    super(message);
  }

  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
