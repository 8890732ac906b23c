package dev.portolan.action;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts Action runs entering each phase, by definition: {@code portolan_action_runs_total{definition,phase}}. */
public final class ActionMetrics {
  private final MeterRegistry registry;

  public ActionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void entered(String definition, String phase) {
    Counter.builder("portolan_action_runs")
        .description("Action runs that entered a phase, by definition and phase")
        .tag("definition", definition == null ? "" : definition)
        .tag("phase", phase)
        .register(registry)
        .increment();
  }
}
