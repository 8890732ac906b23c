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

  private static dev.portolan.model.Action run(String phase) {
    dev.portolan.model.Action run = new dev.portolan.model.Action();
    run.setStatus(new dev.portolan.model.ActionStatus());
    run.getStatus().phase = phase;
    return run;
  }

  @Test
  void countsTheRunsWaitingForAnApproverAtEachScrape() {
    java.util.List<dev.portolan.model.Action> runs = new java.util.ArrayList<>();
    ActionMetrics withRuns =
        new ActionMetrics(
            registry, definition -> definition.equals("restart") ? runs : java.util.List.of());
    ActionDefinition restart = ActionDefinitionCompilerTest.definition("restart");
    withRuns.actionDefinitionChanged(null, restart);
    assertThat(registry.scrape())
        .contains("portolan_actions_waiting_approval{definition=\"restart\"} 0.0\n");
    runs.add(run(ActionPhases.WAITING_FOR_APPROVAL));
    runs.add(run(ActionPhases.WAITING_FOR_APPROVAL));
    runs.add(run(ActionPhases.RUNNING));
    runs.add(new dev.portolan.model.Action()); // no status yet
    assertThat(registry.scrape())
        .contains("portolan_actions_waiting_approval{definition=\"restart\"} 2.0\n");
    withRuns.actionDefinitionChanged(restart, null);
    assertThat(registry.scrape()).doesNotContain("portolan_actions_waiting_approval{");
  }
}
