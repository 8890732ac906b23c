package dev.portolan.cel;

/**
 * An expression refused, or an evaluation stopped, because it would go over one of the {@link
 * CelLimits}: the message names the limit and what would bring the expression under it.
 */
public final class ExpressionLimitException extends ExpressionException {
  public ExpressionLimitException(String message) {
    super(message);
  }
}
