package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.portolan.kit.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionOutcomeTest {
  @Test
  void aRunThatBecomesAnotherPhaseKeepsItsJobTimesAndOutputs() {
    ActionOutcome done =
        ActionOutcome.of(ActionPhases.SUCCEEDED, "JobSucceeded", "the Job succeeded")
            .withJob("restart-x", "2026-01-01T00:00:00Z")
            .finishedAt("2026-01-01T00:01:00Z")
            .withOutputs(Map.of("url", TextNode.valueOf("https://x")));
    ActionOutcome failed = done.becomes(ActionPhases.FAILED, "InvalidOutputs", "no entity made");
    assertThat(failed)
        .isEqualTo(
            new ActionOutcome(
                ActionPhases.FAILED,
                "InvalidOutputs",
                "no entity made",
                "restart-x",
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:01:00Z",
                Map.of("url", TextNode.valueOf("https://x")),
                List.of()));
    assertThat(failed.warning()).isTrue();
  }

  @Test
  void onlyARefusalCarriesProblems() {
    ActionOutcome refused =
        ActionOutcome.refused(List.of(Problem.at("InvalidInputs", "spec.inputs.replicas", "is 0")));
    assertThat(refused.problems()).hasSize(1);
    assertThat(refused.phase()).isEqualTo(ActionPhases.FAILED);
    assertThat(refused.becomes(ActionPhases.FAILED, "Other", "m").problems()).isEmpty();
  }
}
