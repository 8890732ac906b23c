package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.EntityStatus.RuleResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelsTest {
  private static final List<String> LEVELS = List.of("Bronze", "Silver", "Gold");

  private static RuleResult rule(String level, boolean passed) {
    RuleResult result = new RuleResult();
    result.name = level.toLowerCase() + "-" + passed;
    result.level = level;
    result.passed = passed;
    return result;
  }

  private static RuleResult error(String level) {
    RuleResult result = rule(level, false);
    result.error = "no such key: oncall";
    return result;
  }

  @Test
  void passingEveryRuleReachesTheTopLevel() {
    assertThat(
            Levels.reached(
                LEVELS, List.of(rule("Bronze", true), rule("Silver", true), rule("Gold", true))))
        .isEqualTo("Gold");
  }

  @Test
  void aFailingRuleCapsTheLevelBelowItsOwn() {
    assertThat(
            Levels.reached(
                LEVELS, List.of(rule("Bronze", true), rule("Silver", false), rule("Gold", true))))
        .isEqualTo("Bronze");
    assertThat(
            Levels.reached(
                LEVELS, List.of(rule("Bronze", true), rule("Silver", true), rule("Gold", false))))
        .isEqualTo("Silver");
  }

  @Test
  void failingTheFirstLevelIsNoneWhateverPassesAbove() {
    assertThat(
            Levels.reached(
                LEVELS, List.of(rule("Bronze", false), rule("Silver", true), rule("Gold", true))))
        .isEqualTo(Levels.NONE);
  }

  @Test
  void aRuleThatErroredCountsAsFailed() {
    assertThat(
            Levels.reached(
                LEVELS, List.of(rule("Bronze", true), error("Silver"), rule("Gold", true))))
        .isEqualTo("Bronze");
  }

  @Test
  void aLevelWithoutRulesIsReachedWithTheLevelsBelowIt() {
    // No Silver rules: passing Bronze reaches Silver; Gold still needs its own rules.
    assertThat(Levels.reached(LEVELS, List.of(rule("Bronze", true), rule("Gold", false))))
        .isEqualTo("Silver");
    assertThat(Levels.reached(LEVELS, List.of(rule("Bronze", true), rule("Gold", true))))
        .isEqualTo("Gold");
    // No rules at the top level: reached once everything below passes.
    assertThat(Levels.reached(LEVELS, List.of(rule("Bronze", true), rule("Silver", true))))
        .isEqualTo("Gold");
  }

  @Test
  void severalFailuresCapAtTheLowestOne() {
    assertThat(
            Levels.reached(
                LEVELS, List.of(rule("Gold", false), rule("Silver", false), rule("Bronze", true))))
        .isEqualTo("Bronze");
  }
}
