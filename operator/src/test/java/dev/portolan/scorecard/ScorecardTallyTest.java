package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorecardTallyTest {
  private static final Scorecard READINESS =
      Fixtures.scorecard(
          """
      metadata: {name: readiness}
      spec:
        blueprint: service
        levels: [Bronze, Silver, Gold]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
          - {name: ha, level: Silver, expression: "entity.properties.replicas >= 2"}
      """);

  private static Entity graded(String name, String results) {
    return Fixtures.entity(
        "metadata: {name: "
            + name
            + ", namespace: default}\nspec: {blueprint: service}\n"
            + "status:\n  scorecards:\n"
            + results.indent(4));
  }

  @Test
  void countsLevelsAndRulesOfTheGradedEntitiesOnly() {
    List<Entity> entities =
        List.of(
            graded(
                "a",
                """
            readiness:
              level: Silver
              rules: [{name: has-owner, level: Bronze, passed: true}, {name: ha, level: Silver, passed: true}]
            """),
            graded(
                "b",
                """
            readiness:
              level: Bronze
              rules: [{name: has-owner, level: Bronze, passed: true}, {name: ha, level: Silver, passed: false, error: "no such key"}]
            """),
            graded(
                "c",
                """
            other:
              level: Gold
              rules: [{name: x, level: Gold, passed: true}]
            """),
            Fixtures.entity("metadata: {name: d, namespace: default}\nspec: {blueprint: service}"));
    ScorecardTally tally = ScorecardTally.of("readiness", READINESS.getSpec(), entities);
    assertThat(tally.entities()).isEqualTo(2);
    assertThat(tally.levels())
        .containsExactly(
            java.util.Map.entry("None", 0), java.util.Map.entry("Bronze", 1),
            java.util.Map.entry("Silver", 1), java.util.Map.entry("Gold", 0));
    assertThat(tally.rules())
        .extracting(r -> r.name + ":" + r.passed + "/" + r.failed)
        .containsExactly("has-owner:2/0", "ha:1/1");
  }

  @Test
  void everyLevelAndRuleIsPresentWhenNothingIsGraded() {
    ScorecardTally tally = ScorecardTally.of("readiness", READINESS.getSpec(), List.of());
    assertThat(tally.entities()).isZero();
    assertThat(tally.levels())
        .containsOnlyKeys("None", "Bronze", "Silver", "Gold")
        .allSatisfy((k, v) -> assertThat(v).isZero());
    assertThat(tally.rules())
        .extracting(r -> r.name + ":" + r.passed + "/" + r.failed)
        .containsExactly("has-owner:0/0", "ha:0/0");
  }
}
