package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.ActionDefinition;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class ActionMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ActionMetrics metrics = new ActionMetrics(registry);

  @Test
  void aDefinitionTheIndexSawAddedHasEveryPhaseAtZeroUntilItIsDeleted() {
    ActionDefinition restart = ActionDefinitionCompilerTest.definition("restart");
    ActionDefinition scale = ActionDefinitionCompilerTest.definition("scale");
    metrics.actionDefinitionChanged(null, restart);
    metrics.actionDefinitionChanged(null, scale);
    metrics.actionDefinitionChanged(restart, restart);
    assertThat(registry.scrape())
        .contains(
            "portolan_action_runs_total{definition=\"restart\",phase=\"Pending\"} 0.0\n",
            "portolan_action_runs_total{definition=\"restart\",phase=\"Rejected\"} 0.0\n");
    metrics.actionDefinitionChanged(restart, null);
    assertThat(registry.scrape())
        .doesNotContain("definition=\"restart\"")
        .contains("portolan_action_runs_total{definition=\"scale\",phase=\"Pending\"} 0.0\n");
  }
}
