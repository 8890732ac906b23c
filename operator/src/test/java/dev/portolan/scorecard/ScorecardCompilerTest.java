package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Problem;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardCompilerTest {
  private final ScorecardCompiler compiler = new ScorecardCompiler(new CelEngine());

  private static Scorecard scorecard(String spec) {
    return Fixtures.scorecard("metadata: {name: readiness, uid: u1}\nspec:\n" + spec.indent(2));
  }

  private static List<String> messages(CompiledScorecard compiled) {
    return compiled.problems().stream().map(Problem::message).toList();
  }

  private static Map<String, Object> variables(Map<String, Object> properties) {
    return Map.of(
        "entity",
        Map.of("name", "payments", "owner", "payments", "properties", properties),
        "source",
        Map.of());
  }

  @Test
  void compilesOncePerGenerationAndAfreshOnceTheIndexSawItDeleted() {
    Scorecard readiness =
        scorecard(
            """
        blueprint: service
        levels: [Bronze]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
        """);
    CompiledScorecard first = compiler.compile(readiness);
    assertThat(compiler.compile(readiness)).isSameAs(first);
    compiler.scorecardChanged(readiness, readiness);
    assertThat(compiler.compile(readiness)).as("kept across an update").isSameAs(first);
    compiler.scorecardChanged(readiness, null);
    assertThat(compiler.compile(readiness)).as("forgotten once deleted").isNotSameAs(first);
  }

  @Test
  void aValidScorecardCompilesEveryRule() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        filter: "entity.properties.tier != 'experimental'"
        levels: [Bronze, Silver]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
          - {name: ha, level: Silver, expression: "entity.properties.replicas >= 2"}
        """));
    assertThat(compiled.problems()).isEmpty();
    assertThat(compiled.blueprint()).isEqualTo("service");
    assertThat(compiled.rules())
        .extracting(CompiledScorecard.Rule::name)
        .containsExactly("has-owner", "ha");
  }

  @Test
  void aRuleThatDoesNotParseIsNamedWithItsLineAndColumn() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        levels: [Bronze]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
          - {name: ha, level: Bronze, expression: "entity.properties.replicas >="}
        """));
    assertThat(compiled.valid()).isFalse();
    assertThat(compiled.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.reason()).isEqualTo("InvalidExpression");
              assertThat(problem.message())
                  .startsWith("spec.rules[1].expression (rule 'ha'): line 1, column 30: ");
            });
  }

  @Test
  void aRuleOnASecondLineIsPlacedOnIt() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        levels: [Bronze]
        rules:
          - name: multi
            level: Bronze
            expression: |-
              entity.owner != '' &&
                entity.propertie.replicas > 1 +
        """));
    assertThat(messages(compiled))
        .singleElement()
        .asString()
        .startsWith("spec.rules[0].expression (rule 'multi'): line 2, column ");
  }

  @Test
  void aRuleThatReadsAnUnknownVariableIsRejected() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        levels: [Bronze]
        rules: [{name: r, level: Bronze, expression: "object.spec.replicas > 1"}]
        """));
    assertThat(messages(compiled))
        .singleElement()
        .asString()
        .startsWith("spec.rules[0].expression (rule 'r'): line 1, column 1: ")
        .contains("undeclared reference to 'object'");
  }

  @Test
  void aRuleThatDoesNotReturnABooleanIsRejectedAtCompileTime() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        levels: [Bronze]
        rules: [{name: owner, level: Bronze, expression: "entity.owner + '!'"}]
        """));
    assertThat(compiled.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.reason()).isEqualTo("InvalidExpression");
              assertThat(problem.message())
                  .isEqualTo(
                      "spec.rules[0].expression (rule 'owner'): returns string but must return boolean");
            });
  }

  @Test
  void aRuleWhoseTypeIsKnownOnlyAtRunTimeFailsThatEntityWithTheError() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        levels: [Bronze]
        rules:
          - {name: replicas, level: Bronze, expression: "entity.properties.replicas"}
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
        """));
    assertThat(compiled.problems()).isEmpty();
    ScorecardResult result = compiled.grade(variables(Map.of("replicas", 3L))).orElseThrow();
    assertThat(result.level).isEqualTo("None");
    assertThat(result.rules.get(0).passed).isFalse();
    assertThat(result.rules.get(0).error).isEqualTo("returned integer but must return boolean");
    assertThat(result.rules.get(1).passed).isTrue();
    assertThat(result.rules.get(1).error).isNull();
  }

  @Test
  void aFilterThatDoesNotCompileIsReported() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        filter: "entity.properties.tier ="
        levels: [Bronze]
        rules: [{name: r, level: Bronze, expression: "true"}]
        """));
    assertThat(messages(compiled))
        .singleElement()
        .asString()
        .startsWith("spec.filter: line 1, column ");
  }

  @Test
  void aFilterMustReturnABoolean() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        filter: "entity.name + '-svc'"
        levels: [Bronze]
        rules: [{name: r, level: Bronze, expression: "true"}]
        """));
    assertThat(messages(compiled))
        .containsExactly("spec.filter: returns string but must return boolean");
  }

  @Test
  void repeatedLevelsAndTheReservedNoneAreReported() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        levels: [Bronze, Silver, Bronze, None]
        rules: [{name: r, level: Bronze, expression: "true"}]
        """));
    assertThat(compiled.problems()).extracting(Problem::reason).containsOnly("InvalidLevels");
    assertThat(messages(compiled))
        .containsExactly(
            "spec.levels: 'Bronze' is listed more than once; list each level once, lowest first",
            "spec.levels: 'None' is the level of entities below the first level; give your level another name");
  }

  @Test
  void repeatsTheSchemasRuleChecksForServersThatDoNotEnforceThem() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        levels: [Bronze, Silver]
        rules:
          - {name: r, level: Bronze, expression: "true"}
          - {name: r, level: Platinum, expression: "true"}
        """));
    assertThat(messages(compiled))
        .containsExactly(
            "spec.rules[1].name: 'r' is the name of an earlier rule; give each rule its own name",
            "spec.rules[1].level (rule 'r'): 'Platinum' is not one of spec.levels; use one of: Bronze, Silver");
  }

  @Test
  void theFilterDecidesWhichEntitiesAreGraded() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        filter: "entity.properties.tier != 'experimental'"
        levels: [Bronze]
        rules: [{name: has-owner, level: Bronze, expression: "entity.owner != ''"}]
        """));
    assertThat(compiled.grade(variables(Map.of("tier", "experimental")))).isEmpty();
    assertThat(compiled.grade(variables(Map.of("tier", "backend"))))
        .hasValueSatisfying(result -> assertThat(result.level).isEqualTo("Bronze"));
    // A filter that cannot be evaluated for an entity (no tier) leaves it out too.
    assertThat(compiled.grade(variables(Map.of()))).isEmpty();
  }

  @Test
  void aRuleThatFailsAtRunTimeCountsAsFailedAndTheOthersStillRun() {
    CompiledScorecard compiled =
        compiler.compile(
            scorecard(
                """
        blueprint: service
        levels: [Bronze, Silver, Gold]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
          - {name: oncall, level: Silver, expression: "entity.properties.oncall.endsWith('@example.com')"}
          - {name: ha, level: Gold, expression: "entity.properties.replicas >= 2"}
        """));
    ScorecardResult result = compiled.grade(variables(Map.of("replicas", 3L))).orElseThrow();
    assertThat(result.level).isEqualTo("Bronze");
    assertThat(result.rules)
        .extracting(r -> r.name + "=" + r.passed)
        .containsExactly("has-owner=true", "oncall=false", "ha=true");
    assertThat(result.rules.get(1).error).contains("oncall");
    assertThat(result.rules.get(1).level).isEqualTo("Silver");
  }

  @Test
  void compilesOncePerGeneration() {
    Scorecard first =
        scorecard(
            """
        blueprint: service
        levels: [Bronze]
        rules: [{name: r, level: Bronze, expression: "true"}]
        """);
    CompiledScorecard compiled = compiler.compile(first);
    assertThat(compiler.compile(first)).isSameAs(compiled);
    Scorecard changed =
        scorecard(
            """
        blueprint: service
        levels: [Bronze]
        rules: [{name: r, level: Bronze, expression: "false"}]
        """);
    changed.getMetadata().setGeneration(2L);
    CompiledScorecard recompiled = compiler.compile(changed);
    assertThat(recompiled).isNotSameAs(compiled);
    assertThat(recompiled.grade(variables(Map.of())).orElseThrow().level).isEqualTo("None");
    compiler.forget("readiness");
    assertThat(compiler.compile(changed)).isNotSameAs(recompiled);
  }
}
