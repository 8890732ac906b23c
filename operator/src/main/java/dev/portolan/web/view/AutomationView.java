package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portolan.kit.Conditions;
import dev.portolan.kit.LabelSelectors;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationSpec;
import dev.portolan.model.AutomationStatus;
import dev.portolan.model.StatusProblem;
import java.util.List;

/**
 * An Automation as the API shows it: what triggers it and what it does, as whom, whether it is
 * ready, and what it did lately (its status's counts and recent firings, newest first).
 *
 * @param trigger the trigger's kind (EntityCreated, ..., Schedule), or null when the spec names
 *     none
 * @param triggerDetail what the trigger watches, e.g. {@code environment.expiresAt} or a cron
 * @param namespaceSelector the selector in kubectl's syntax, or null for the automation's own
 *     namespace only
 * @param ready whether its Ready condition is True
 * @param message the Ready condition's message when it is not True, else null (also before the
 *     operator first wrote a status)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AutomationView(
    String namespace,
    String name,
    String serviceAccountName,
    String trigger,
    String triggerDetail,
    String condition,
    Effects effects,
    String namespaceSelector,
    boolean ready,
    String message,
    List<Problem> problems,
    String lastFired,
    String processedThrough,
    Counts counts,
    List<Firing> recent,
    List<String> deniedNamespaces) {

  /**
   * What an automation does when it fires; each member null when it does not do that.
   *
   * @param startAction the ActionDefinition it starts
   * @param notifySecret the Secret naming the webhook it notifies
   * @param notifyFormat JSON or Slack
   * @param event the reason of the Event it records on the entity
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Effects(
      String startAction, String notifySecret, String notifyFormat, String event) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Problem(String field, String message) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Counts(long fired, long runsStarted, long notified, long skipped, long failed) {}

  /** One occurrence the automation handled, as its status records it. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Firing(
      String occurrence,
      String time,
      String trigger,
      String entity,
      String result,
      String reason,
      String run,
      String message) {
    static Firing of(AutomationStatus.Firing firing) {
      return new Firing(
          firing.occurrence,
          firing.time,
          firing.trigger,
          firing.entity,
          firing.result,
          firing.reason,
          firing.run,
          firing.message);
    }
  }

  static AutomationView of(Automation automation) {
    AutomationSpec spec = automation.getSpec();
    AutomationStatus status = automation.getStatus();
    AutomationSpec.Trigger trigger = spec == null ? null : spec.trigger;
    var readiness =
        status == null
            ? java.util.Optional.<io.fabric8.kubernetes.api.model.Condition>empty()
            : Conditions.find(status.conditions, "Ready");
    boolean ready = readiness.map(c -> Conditions.TRUE.equals(c.getStatus())).orElse(false);
    return new AutomationView(
        automation.getMetadata().getNamespace(),
        automation.getMetadata().getName(),
        spec == null ? null : spec.serviceAccountName,
        triggerKind(trigger),
        triggerDetail(trigger),
        spec == null ? null : spec.condition,
        effects(spec == null ? null : spec.effects),
        spec == null ? null : LabelSelectors.describe(spec.namespaceSelector),
        ready,
        ready ? null : readiness.map(c -> c.getMessage()).orElse(null),
        status == null || status.problems == null
            ? List.of()
            : status.problems.stream().map(AutomationView::problem).toList(),
        status == null ? null : status.lastFired,
        status == null ? null : status.processedThrough,
        counts(status == null ? null : status.counts),
        status == null || status.recent == null
            ? List.of()
            : status.recent.stream().map(Firing::of).toList(),
        status == null || status.deniedNamespaces == null
            ? List.of()
            : List.copyOf(status.deniedNamespaces));
  }

  /** The trigger's kind, as {@code status.trigger} and each firing name it. */
  static String triggerKind(AutomationSpec.Trigger trigger) {
    if (trigger == null) {
      return null;
    }
    if (trigger.entityCreated != null) {
      return "EntityCreated";
    }
    if (trigger.entityUpdated != null) {
      return "EntityUpdated";
    }
    if (trigger.entityDeleted != null) {
      return "EntityDeleted";
    }
    if (trigger.scorecardLevelChanged != null) {
      return "ScorecardLevelChanged";
    }
    if (trigger.dateTimeReached != null) {
      return "DateTimeReached";
    }
    if (trigger.actionFinished != null) {
      return "ActionFinished";
    }
    if (trigger.schedule != null) {
      return "Schedule";
    }
    return null;
  }

  private static String triggerDetail(AutomationSpec.Trigger trigger) {
    if (trigger == null) {
      return null;
    }
    if (trigger.entityCreated != null) {
      return trigger.entityCreated.blueprint;
    }
    if (trigger.entityUpdated != null) {
      return trigger.entityUpdated.blueprint;
    }
    if (trigger.entityDeleted != null) {
      return trigger.entityDeleted.blueprint;
    }
    if (trigger.scorecardLevelChanged != null) {
      return trigger.scorecardLevelChanged.scorecard;
    }
    if (trigger.dateTimeReached != null) {
      return trigger.dateTimeReached.blueprint + "." + trigger.dateTimeReached.property;
    }
    if (trigger.actionFinished != null) {
      List<String> phases = trigger.actionFinished.phases;
      return trigger.actionFinished.definition
          + (phases == null || phases.isEmpty() ? "" : " " + String.join(", ", phases));
    }
    if (trigger.schedule != null) {
      String zone = trigger.schedule.timeZone == null ? "UTC" : trigger.schedule.timeZone;
      return trigger.schedule.cron + " (" + zone + ")";
    }
    return null;
  }

  static Effects effects(AutomationSpec.Effects effects) {
    if (effects == null) {
      return new Effects(null, null, null, null);
    }
    return new Effects(
        effects.startAction == null ? null : effects.startAction.definition,
        effects.notify == null || effects.notify.secretRef == null
            ? null
            : effects.notify.secretRef.name,
        effects.notify == null
            ? null
            : effects.notify.format == null ? "JSON" : effects.notify.format,
        effects.event == null ? null : effects.event.reason);
  }

  private static Problem problem(StatusProblem problem) {
    return new Problem(problem.field, problem.message);
  }

  private static Counts counts(AutomationStatus.Counts counts) {
    if (counts == null) {
      return new Counts(0, 0, 0, 0, 0);
    }
    return new Counts(
        value(counts.fired),
        value(counts.runsStarted),
        value(counts.notified),
        value(counts.skipped),
        value(counts.failed));
  }

  private static long value(Long count) {
    return count == null ? 0 : count;
  }
}
