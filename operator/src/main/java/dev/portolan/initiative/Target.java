package dev.portolan.initiative;

import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import java.util.List;
import java.util.Set;

/**
 * What an entity must reach: a level of the scorecard (or a higher one), or every one of some named
 * rules. Judged from the grade the entity holds, never by grading again.
 *
 * @param level the target level, or null when {@code rules} is the target
 * @param rules the rule names that must all pass, or empty when {@code level} is the target
 */
public record Target(String level, Set<String> rules) {
  public static Target level(String level) {
    return new Target(level, Set.of());
  }

  public static Target rules(Set<String> rules) {
    return new Target(null, Set.copyOf(rules));
  }

  /** How kubectl shows it: the level, or {@code 3 rules}. */
  public String describe() {
    return level != null ? level : rules.size() == 1 ? "1 rule" : rules.size() + " rules";
  }

  /**
   * Where an entity's grade stands.
   *
   * @param levels the scorecard's levels, lowest first: a result at a level not among them (graded
   *     under an earlier spec) or at None does not reach any target level
   */
  public Outcome outcome(ScorecardResult result, List<String> levels) {
    if (level != null) {
      int reached = result.level == null ? -1 : levels.indexOf(result.level);
      return reached >= 0 && reached >= levels.indexOf(level) ? Outcome.PASSING : Outcome.FAILING;
    }
    if (result.rules == null) {
      return Outcome.FAILING;
    }
    int passed = 0;
    for (RuleResult rule : result.rules) {
      // A Waived result, once waivers exist, is an outcome of its own here, not a pass.
      if (rules.contains(rule.name) && Boolean.TRUE.equals(rule.passed)) {
        passed++;
      }
    }
    return passed == rules.size() ? Outcome.PASSING : Outcome.FAILING;
  }
}
