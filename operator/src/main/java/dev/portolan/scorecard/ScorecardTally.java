package dev.portolan.scorecard;

import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.ScorecardSpec;
import dev.portolan.model.ScorecardStatus.RuleSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregate of one scorecard over the entities' own results ({@code status.scorecards.<name>}):
 * how many are graded, how many sit at each level (None and every declared level present, even at
 * zero), how many pass, fail and are waived on each rule, and how many have a rule waived.
 *
 * @param levels by level name, None first, then the declared levels lowest first
 * @param rules in the order the spec declares them
 */
public record ScorecardTally(
    int entities, Map<String, Integer> levels, List<RuleSummary> rules, int waived) {

  /** Which of a rule's counts a result adds to: 0 passed, 1 failed, 2 waived. */
  static int outcome(RuleResult rule) {
    if (Boolean.TRUE.equals(rule.passed)) {
      return 0;
    }
    return RuleResult.WAIVED.equals(rule.result) ? 2 : 1;
  }

  /** Counts the results of scorecard {@code name} that the given entities hold. */
  public static ScorecardTally of(String name, ScorecardSpec spec, Collection<Entity> entities) {
    Map<String, Integer> levels = new LinkedHashMap<>();
    levels.put(Levels.NONE, 0);
    if (spec != null && spec.levels != null) {
      spec.levels.stream()
          .filter(l -> l != null && !l.isBlank())
          .forEach(l -> levels.putIfAbsent(l, 0));
    }
    Map<String, int[]> counts = new LinkedHashMap<>(); // rule name -> {passed, failed, waived}
    if (spec != null && spec.rules != null) {
      spec.rules.stream()
          .filter(r -> r != null && r.name != null)
          .forEach(r -> counts.putIfAbsent(r.name, new int[3]));
    }
    int graded = 0;
    int waived = 0;
    for (Entity entity : entities) {
      ScorecardResult result =
          entity.getStatus() == null || entity.getStatus().scorecards == null
              ? null
              : entity.getStatus().scorecards.get(name);
      if (result == null) {
        continue;
      }
      graded++;
      // A result graded under an earlier spec may name a level that is gone; it is counted under
      // that name until the entity is re-graded.
      levels.merge(result.level == null ? Levels.NONE : result.level, 1, Integer::sum);
      if (result.rules != null) {
        boolean anyWaived = false;
        for (RuleResult rule : result.rules) {
          int outcome = outcome(rule);
          anyWaived |= outcome == 2;
          int[] count = counts.get(rule.name);
          if (count != null) {
            count[outcome]++;
          }
        }
        if (anyWaived) {
          waived++;
        }
      }
    }
    List<RuleSummary> rules = new ArrayList<>(counts.size());
    counts.forEach(
        (rule, count) -> {
          RuleSummary summary = new RuleSummary();
          summary.name = rule;
          summary.passed = count[0];
          summary.failed = count[1];
          summary.waived = count[2];
          rules.add(summary);
        });
    return new ScorecardTally(graded, levels, rules, waived);
  }
}
