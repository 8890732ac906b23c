package dev.portolan.initiative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetTest {
  private static final List<String> LEVELS = List.of("Bronze", "Silver", "Gold");

  private static RuleResult rule(String name, String level, boolean passed) {
    RuleResult rule = new RuleResult();
    rule.name = name;
    rule.level = level;
    rule.passed = passed;
    return rule;
  }

  private static RuleResult waived(String name, String level) {
    RuleResult rule = rule(name, level, false);
    rule.result = RuleResult.WAIVED;
    return rule;
  }

  private static ScorecardResult result(String level, RuleResult... rules) {
    ScorecardResult result = new ScorecardResult();
    result.level = level;
    result.rules = List.of(rules);
    return result;
  }

  @Test
  void aLevelReachedOnItsOwnRulesPassesAndBelowItFails() {
    Target silver = Target.level("Silver");
    assertThat(silver.outcome(result("Gold", rule("a", "Bronze", true)), LEVELS))
        .isEqualTo(Outcome.PASSING);
    assertThat(silver.outcome(result("Silver", rule("a", "Bronze", true)), LEVELS))
        .isEqualTo(Outcome.PASSING);
    assertThat(silver.outcome(result("Bronze", rule("b", "Silver", false)), LEVELS))
        .isEqualTo(Outcome.FAILING);
    assertThat(silver.outcome(result(null), LEVELS)).isEqualTo(Outcome.FAILING);
    assertThat(silver.outcome(result("Platinum"), LEVELS)).isEqualTo(Outcome.FAILING);
  }

  @Test
  void aLevelReachedOnlyThroughAWaivedRuleAtOrBelowTheTargetIsWaived() {
    Target silver = Target.level("Silver");
    assertThat(
            silver.outcome(
                result("Silver", rule("a", "Bronze", true), waived("b", "Silver")), LEVELS))
        .isEqualTo(Outcome.WAIVED);
    assertThat(silver.outcome(result("Gold", waived("a", "Bronze")), LEVELS))
        .isEqualTo(Outcome.WAIVED);
  }

  @Test
  void aWaivedRuleAboveTheTargetLevelDoesNotMatter() {
    assertThat(
            Target.level("Silver")
                .outcome(result("Gold", rule("a", "Silver", true), waived("g", "Gold")), LEVELS))
        .isEqualTo(Outcome.PASSING);
  }

  @Test
  void aWaivedRuleDoesNotLiftAnEntityThatStillMissesTheLevel() {
    assertThat(
            Target.level("Silver")
                .outcome(
                    result("Bronze", waived("a", "Bronze"), rule("b", "Silver", false)), LEVELS))
        .isEqualTo(Outcome.FAILING);
  }

  @Test
  void namedRulesAllPassedPassSomeWaivedAreWaivedAnyFailingFails() {
    Target rules = Target.rules(Set.of("a", "b"));
    assertThat(
            rules.outcome(
                result("Bronze", rule("a", "Bronze", true), rule("b", "Gold", true)), LEVELS))
        .isEqualTo(Outcome.PASSING);
    assertThat(
            rules.outcome(result("Bronze", rule("a", "Bronze", true), waived("b", "Gold")), LEVELS))
        .isEqualTo(Outcome.WAIVED);
    assertThat(rules.outcome(result("Bronze", waived("a", "Bronze"), waived("b", "Gold")), LEVELS))
        .isEqualTo(Outcome.WAIVED);
    assertThat(
            rules.outcome(
                result("Bronze", waived("a", "Bronze"), rule("b", "Gold", false)), LEVELS))
        .isEqualTo(Outcome.FAILING);
    // A rule the result does not hold is not passed.
    assertThat(rules.outcome(result("Bronze", waived("a", "Bronze")), LEVELS))
        .isEqualTo(Outcome.FAILING);
    // A waived rule that is not named does not matter.
    assertThat(
            rules.outcome(
                result(
                    "Bronze",
                    rule("a", "Bronze", true),
                    rule("b", "Gold", true),
                    waived("c", "Bronze")),
                LEVELS))
        .isEqualTo(Outcome.PASSING);
  }
}
