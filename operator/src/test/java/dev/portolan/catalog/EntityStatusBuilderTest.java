package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problem;
import dev.portolan.model.EntityStatus;
import dev.portolan.model.EntityStatus.ScorecardResult;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityStatusBuilderTest {
  private final EntityStatusBuilder builder =
      new EntityStatusBuilder(new Conditions(Clock.systemUTC()));
  private static final EntityEvaluator.Evaluation VALID =
      new EntityEvaluator.Evaluation(
          List.of(), "Valid", true, Map.of(), Map.of(), List.of(), Map.of());

  private static ScorecardResult result(String level) {
    ScorecardResult result = new ScorecardResult();
    result.level = level;
    return result;
  }

  @Test
  void theGradesReplaceTheScorecardResultsAndTheSourceIsTheOneGiven() {
    EntityStatus current = new EntityStatus();
    current.scorecards.put("deleted", result("Gold"));
    current.scorecards.put("readiness", result("Bronze"));
    current.source = new EntityStatus.Source();
    current.source.kind = "StatefulSet";
    EntityStatus.Source source = new EntityStatus.Source();
    source.kind = "Deployment";

    EntityStatus built =
        builder.build(current, VALID, Map.of("readiness", result("Silver")), 2L, source);

    assertThat(built.scorecards).containsOnlyKeys("readiness");
    assertThat(built.scorecards.get("readiness").level).isEqualTo("Silver");
    assertThat(built.source.kind).isEqualTo("Deployment");
    assertThat(built.observedGeneration).isEqualTo(2L);
    // An entity that is not (or no longer) discovered shows no source, whatever its status said.
    assertThat(builder.build(current, VALID, Map.of(), 2L, null).source).isNull();
  }

  @Test
  void aLevelKeepsItsPreviousLevelAndSinceWhileItStaysAndMovesThemWhenItChanges() {
    java.time.Instant t0 = java.time.Instant.parse("2026-12-02T10:00:00Z");
    EntityStatusBuilder at0 =
        new EntityStatusBuilder(
            new Conditions(Clock.systemUTC()), Clock.fixed(t0, java.time.ZoneOffset.UTC));
    EntityStatusBuilder at1 =
        new EntityStatusBuilder(
            new Conditions(Clock.systemUTC()),
            Clock.fixed(t0.plusSeconds(60), java.time.ZoneOffset.UTC));

    EntityStatus first = at0.build(null, VALID, Map.of("readiness", result("Bronze")), 1L, null);
    assertThat(first.scorecards.get("readiness"))
        .extracting(r -> r.level, r -> r.previousLevel, r -> r.levelSince)
        .containsExactly("Bronze", "", "2026-12-02T10:00:00Z");

    EntityStatus same = at1.build(first, VALID, Map.of("readiness", result("Bronze")), 1L, null);
    assertThat(same.scorecards.get("readiness").levelSince).isEqualTo("2026-12-02T10:00:00Z");

    EntityStatus dropped = at1.build(same, VALID, Map.of("readiness", result("None")), 1L, null);
    assertThat(dropped.scorecards.get("readiness"))
        .extracting(r -> r.level, r -> r.previousLevel, r -> r.levelSince)
        .containsExactly("None", "Bronze", "2026-12-02T10:01:00Z");

    EntityStatus legacy = new EntityStatus();
    legacy.scorecards.put("readiness", result("Gold"));
    assertThat(
            at1.build(legacy, VALID, Map.of("readiness", result("Gold")), 1L, null)
                .scorecards
                .get("readiness")
                .levelSince)
        .as("a level graded before the history was kept gets none until it moves")
        .isNull();
  }

  @Test
  void noGradesLeaveNoScorecardResults() {
    EntityStatus current = new EntityStatus();
    current.scorecards.put("readiness", result("Bronze"));
    assertThat(builder.build(current, VALID, Map.of(), 1L, null).scorecards).isEmpty();
  }

  @Test
  void anInvalidEntityListsEachProblemWithItsFieldBesideTheValidCondition() {
    List<Problem> problems =
        List.of(
            Problem.at("InvalidProperties", "spec.properties.replicas", "must be at least 0"),
            Problem.at("MissingRelation", "spec.relations.system", "is required"));
    var invalid =
        new EntityEvaluator.Evaluation(
            problems, "MultipleProblems", true, Map.of(), Map.of(), List.of(), Map.of());
    EntityStatus built = builder.build(null, invalid, Map.of(), 1L, null);
    var valid = Conditions.find(built.conditions, EntityStatusBuilder.VALID).orElseThrow();
    assertThat(valid.getMessage())
        .isEqualTo(
            "spec.properties.replicas: must be at least 0; spec.relations.system: is required");
    assertThat(built.problems)
        .extracting(p -> p.field, p -> p.message, p -> p.reason)
        .containsExactly(
            tuple(
                "spec.properties.replicas",
                "spec.properties.replicas: must be at least 0",
                "InvalidProperties"),
            tuple(
                "spec.relations.system", "spec.relations.system: is required", "MissingRelation"));
    // Fixed, the list goes: the status holds no problems at all.
    assertThat(builder.build(built, VALID, Map.of(), 2L, null).problems).isEmpty();
  }
}
