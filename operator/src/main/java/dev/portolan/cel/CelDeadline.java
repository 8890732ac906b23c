package dev.portolan.cel;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The time one request may spend evaluating expressions, across all of its evaluations (a search
 * evaluates its filter once per entity), and whether the request was given up. Evaluations under
 * it stop at the first check after the deadline, or after {@code abandoned} says true.
 */
public final class CelDeadline {
  private final long deadlineNanos;
  private final Duration budget;
  private final BooleanSupplier abandoned;

  private CelDeadline(Duration budget, BooleanSupplier abandoned) {
    this.budget = budget;
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
    this.abandoned = abandoned;
  }

  /** A deadline {@code budget} from now. */
  public static CelDeadline in(Duration budget) {
    return new CelDeadline(budget, () -> false);
  }

  /** A deadline {@code budget} from now, for a request that may also be given up earlier. */
  public static CelDeadline in(Duration budget, BooleanSupplier abandoned) {
    return new CelDeadline(budget, abandoned);
  }

  /** Why evaluations under this deadline must stop now, or null while they may go on. */
  String stopReason(long nowNanos) {
    if (nowNanos - deadlineNanos > 0) {
      return "the request's expressions ran out of time: the limit is " + budget.toMillis()
          + " ms for all of a request's evaluations together; make the expression cheaper or narrow the"
          + " search with other parameters (blueprint, namespace, property) so it runs on fewer entities";
    }
    if (abandoned.getAsBoolean()) {
      return "the request was given up by its client";
    }
    return null;
  }

  /** Whether the deadline has passed or the request was given up. */
  public boolean expired() {
    return stopReason(System.nanoTime()) != null;
  }

  /**
   * Throws when the deadline has passed or the request was given up.
   *
   * @throws ExpressionLimitException saying which
   */
  public void check() throws ExpressionLimitException {
    String reason = stopReason(System.nanoTime());
    if (reason != null) {
      throw new ExpressionLimitException(reason);
    }
  }
}
