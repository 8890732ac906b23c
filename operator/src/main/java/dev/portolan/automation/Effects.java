package dev.portolan.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.cel.CelValues;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpressionException;
import dev.portolan.model.Action;
import dev.portolan.model.ActionSpec;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationStatus.Firing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An admitted occurrence's effects, in order: start the Action (as the automation's ServiceAccount,
 * named from the occurrence), record the Event, send the notification. Each failure is kept with
 * the field or the API server's message, and the firing is Failed when any effect failed; a run
 * once started is not started again when the occurrence is retried.
 */
final class Effects {
  private final RunStarter runs;
  private final AutomationEvents events;
  private final Notifications notifications;

  Effects(RunStarter runs, AutomationEvents events, Notifications notifications) {
    this.runs = runs;
    this.events = events;
    this.notifications = notifications;
  }

  /** What the effects did: the firing to record and whether a notification was delivered. */
  record Outcome(Firing firing, boolean notified) {}

  Outcome apply(
      Automation automation,
      CompiledAutomation a,
      Attempt attempt,
      Firing firing,
      Map<String, Object> vars) {
    Occurrence o = attempt.occurrence;
    List<String> failures = new ArrayList<>();
    String reason = null;
    if (a.startAction() != null && !attempt.started) {
      try {
        Action action = action(a, o, vars);
        attempt.run = action.getMetadata().getName();
        RunStarter.Outcome outcome =
            runs.start(action.getMetadata().getNamespace(), a.serviceAccount(), action);
        if (outcome.result() == RunStarter.Result.REFUSED) {
          reason = outcome.reason();
          failures.add(outcome.message());
        } else {
          attempt.started = true;
        }
      } catch (ExpressionException e) {
        reason = Firings.EVALUATION_FAILED;
        failures.add(e.getMessage());
      }
    }
    if (a.event() != null) {
      try {
        String message = (String) a.event().message().evaluate(vars);
        var target =
            o.entity() != null ? o.entity() : (o.action() != null ? o.action() : automation);
        events.record(target, a.key(), o.id(), a.event().warning(), a.event().reason(), message);
      } catch (ExpressionException e) {
        reason = reason == null ? Firings.EVALUATION_FAILED : reason;
        failures.add("spec.effects.event.message: " + e.getMessage());
      }
    }
    boolean notified = false;
    if (a.notification() != null) {
      try {
        Notifications.Delivery delivery = notify(a, attempt, vars);
        if (delivery.delivered()) {
          notified = true;
        } else {
          reason = reason == null ? delivery.reason() : reason;
          failures.add("notify: " + delivery.message());
        }
      } catch (ExpressionException e) {
        reason = reason == null ? Firings.EVALUATION_FAILED : reason;
        failures.add("spec.effects.notify.message: " + e.getMessage());
      }
    }
    if (attempt.started) {
      firing.run = attempt.run;
    }
    if (!failures.isEmpty()) {
      String message = String.join("; ", failures);
      Firings.failed(firing, reason, message);
      events.record(automation, a.key(), o.id(), true, "Failed", o.id() + ": " + message);
    } else if (attempt.started) {
      firing.result = Firing.STARTED;
    } else if (notified) {
      firing.result = Firing.NOTIFIED;
    } else {
      firing.result = Firing.RECORDED;
    }
    return new Outcome(firing, notified);
  }

  private Notifications.Delivery notify(
      CompiledAutomation a, Attempt attempt, Map<String, Object> vars) throws ExpressionException {
    Occurrence o = attempt.occurrence;
    String message = (String) a.notification().message().evaluate(vars);
    return notifications.send(
        new Notifications.Request(
            a.namespace(),
            a.serviceAccount(),
            a.notification().secretName(),
            a.notification().format(),
            message,
            o.id(),
            a.name(),
            o.kind().displayName(),
            o.entityKey(),
            o.time().toString(),
            attempt.started ? attempt.run : null));
  }

  /** The Action of an occurrence, named from it, in the namespace the effects act in. */
  static Action action(CompiledAutomation a, Occurrence o, Map<String, Object> vars)
      throws ExpressionException {
    CompiledAutomation.StartAction start = a.startAction();
    String entity = o.entityKey();
    if (start.entity() != null) {
      try {
        entity = (String) start.entity().evaluate(vars);
      } catch (ExpressionException e) {
        throw new ExpressionException("spec.effects.startAction.entity: " + e.getMessage());
      }
    }
    Map<String, JsonNode> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, CompiledExpression> input : start.inputs().entrySet()) {
      try {
        inputs.put(input.getKey(), CelValues.toJson(input.getValue().evaluate(vars)));
      } catch (ExpressionException e) {
        throw new ExpressionException(
            "spec.effects.startAction.inputs." + input.getKey() + ": " + e.getMessage());
      }
    }
    Action action = new Action();
    action.getMetadata().setName(RunNames.run(a.name(), o.id()));
    action.getMetadata().setNamespace(o.namespace(a.namespace()));
    action.getMetadata().setLabels(Map.of(RunNames.AUTOMATION_LABEL, a.name()));
    action
        .getMetadata()
        .setAnnotations(
            Map.of(
                RunNames.OCCURRENCE_ANNOTATION,
                o.id(),
                RunNames.AUTOMATION_NAMESPACE_ANNOTATION,
                a.namespace()));
    ActionSpec spec = new ActionSpec();
    spec.definition = start.definition();
    spec.entity = entity == null || entity.isBlank() ? null : entity;
    spec.inputs = inputs;
    action.setSpec(spec);
    return action;
  }
}
