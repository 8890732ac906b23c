package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileFailuresTest {
  private final ReconcileFailures failures =
      new ReconcileFailures(
          new Conditions(Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC)));
  private final Condition ready =
      new ConditionBuilder()
          .withType("Ready")
          .withStatus("True")
          .withReason("Valid")
          .withMessage("all good")
          .build();

  @Test
  void aFailedReconcileIsAConditionThatNamesTheFailureBesideTheOthers() {
    List<Condition> conditions =
        failures.with(
            List.of(ready), new IllegalStateException("the index has no blueprint 'service'"), 3L);

    assertThat(conditions).hasSize(2);
    assertThat(conditions.get(0)).isEqualTo(ready);
    Condition failed = conditions.get(1);
    assertThat(failed.getType()).isEqualTo("ReconcileFailed");
    assertThat(failed.getStatus()).isEqualTo("True");
    assertThat(failed.getReason()).isEqualTo("IllegalStateException");
    assertThat(failed.getMessage())
        .isEqualTo(
            "The operator could not reconcile this resource and retries with backoff: the index has no blueprint 'service'");
    assertThat(failed.getObservedGeneration()).isEqualTo(3L);
    assertThat(failed.getLastTransitionTime()).isEqualTo("2026-12-02T00:00:00Z");
  }

  @Test
  void aSecondFailureReplacesTheFirstAndWithoutRemovesIt() {
    List<Condition> once =
        failures.with(null, new KubernetesClientException("connection refused"), 1L);
    List<Condition> twice = failures.with(once, new KubernetesClientException("timed out"), 1L);

    assertThat(twice).extracting(Condition::getType).containsExactly("ReconcileFailed");
    assertThat(twice.get(0).getReason()).isEqualTo("KubernetesClientException");
    assertThat(twice.get(0).getMessage()).endsWith(": timed out");
    assertThat(ReconcileFailures.without(twice)).isEmpty();
    assertThat(ReconcileFailures.without(List.of(ready, twice.get(0)))).containsExactly(ready);
  }
}
