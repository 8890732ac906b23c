package dev.portolan.cel;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.Map;

/**
 * Watches one evaluation as it runs (cel-java calls it after every node it evaluates) and stops it
 * at the first step over a run-time limit: steps taken, the size of a value made, the time of the
 * evaluation, the request's {@link CelDeadline}. Stopping is sticky: once over, every later node
 * fails too, so that no short-circuit ({@code ||}, {@code &&}, {@code exists}) can turn the stop
 * into a result. Not thread-safe: one per evaluation.
 */
final class EvaluationGuard implements CelEvaluationListener {
  /** Thrown from the listener; cel-java wraps it into its evaluation error. */
  static final class Stop extends RuntimeException {
    Stop(String message) {
      super(message, null, false, false);
    }
  }

  private static final int CLOCK_EVERY = 256;

  private final CelLimits limits;
  private final CelDeadline request;
  private final long evaluationDeadline;
  private long steps;
  private String stopped;

  EvaluationGuard(CelLimits limits, CelDeadline request) {
    this.limits = limits;
    this.request = request;
    this.evaluationDeadline = System.nanoTime() + limits.maxEvaluationTime().toNanos();
  }

  @Override
  public void callback(CelExpr expr, Object value) {
    if (stopped != null) {
      throw new Stop(stopped);
    }
    if (++steps > limits.maxSteps()) {
      stop(
          "the evaluation took more than "
              + Saturating.amount(limits.maxSteps())
              + " steps, the limit for one evaluation; make the expression cheaper (fewer or shallower comprehensions)");
    }
    long size = sizeOf(value);
    if (size > limits.maxValueSize()) {
      stop(
          "the evaluation made a value of "
              + Saturating.amount(size)
              + " characters or entries, over the limit of "
              + Saturating.amount(limits.maxValueSize())
              + "; concatenate less");
    }
    if (steps % CLOCK_EVERY == 0) {
      checkClock();
    }
  }

  /** Throws when the evaluation was stopped, whatever it returned. */
  void finish() throws ExpressionLimitException {
    if (stopped != null) {
      throw new ExpressionLimitException(stopped);
    }
  }

  /** Why the evaluation was stopped, or null. */
  String stopped() {
    return stopped;
  }

  private void checkClock() {
    long now = System.nanoTime();
    if (now - evaluationDeadline > 0) {
      stop(
          "the evaluation took longer than "
              + limits.maxEvaluationTime().toMillis()
              + " ms, the limit for one evaluation; make the expression cheaper");
    }
    if (request != null) {
      String reason = request.stopReason(now);
      if (reason != null) {
        stop(reason);
      }
    }
  }

  private void stop(String reason) {
    if (stopped == null) {
      stopped = reason;
    }
    throw new Stop(stopped);
  }

  static long sizeOf(Object value) {
    if (value instanceof String s) {
      return s.length();
    }
    if (value instanceof Collection<?> c) {
      return c.size();
    }
    if (value instanceof Map<?, ?> m) {
      return m.size();
    }
    return 0;
  }
}
