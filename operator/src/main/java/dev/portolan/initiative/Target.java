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
   * <p>{@link Outcome#WAIVED} when the target is reached only thanks to an active Waiver: for a
   * level, the level is reached but a rule at or below the target level is {@code Waived}; for
   * rules, each named rule passed or is {@code Waived} and at least one is {@code Waived}.
   *
   * @param levels the scorecard's levels, lowest first: a result at a level not among them (graded
   *     under an earlier spec) or at None does not reach any target level
   */
  public Outcome outcome(ScorecardResult result, List<String> levels) {
    if (level != null) {
      int target = levels.indexOf(level);
      int reached = result.level == null ? -1 : levels.indexOf(result.level);
      if (reached < 0 || reached < target) {
        return Outcome.FAILING;
      }
      // The level was reached; a Waived rule at or below the target let it be reached.
      if (result.rules != null) {
        for (RuleResult rule : result.rules) {
          int at = rule.level == null ? -1 : levels.indexOf(rule.level);
          if (waived(rule) && at >= 0 && at <= target) {
            return Outcome.WAIVED;
          }
        }
      }
      return Outcome.PASSING;
    }
    if (result.rules == null) {
      return Outcome.FAILING;
    }
    int passed = 0;
    int waived = 0;
    for (RuleResult rule : result.rules) {
      if (!rules.contains(rule.name)) {
        continue;
      }
      if (Boolean.TRUE.equals(rule.passed)) {
        passed++;
      } else if (waived(rule)) {
        waived++;
      }
    }
    if (passed + waived < rules.size()) {
      return Outcome.FAILING;
    }
    return waived > 0 ? Outcome.WAIVED : Outcome.PASSING;
  }

  private static boolean waived(RuleResult rule) {
    return RuleResult.WAIVED.equals(rule.result) && !Boolean.TRUE.equals(rule.passed);
  }
}
