package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.ConditionedStatus;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  private record Entry(String field, String message, String reason) {}

  private static final Problem REPLICAS =
      Problem.at("InvalidProperties", "spec.properties.replicas", "must be at least 0 (got -2)");
  private static final Problem LANGUAGE =
      Problem.at("InvalidProperties", "spec.properties.language", "must be one of java, go");
  private static final Problem OWNER =
      Problem.at("MissingRelation", "spec.relations.owner", "is required by blueprint 'service'");

  @Test
  void aProblemAtAFieldNamesItInItsMessageAndGivesItsDetailWithoutIt() {
    assertThat(REPLICAS.field()).isEqualTo("spec.properties.replicas");
    assertThat(REPLICAS.message())
        .isEqualTo("spec.properties.replicas: must be at least 0 (got -2)");
    assertThat(REPLICAS.detail()).isEqualTo("must be at least 0 (got -2)");
    Problem whole = Problem.of("NotAllowed", "requester mallory may not run restart-service");
    assertThat(whole.field()).isNull();
    assertThat(whole.detail()).isEqualTo("requester mallory may not run restart-service");
    // A message that does not start with its field is shown whole.
    assertThat(new Problem("X", "spec.rules[0].name", "rule 'a' repeats").detail())
        .isEqualTo("rule 'a' repeats");
  }

  @Test
  void theReasonIsTheOneTheProblemsShareOrMultipleProblems() {
    assertThat(Problems.reason(List.of(), "Valid")).isEqualTo("Valid");
    assertThat(Problems.reason(List.of(REPLICAS, LANGUAGE), "Valid"))
        .isEqualTo("InvalidProperties");
    assertThat(Problems.reason(List.of(REPLICAS, OWNER), "Valid")).isEqualTo("MultipleProblems");
  }

  @Test
  void theMessageJoinsThemAndTheListKeepsEachWithItsField() {
    List<Problem> problems = List.of(REPLICAS, OWNER);
    assertThat(Problems.message(problems))
        .isEqualTo(
            "spec.properties.replicas: must be at least 0 (got -2); "
                + "spec.relations.owner: is required by blueprint 'service'");
    assertThat(Problems.listed(problems, Entry::new))
        .containsExactly(
            new Entry("spec.properties.replicas", REPLICAS.message(), "InvalidProperties"),
            new Entry("spec.relations.owner", OWNER.message(), "MissingRelation"));
  }

  @Test
  void beyondFiftyTheListStopsAndTheMessageCountsTheRest() {
    List<Problem> many =
        IntStream.range(0, 60)
            .mapToObj(i -> Problem.at("InvalidRelation", "spec.relations.r" + i, "is wrong"))
            .toList();
    List<Entry> listed = Problems.listed(many, Entry::new);
    assertThat(listed).hasSize(50);
    assertThat(listed.get(49).field()).isEqualTo("spec.relations.r49");
    assertThat(Problems.message(many))
        .endsWith("spec.relations.r49: is wrong; and 10 more")
        .doesNotContain("r50");
    assertThat(Problems.message(many.subList(0, 50))).endsWith("spec.relations.r49: is wrong");
  }

  @Test
  void theCrdBoundsTheListAtTheSameNumber() throws Exception {
    Size size = ConditionedStatus.class.getField("problems").getAnnotation(Size.class);
    assertThat(size.max()).isEqualTo(Messages.MAX_ITEMS);
  }

  @Test
  void timestampsAreToTheSecondInUtc() {
    var clock =
        java.time.Clock.fixed(
            java.time.Instant.parse("2026-03-04T05:06:07.891Z"), java.time.ZoneOffset.UTC);
    assertThat(Timestamps.now(clock)).isEqualTo("2026-03-04T05:06:07Z");
  }
}
