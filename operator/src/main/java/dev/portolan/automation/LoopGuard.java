package dev.portolan.automation;

import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loop protection: whether an occurrence was caused by the automation's own runs, so that, unless
 * the automation sets {@code triggerOnOwnRuns}, it is skipped with reason {@value #REASON}. An
 * Action is the automation's when it carries its label (and namespace annotation); an entity change
 * is caused by one when an own Action acts on the entity (or created it) and is still running, or
 * finished at most {@link #SETTLE} before the change.
 */
public final class LoopGuard {
  public static final String REASON = "OwnRun";

  /** How long after an own run finished a change of its entity still counts as caused by it. */
  public static final Duration SETTLE = Duration.ofSeconds(60);

  /** The annotation the Action controller puts on the entities a Create action makes. */
  static final String CREATED_BY_ACTION = "portolan.dev/created-by-action";

  private static final List<String> TERMINAL = List.of("Succeeded", "Failed", "Rejected");

  private LoopGuard() {}

  /** Whether the Action was started by the automation. */
  public static boolean startedBy(Action action, String automationNamespace, String automation) {
    Map<String, String> labels = action.getMetadata().getLabels();
    if (labels == null || !automation.equals(labels.get(RunNames.AUTOMATION_LABEL))) {
      return false;
    }
    Map<String, String> annotations = action.getMetadata().getAnnotations();
    String namespace =
        annotations == null ? null : annotations.get(RunNames.AUTOMATION_NAMESPACE_ANNOTATION);
    return Objects.equals(
        namespace == null ? action.getMetadata().getNamespace() : namespace, automationNamespace);
  }

  /**
   * Where the guard looks for the automation's runs: by the entity they act on and by uid, so that
   * a storm of occurrences costs each one a lookup, not a pass over every run the automation has.
   */
  public interface Runs {
    /** The Actions whose {@code spec.entity} names the entity. */
    List<Action> actingOn(EntityRef entity);

    /** The Action with this uid, if the catalog has it. */
    Optional<Action> withUid(String uid);
  }

  public static boolean causedByOwnRun(
      CompiledAutomation automation, Occurrence occurrence, Runs runs) {
    return ownRunBehind(automation, occurrence, runs).isPresent();
  }

  /**
   * The automation's own run that caused the occurrence: the finished Action itself, or the one
   * acting on (or having created) the changed entity; empty when the occurrence is not its doing.
   */
  public static Optional<Action> ownRunBehind(
      CompiledAutomation automation, Occurrence occurrence, Runs runs) {
    if (occurrence.action() != null) {
      return startedBy(occurrence.action(), automation.namespace(), automation.name())
          ? Optional.of(occurrence.action())
          : Optional.empty();
    }
    Entity entity = occurrence.entity();
    if (entity == null) {
      return Optional.empty();
    }
    EntityRef ref =
        new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName());
    for (Action action : runs.actingOn(ref)) {
      if (startedBy(action, automation.namespace(), automation.name())
          && recent(action, occurrence.time())) {
        return Optional.of(action);
      }
    }
    Map<String, String> annotations = entity.getMetadata().getAnnotations();
    String createdBy = annotations == null ? null : annotations.get(CREATED_BY_ACTION);
    if (createdBy == null) {
      return Optional.empty();
    }
    return runs.withUid(createdBy)
        .filter(action -> startedBy(action, automation.namespace(), automation.name()))
        .filter(action -> recent(action, occurrence.time()));
  }

  /** What a firing skipped as an own run's doing tells the user: which run, and the switch. */
  public static String message(Occurrence occurrence, Action ownRun) {
    String run = ownRun.getMetadata().getNamespace() + "/" + ownRun.getMetadata().getName();
    return (occurrence.action() != null
            ? "the finished Action " + run + " is this automation's own run"
            : "the change of "
                + occurrence.entityKey()
                + " comes from this automation's own run "
                + run)
        + "; set spec.triggerOnOwnRuns: true to act on its own runs' effects";
  }

  private static boolean recent(Action action, Instant when) {
    var status = action.getStatus();
    if (status == null || status.phase == null || !TERMINAL.contains(status.phase)) {
      return true; // still running: whatever its entity does now may be its doing
    }
    if (status.completionTime == null) {
      return true;
    }
    try {
      Instant done = Instant.parse(status.completionTime);
      return !when.isAfter(done.plus(SETTLE));
    } catch (DateTimeParseException e) {
      return true;
    }
  }
}
