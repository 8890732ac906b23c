package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.Action;
import dev.portolan.model.ActionStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which finished runs of a definition the history prune deletes. */
class RunHistoryPrunerTest {
  private static Action run(String name, String definition, String phase, String completed) {
    Action action =
        Serialization.unmarshal(
            """
            apiVersion: portolan.dev/v1alpha1
            kind: Action
            metadata: {name: %s, namespace: team-a, creationTimestamp: "2026-12-01T00:00:00Z"}
            spec: {definition: %s}
            """
                .formatted(name, definition),
            Action.class);
    if (phase != null) {
      action.setStatus(new ActionStatus());
      action.getStatus().phase = phase;
      action.getStatus().completionTime = completed;
    }
    return action;
  }

  @Test
  void theRunsBeyondKeepAreTheOldestFinishedOnesOfTheDefinition() {
    Action oldest = run("a", "restart", ActionPhases.SUCCEEDED, "2026-12-01T01:00:00Z");
    Action middle = run("b", "restart", ActionPhases.FAILED, "2026-12-01T02:00:00Z");
    Action newest = run("c", "restart", ActionPhases.REJECTED, "2026-12-01T03:00:00Z");
    Action unfinished = run("d", "restart", ActionPhases.RUNNING, null);
    Action fresh = run("e", "restart", null, null);
    Action otherDefinition = run("f", "scaffold", ActionPhases.SUCCEEDED, "2026-11-01T00:00:00Z");
    Action deleting = run("g", "restart", ActionPhases.SUCCEEDED, "2026-11-01T00:00:00Z");
    deleting.getMetadata().setDeletionTimestamp("2026-12-02T00:00:00Z");

    assertThat(
            RunHistoryPruner.beyondKeep(
                "restart",
                1,
                Stream.of(middle, oldest, unfinished, fresh, otherDefinition, deleting, newest)))
        .containsExactly(middle, oldest);
    assertThat(RunHistoryPruner.beyondKeep("restart", 3, Stream.of(oldest, middle, newest)))
        .isEmpty();
    assertThat(RunHistoryPruner.beyondKeep("restart", 0, Stream.of(oldest, newest)))
        .containsExactly(newest, oldest);
  }

  @Test
  void aRunWithoutACompletionTimeCountsAsFinishedWhenItWasCreatedAndTiesGoByName() {
    Action undated = run("z", "restart", ActionPhases.FAILED, null);
    Action later = run("y", "restart", ActionPhases.FAILED, "2026-12-01T05:00:00Z");
    Action tieA = run("a", "restart", ActionPhases.FAILED, "2026-12-01T05:00:00Z");
    assertThat(RunHistoryPruner.beyondKeep("restart", 1, Stream.of(undated, tieA, later)))
        .containsExactly(tieA, undated);
  }
}
