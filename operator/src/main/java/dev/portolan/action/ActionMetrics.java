package dev.portolan.action;

import dev.portolan.catalog.CatalogListener;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Counts Action runs entering each phase, by definition: {@code
 * portolan_action_runs_total{definition,phase}}. Every phase of a known definition is there from
 * the start at 0, so that a dashboard's rate has a series before the first run and an alert on a
 * phase that never happened can be written. With the runs at hand, also {@code
 * portolan_actions_waiting_approval{definition}}: the runs of a definition waiting for an approver
 * now, counted from the cache at each scrape.
 */
public final class ActionMetrics implements CatalogListener {
  static final List<String> PHASES =
      List.of(
          ActionPhases.PENDING,
          ActionPhases.WAITING_FOR_APPROVAL,
          ActionPhases.RUNNING,
          ActionPhases.SUCCEEDED,
          ActionPhases.FAILED,
          ActionPhases.REJECTED);

  private final MeterRegistry registry;
  private final Function<String, ? extends Collection<Action>> runsOf;

  public ActionMetrics(MeterRegistry registry) {
    this(registry, null);
  }

  /**
   * @param runsOf the runs of a definition (the index's), for the waiting gauge; null for none
   */
  public ActionMetrics(
      MeterRegistry registry, Function<String, ? extends Collection<Action>> runsOf) {
    this.registry = registry;
    this.runsOf = runsOf;
  }

  /** Shows the counters of a definition, at 0 where no run entered the phase yet. */
  public void known(String definition) {
    PHASES.forEach(phase -> counter(definition, phase));
    if (runsOf != null) {
      Gauge.builder(WAITING, () -> waiting(definition))
          .description("Action runs of a definition waiting for an approver now")
          .tag("definition", definition)
          .strongReference(true)
          .register(registry);
    }
  }

  /** Removes the counters of a deleted definition. */
  public void forget(String definition) {
    PHASES.forEach(phase -> registry.remove(counter(definition, phase)));
    var gauge = registry.find(WAITING).tag("definition", definition).gauge();
    if (gauge != null) {
      registry.remove(gauge);
    }
  }

  static final String WAITING = "portolan.actions.waiting.approval";

  private long waiting(String definition) {
    return runsOf.apply(definition).stream()
        .filter(
            run ->
                run.getStatus() != null
                    && ActionPhases.WAITING_FOR_APPROVAL.equals(run.getStatus().phase))
        .count();
  }

  /** Shows the counters of a definition the index saw added, removes those of one deleted. */
  @Override
  public void actionDefinitionChanged(ActionDefinition before, ActionDefinition after) {
    if (after == null) {
      forget(before.getMetadata().getName());
    } else if (before == null) {
      known(after.getMetadata().getName());
    }
  }

  public void entered(String definition, String phase) {
    counter(definition, phase).increment();
  }

  private Counter counter(String definition, String phase) {
    return Counter.builder("portolan_action_runs")
        .description("Action runs that entered a phase, by definition and phase")
        .tag("definition", definition == null ? "" : definition)
        .tag("phase", phase)
        .register(registry);
  }
}
