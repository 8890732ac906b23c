package dev.portolan.scorecard;

import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.ScorecardSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which failing rules hold a set of entities below their next level of one scorecard, read from the
 * rule results the entities already hold ({@code status.scorecards.<name>.rules}): nothing is
 * evaluated again.
 *
 * <p>An entity at level {@code L} moves up when every rule of the level just above {@code L} passes
 * (the {@link Levels} semantics: the rules of lower levels already pass). For each rule of that
 * next level the entity fails, it counts as <em>blocked</em> by the rule; when the rule is the only
 * one of that level it fails, it also counts as <em>one rule away</em>: fixing that rule alone
 * moves it up. The rules are ranked by entities one rule away, then blocked, then name. An entity
 * at the highest level, or graded under a level the spec no longer declares, counts for no rule.
 * Linear in the entities and their rule results.
 *
 * @param nextLevelRules per rule the entities blocked, ranked; only rules that block one
 */
public record NextLevelBlockers(List<Blocker> nextLevelRules) {

  /**
   * A rule of some entities' next level that they fail.
   *
   * @param level the rule's level, the one these entities would reach
   * @param oneRuleAway entities whose only failing rule of their next level is this one
   * @param blocked entities failing this rule at their next level, one rule away or not
   */
  public record Blocker(String rule, String title, String level, int oneRuleAway, int blocked) {}

  /** The blockers of scorecard {@code name} (declared by {@code spec}) over {@code entities}. */
  public static NextLevelBlockers of(String name, ScorecardSpec spec, Collection<Entity> entities) {
    List<String> levels = new ArrayList<>();
    if (spec != null && spec.levels != null) {
      spec.levels.stream().filter(l -> l != null && !l.isBlank()).forEach(levels::add);
    }
    Map<String, ScorecardSpec.Rule> declared = new HashMap<>();
    if (spec != null && spec.rules != null) {
      spec.rules.forEach(rule -> declared.putIfAbsent(rule.name, rule));
    }
    Map<String, int[]> counts = new HashMap<>(); // rule -> {one rule away, blocked}
    Map<String, String> levelOf = new HashMap<>();
    for (Entity entity : entities) {
      ScorecardResult result =
          entity.getStatus() == null || entity.getStatus().scorecards == null
              ? null
              : entity.getStatus().scorecards.get(name);
      if (result == null || result.rules == null) {
        continue;
      }
      String level = result.level == null ? Levels.NONE : result.level;
      int next = Levels.NONE.equals(level) ? 0 : levels.indexOf(level) + 1;
      if (next <= 0 && !Levels.NONE.equals(level) || next >= levels.size()) {
        continue; // a level the spec no longer has, or the top one
      }
      String nextLevel = levels.get(next);
      List<String> failing = new ArrayList<>(2);
      for (RuleResult rule : result.rules) {
        if (nextLevel.equals(rule.level) && !Boolean.TRUE.equals(rule.passed)) {
          failing.add(rule.name);
        }
      }
      for (String rule : failing) {
        int[] count = counts.computeIfAbsent(rule, r -> new int[2]);
        count[1]++;
        if (failing.size() == 1) {
          count[0]++;
        }
        levelOf.put(rule, nextLevel);
      }
    }
    List<Blocker> blockers = new ArrayList<>(counts.size());
    counts.forEach(
        (rule, count) -> {
          ScorecardSpec.Rule spec0 = declared.get(rule);
          String title = spec0 == null || spec0.title == null ? rule : spec0.title;
          blockers.add(new Blocker(rule, title, levelOf.get(rule), count[0], count[1]));
        });
    blockers.sort(
        Comparator.comparingInt(Blocker::oneRuleAway)
            .reversed()
            .thenComparing(Comparator.comparingInt(Blocker::blocked).reversed())
            .thenComparing(Blocker::rule));
    return new NextLevelBlockers(List.copyOf(blockers));
  }
}
