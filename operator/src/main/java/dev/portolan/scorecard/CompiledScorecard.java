package dev.portolan.scorecard;

import dev.portolan.kit.Problem;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpressionException;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a scorecard's spec compiles to, once per generation: its levels, its filter and rules as
 * checked CEL programs, and the problems found in the spec alone. A scorecard with problems grades
 * nothing. Thread-safe; grading reads only its arguments.
 *
 * @param filter null when the scorecard has no filter (every entity of the blueprint is graded)
 */
public record CompiledScorecard(
    String name,
    String blueprint,
    List<String> levels,
    CompiledExpression filter,
    List<Rule> rules,
    List<Problem> problems) {

  /**
   * One rule, compiled.
   *
   * @param field where its expression is in the spec, such as {@code spec.rules[1].expression}
   */
  public record Rule(String name, String level, CompiledExpression expression, String field) {}

  public boolean valid() {
    return problems.isEmpty();
  }

  /**
   * Grades one entity.
   *
   * @param variables {@code entity} and {@code source}, as CEL reads them
   * @return empty when the filter leaves the entity out, or fails for it (a filter that cannot be
   *     evaluated for an entity does not grade it)
   */
  public Optional<ScorecardResult> grade(Map<String, ?> variables) {
    if (filter != null) {
      try {
        if (!filter.test(variables)) {
          return Optional.empty();
        }
      } catch (ExpressionException e) {
        return Optional.empty();
      }
    }
    List<RuleResult> results = new ArrayList<>(rules.size());
    for (Rule rule : rules) {
      RuleResult result = new RuleResult();
      result.name = rule.name();
      result.level = rule.level();
      try {
        result.passed = rule.expression().test(variables);
      } catch (ExpressionException e) {
        result.passed = false;
        result.error = e.getMessage();
      }
      results.add(result);
    }
    ScorecardResult graded = new ScorecardResult();
    graded.level = Levels.reached(levels, results);
    graded.rules = results;
    return Optional.of(graded);
  }
}
