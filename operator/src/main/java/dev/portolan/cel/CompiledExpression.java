package dev.portolan.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/** A checked CEL program, ready to be evaluated any number of times from any thread. */
public final class CompiledExpression {
  private final String source;
  private final CelRuntime.Program program;
  private final ExpectedType expected;

  CompiledExpression(String source, CelRuntime.Program program, ExpectedType expected) {
    this.source = source;
    this.program = program;
    this.expected = expected;
  }

  public String source() {
    return source;
  }

  /**
   * Evaluates the expression over the given variables (made with {@link CelValues}).
   *
   * @throws ExpressionException when evaluation fails (a missing key, a wrong operand type) or the
   *     result is not of the declared type
   */
  public Object evaluate(Map<String, ?> variables) throws ExpressionException {
    Object value;
    try {
      value = program.eval(variables);
    } catch (CelEvaluationException e) {
      throw new ExpressionException(CelValues.evaluationMessage(e), e);
    }
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
}
