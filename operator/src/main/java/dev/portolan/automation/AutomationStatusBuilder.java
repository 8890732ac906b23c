package dev.portolan.automation;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Problems;
import dev.portolan.model.AutomationStatus;
import dev.portolan.model.StatusProblem;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an Automation's status: the Ready condition (False with the problems that keep it from
 * acting, each naming its field), the trigger's kind, the watermark, and what the {@link
 * FiringTally} counted.
 */
public final class AutomationStatusBuilder {
  public static final String READY = "Ready";

  private final Conditions conditions;

  public AutomationStatusBuilder(Conditions conditions) {
    this.conditions = conditions;
  }

  /**
   * @param problems the compiled spec's problems and those found at run time (a schedule that never
   *     fires, a namespace refused), each naming its field
   * @param tally what the engine counted, or null when this replica has counted nothing (the
   *     current counts and firings stay)
   * @param processedThrough the watermark to write (RFC 3339), or null to keep the current one
   * @param deniedNamespaces the selected namespaces the ServiceAccount may not list entities in
   */
  public AutomationStatus build(
      AutomationStatus current,
      CompiledAutomation automation,
      List<Problem> problems,
      FiringTally.Snapshot tally,
      String processedThrough,
      List<String> deniedNamespaces,
      Long generation) {
    AutomationStatus status = new AutomationStatus();
    status.observedGeneration = generation;
    status.trigger = automation.kind() == null ? null : automation.kind().displayName();
    if (tally != null) {
      status.counts = tally.counts();
      status.recent = new ArrayList<>(tally.recent());
      status.lastFired = tally.lastFired();
    } else if (current != null) {
      status.counts = current.counts;
      status.recent = current.recent == null ? new ArrayList<>() : new ArrayList<>(current.recent);
      status.lastFired = current.lastFired;
    }
    if (status.counts == null) {
      status.counts = new AutomationStatus.Counts();
    }
    status.processedThrough =
        processedThrough != null
            ? processedThrough
            : current == null ? null : current.processedThrough;
    status.deniedNamespaces =
        new ArrayList<>(deniedNamespaces.subList(0, Math.min(100, deniedNamespaces.size())));
    status.problems = new ArrayList<>(Problems.listed(problems, StatusProblem::new));
    List<Condition> existing = current == null ? List.of() : current.conditions;
    Condition ready =
        conditions.build(
            existing,
            READY,
            problems.isEmpty(),
            Problems.reason(problems, "Watching"),
            problems.isEmpty() ? describe(automation) : Problems.message(problems),
            generation);
    status.conditions = Conditions.list(ready);
    return status;
  }

  /** What a ready automation watches, in a sentence. */
  static String describe(CompiledAutomation a) {
    String what =
        switch (a.kind()) {
          case ENTITY_CREATED -> "the creation of entities of blueprint " + a.blueprint();
          case ENTITY_UPDATED -> "changes to entities of blueprint " + a.blueprint();
          case ENTITY_DELETED -> "the deletion of entities of blueprint " + a.blueprint();
          case SCORECARD_LEVEL_CHANGED -> "level changes on scorecard " + a.scorecard();
          case DATE_TIME_REACHED ->
              "the instant in property "
                  + a.property()
                  + " of entities of blueprint "
                  + a.blueprint();
          case ACTION_FINISHED -> "finished runs of ActionDefinition " + a.definition();
          case SCHEDULE -> "the schedule " + a.trigger().schedule.cron;
        };
    return "Acts on " + what + ", as ServiceAccount " + a.serviceAccount();
  }
}
