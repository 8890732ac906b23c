package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problem;
import dev.portolan.model.ScorecardStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardStatusBuilderTest {
  private static final ScorecardTally EMPTY =
      new ScorecardTally(0, Map.of("None", 0, "Bronze", 0), List.of(), 0);

  private static ScorecardStatusBuilder at(String instant) {
    Clock clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    return new ScorecardStatusBuilder(new Conditions(clock), clock);
  }

  private static Condition ready(ScorecardStatus status) {
    return Conditions.find(status.conditions, "Ready").orElseThrow();
  }

  @Test
  void aValidScorecardIsReadyWithItsAggregate() {
    ScorecardTally tally = new ScorecardTally(3, Map.of("None", 1, "Bronze", 2), List.of(), 1);
    ScorecardStatus status = at("2025-01-01T00:00:00Z").build(null, List.of(), tally, 4L);
    assertThat(status.observedGeneration).isEqualTo(4L);
    assertThat(status.entities).isEqualTo(3);
    assertThat(status.levels).isEqualTo(Map.of("None", 1, "Bronze", 2));
    assertThat(status.waived).as("entities with a rule waived").isEqualTo(1);
    Condition ready = ready(status);
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Valid");
    assertThat(ready.getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void problemsMakeItNotReadyAndNameEachOne() {
    ScorecardStatus status =
        at("2025-01-01T00:00:00Z")
            .build(
                null,
                List.of(
                    Problem.at(
                        "BlueprintNotFound",
                        "spec.blueprint",
                        "blueprint 'workload' does not exist; create it or use one of: service"),
                    new Problem(
                        "InvalidExpression",
                        "spec.rules[0].expression",
                        "spec.rules[0].expression (rule 'r'): returns string but must return boolean")),
                EMPTY,
                1L);
    Condition ready = ready(status);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("MultipleProblems");
    assertThat(ready.getMessage())
        .isEqualTo(
            "spec.blueprint: blueprint 'workload' does not exist; create it or use one of: service; "
                + "spec.rules[0].expression (rule 'r'): returns string but must return boolean; "
                + "no entity is graded until this is fixed");
    assertThat(status.problems)
        .extracting(p -> p.field, p -> p.reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("spec.blueprint", "BlueprintNotFound"),
            org.assertj.core.groups.Tuple.tuple("spec.rules[0].expression", "InvalidExpression"));
    assertThat(status.problems.get(1).message)
        .isEqualTo("spec.rules[0].expression (rule 'r'): returns string but must return boolean");
    ScorecardStatus single =
        at("2025-01-01T00:00:00Z")
            .build(
                null,
                List.of(
                    Problem.at("InvalidLevels", "spec.levels", "'Gold' is listed more than once")),
                EMPTY,
                1L);
    assertThat(ready(single).getReason()).isEqualTo("InvalidLevels");
    assertThat(at("2025-01-01T00:00:00Z").build(null, List.of(), EMPTY, 1L).problems).isEmpty();
  }

  @Test
  void theTransitionTimeMovesOnlyWithTheConditionsStatus() {
    ScorecardStatus first = at("2025-01-01T00:00:00Z").build(null, List.of(), EMPTY, 1L);
    ScorecardStatus same = at("2025-02-01T00:00:00Z").build(first, List.of(), EMPTY, 2L);
    assertThat(ready(same).getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    ScorecardStatus broken =
        at("2025-03-01T00:00:00Z")
            .build(
                same, List.of(Problem.at("InvalidLevels", "spec.levels", "is empty")), EMPTY, 3L);
    assertThat(ready(broken).getLastTransitionTime()).isEqualTo("2025-03-01T00:00:00Z");
  }

  @Test
  void theHistoryKeepsEarlierDaysAndFollowsTodaysCounts() {
    ScorecardTally monday = new ScorecardTally(3, Map.of("None", 1, "Bronze", 2), List.of(), 0);
    ScorecardStatus first = at("2025-01-06T23:59:00Z").build(null, List.of(), monday, 1L);
    assertThat(first.history).extracting(p -> p.date).containsExactly("2025-01-06");
    ScorecardTally tuesday = new ScorecardTally(3, Map.of("None", 0, "Bronze", 3), List.of(), 0);
    ScorecardStatus second = at("2025-01-07T00:00:01Z").build(first, List.of(), tuesday, 1L);
    assertThat(second.history).extracting(p -> p.date).containsExactly("2025-01-06", "2025-01-07");
    assertThat(second.history.get(0).levels).containsEntry("Bronze", 2);
    assertThat(second.history.get(1).levels).containsEntry("Bronze", 3);
  }
}
