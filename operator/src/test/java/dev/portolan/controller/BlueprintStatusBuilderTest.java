package dev.portolan.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.portolan.catalog.BlueprintChecker;
import dev.portolan.discovery.DiscoveryReports;
import dev.portolan.kit.Conditions;
import dev.portolan.kit.JsonEquality;
import dev.portolan.kit.Problem;
import dev.portolan.model.BlueprintStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlueprintStatusBuilderTest {
  private final BlueprintStatusBuilder builder =
      new BlueprintStatusBuilder(new Conditions(Clock.systemUTC()));

  private static final Problem SCHEMA =
      Problem.at("InvalidSchema", "spec.properties.replicas.minimum", "must be a number");
  private static final Problem TARGET =
      Problem.at(
          "UnknownRelationTarget",
          "spec.relations.system.target",
          "blueprint 'sys' does not exist");
  private static final Problem KIND =
      Problem.at("KindNotServed", "spec.discovery[0].resource", "the API server does not serve x");

  private static BlueprintChecker.Result check(Problem... problems) {
    return new BlueprintChecker.Result(List.of(problems), Map.of());
  }

  @Test
  void theReadyProblemsAreListedWithTheirFieldsBesideTheCondition() {
    BlueprintStatus status = builder.build(null, check(SCHEMA, TARGET), 3, 2L);
    var ready = Conditions.find(status.conditions, BlueprintStatusBuilder.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("MultipleProblems");
    assertThat(ready.getMessage()).isEqualTo(SCHEMA.message() + "; " + TARGET.message());
    assertThat(status.problems)
        .extracting(p -> p.field, p -> p.message, p -> p.reason)
        .containsExactly(
            tuple("spec.properties.replicas.minimum", SCHEMA.message(), "InvalidSchema"),
            tuple("spec.relations.system.target", TARGET.message(), "UnknownRelationTarget"));
    assertThat(builder.build(null, check(), 3, 2L).problems).isEmpty();
  }

  @Test
  void discoveryProblemsFollowAndStayWhileDiscoveryHasNotReportedYet() {
    var report = new DiscoveryReports.Report(1, List.of(), List.of(KIND));
    BlueprintStatus first = builder.build(null, check(SCHEMA), 0, 1L, true, report, 0);
    var discovery =
        Conditions.find(first.conditions, BlueprintStatusBuilder.DISCOVERY).orElseThrow();
    assertThat(discovery.getReason()).isEqualTo("KindNotServed");
    assertThat(first.problems)
        .extracting(p -> p.field)
        .containsExactly("spec.properties.replicas.minimum", "spec.discovery[0].resource");

    // After a restart discovery has not looked yet: its condition and its problems stay, so the
    // status is the same and is not rewritten; Ready's problems are the check's.
    BlueprintStatus restarted = builder.build(first, check(SCHEMA), 0, 1L, true, null, 0);
    assertThat(JsonEquality.same(first, restarted)).isTrue();
    BlueprintStatus fixed = builder.build(first, check(), 0, 1L, true, null, 0);
    assertThat(fixed.problems)
        .extracting(p -> p.field)
        .containsExactly("spec.discovery[0].resource");
  }
}
