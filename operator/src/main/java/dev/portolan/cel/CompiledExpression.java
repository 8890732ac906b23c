package dev.portolan.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;

/** A checked CEL program, ready to be evaluated any number of times from any thread. */
public final class CompiledExpression {
  private final String source;
  private final CelRuntime.Program program;
  private final ExpectedType expected;
  private final CelLimits limits;
  private final List<List<String>> resultPaths;

  CompiledExpression(
      String source,
      CelRuntime.Program program,
      ExpectedType expected,
      CelLimits limits,
      List<List<String>> resultPaths) {
    this.source = source;
    this.program = program;
    this.expected = expected;
    this.limits = limits;
    this.resultPaths = resultPaths;
  }

  /**
   * When CEL could not tell the result's type (a dyn value), the variable fields the result is read
   * from as it is, such as {@code [entity, properties, replicas]}; empty otherwise.
   */
  public List<List<String>> resultPaths() {
    return resultPaths;
  }

  public String source() {
    return source;
  }

  /**
   * Evaluates the expression over the given variables (made with {@link CelValues}).
   *
   * @throws ExpressionException when evaluation fails (a missing key, a wrong operand type) or the
   *     result is not of the declared type
   * @throws ExpressionLimitException when it went over a run-time limit of {@link CelLimits}
   */
  public Object evaluate(Map<String, ?> variables) throws ExpressionException {
    return evaluate(variables, null);
  }

  /**
   * Evaluates the expression as part of a request that has a {@link CelDeadline} for all its
   * evaluations together.
   *
   * @param deadline the request's deadline, or null for none but the evaluation's own
   */
  public Object evaluate(Map<String, ?> variables, CelDeadline deadline)
      throws ExpressionException {
    EvaluationGuard guard = new EvaluationGuard(limits, deadline);
    Object value;
    try {
      value = program.trace(variables, guard);
    } catch (CelEvaluationException e) {
      guard.finish(); // a stop is reported as such, not as the error it caused
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof BoundedStrings.TooLarge tooLarge) {
          // Not cel-java's message, which quotes the arguments, however long.
          throw new ExpressionLimitException(
              tooLarge.getMessage() + "; concatenate or replace less");
        }
      }
      if (e.getErrorCode() == dev.cel.common.CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
        // cel-java's own stop (CelOptions.comprehensionMaxIterations): a limit like the guard's.
        throw new ExpressionLimitException(
            "stopped after "
                + limits.maxIterations()
                + " comprehension iterations, the limit for one evaluation; make the expression"
                + " cheaper (fewer or shallower comprehensions)");
      }
      throw new ExpressionException(CelValues.evaluationMessage(e), e);
    }
    guard.finish();
    value = CelValues.unwrapOptional(value);
    if (!expected.admitsValue(value)) {
      throw new ExpressionException(
          "returned " + CelValues.typeName(value) + " but must return " + expected.schemaName());
    }
    return value;
  }

  /** Evaluates an expression declared to return a boolean. */
  public boolean test(Map<String, ?> variables) throws ExpressionException {
    return (Boolean) evaluate(variables);
  }

  /** Evaluates an expression declared to return a boolean, under a request's deadline. */
  public boolean test(Map<String, ?> variables, CelDeadline deadline) throws ExpressionException {
    return (Boolean) evaluate(variables, deadline);
  }
}
