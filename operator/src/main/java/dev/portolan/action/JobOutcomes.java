package dev.portolan.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.EntityRef;
import dev.portolan.kit.Messages;
import dev.portolan.kit.Timestamps;
import dev.portolan.model.Action;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The part of {@link ActionRun} that follows a run's own Job: what the Job's state means for the
 * run (running, failed with what its Pod reported, succeeded with its outputs), and, for a Create
 * or Delete action, the entity effect the success asks for and what the run says once it is
 * applied.
 */
final class JobOutcomes {
  static final String INVALID_OUTPUTS = "InvalidOutputs";
  private static final int MAX_REPORT = 2048;

  private final Clock clock;

  JobOutcomes(Clock clock) {
    this.clock = clock;
  }

  /** The step of a run whose Job this operator started. */
  RunStep follow(Action action, ObservedJob job, CompiledActionDefinition definition) {
    String name = job.name();
    String started = job.startTime();
    ObservedJob.Ending ending = job.ending();
    if (ending == null) {
      int active = job.activePods();
      return new RunStep.Follow(
          ActionOutcome.of(
                  ActionPhases.RUNNING,
                  "JobRunning",
                  "Job "
                      + name
                      + " is running ("
                      + active
                      + " active Pod"
                      + (active == 1 ? "" : "s")
                      + ")")
              .withJob(name, started));
    }
    String finished = ending.time() != null ? ending.time() : now();
    if (!ending.succeeded()) {
      String detail = failureDetail(job.pod());
      String reason = ending.reason() != null ? ending.reason() : "JobFailed";
      String message =
          "Job "
              + name
              + " failed ("
              + reason
              + (ending.message() == null ? "" : ": " + ending.message())
              + ")"
              + (detail.isEmpty() ? "" : "; " + detail);
      return new RunStep.Fail(
          ActionOutcome.of(ActionPhases.FAILED, reason, message)
              .withJob(name, started)
              .finishedAt(finished),
          true);
    }
    Optional<String> report =
        Optional.ofNullable(job.pod()).map(ObservedJob.PodReport::terminationMessage);
    Optional<Map<String, JsonNode>> outputs = report.flatMap(ActionOutputs::parse);
    ActionOutcome done =
        ActionOutcome.of(ActionPhases.SUCCEEDED, "JobSucceeded", "Job " + name + " completed")
            .withJob(name, started)
            .finishedAt(finished);
    if (outputs.isPresent()) {
      done = done.withOutputs(outputs.get());
    }
    String operation = definition == null ? null : definition.spec().operation;
    if (CompiledActionDefinition.CREATE.equals(operation)) {
      return createEntity(action, definition, outputs.orElse(null), report.orElse(null), done);
    }
    if (CompiledActionDefinition.DELETE.equals(operation)) {
      return deleteEntity(action, done);
    }
    if (report.isPresent() && outputs.isEmpty()) {
      return new RunStep.Succeed(
          new ActionOutcome(
              done.phase(),
              done.reason(),
              done.message()
                  + "; its termination message is not a JSON object, so it has no outputs",
              done.job(),
              done.startTime(),
              done.completionTime(),
              null));
    }
    return new RunStep.Succeed(done);
  }

  private RunStep createEntity(
      Action action,
      CompiledActionDefinition definition,
      Map<String, JsonNode> outputs,
      String report,
      ActionOutcome done) {
    if (outputs == null) {
      return failedAfterJob(
          done,
          INVALID_OUTPUTS,
          "the Job succeeded but reported no JSON object in its termination"
              + " message"
              + (report == null ? "" : " (got: " + abbreviate(report) + ")")
              + ", so no entity was created");
    }
    ActionOutputs.NewEntity made = ActionOutputs.entity(outputs, definition, action);
    if (!made.problems().isEmpty()) {
      return failedAfterJob(done, INVALID_OUTPUTS, Messages.join(made.problems()));
    }
    return new RunStep.ApplyEffect(new EntityEffect.CreateEntity(made.entity()), done);
  }

  private RunStep deleteEntity(Action action, ActionOutcome done) {
    Optional<EntityRef> parsed =
        action.getSpec().entity == null
            ? Optional.empty()
            : EntityRef.parse(action.getSpec().entity, action.getMetadata().getNamespace());
    if (parsed.isEmpty()) {
      return failedAfterJob(
          done,
          "EntityNotDeleted",
          "the Job succeeded but the Action names no entity to delete"
              + " (its definition became a Delete action after it started)");
    }
    return new RunStep.ApplyEffect(new EntityEffect.DeleteEntity(parsed.get()), done);
  }

  /** The step once the effect was applied, or refused. */
  RunStep applied(RunStep.ApplyEffect apply, EntityEffect.Result result) {
    ActionOutcome done = apply.done();
    String ref = apply.effect().ref();
    boolean create = apply.effect() instanceof EntityEffect.CreateEntity;
    if (!result.applied()) {
      return create
          ? failedAfterJob(
              done, "EntityNotCreated", "could not create entity " + ref + ": " + result.refusal())
          : failedAfterJob(
              done,
              "EntityNotDeleted",
              "the Job succeeded but entity " + ref + " could not be deleted: " + result.refusal());
    }
    return new RunStep.Succeed(
        new ActionOutcome(
            done.phase(),
            create ? "EntityCreated" : "EntityDeleted",
            done.message() + (create ? "; created entity " : "; deleted entity ") + ref,
            done.job(),
            done.startTime(),
            done.completionTime(),
            done.outputs()));
  }

  private static RunStep failedAfterJob(ActionOutcome done, String reason, String message) {
    return new RunStep.Fail(
        new ActionOutcome(
            ActionPhases.FAILED,
            reason,
            message,
            done.job(),
            done.startTime(),
            done.completionTime(),
            done.outputs()),
        true);
  }

  /**
   * What the failed Pod reported: its termination message (which, by default, is the tail of its
   * log when it failed), else the tail of its log when that could be read.
   */
  private static String failureDetail(ObservedJob.PodReport pod) {
    if (pod == null) {
      return "";
    }
    if (pod.terminationMessage() != null) {
      return "Pod " + pod.name() + " reported: " + abbreviate(pod.terminationMessage());
    }
    if (pod.logTail() != null) {
      return "log of Pod " + pod.name() + ":\n" + abbreviate(pod.logTail());
    }
    return "";
  }

  static String abbreviate(String text) {
    return text.length() <= MAX_REPORT
        ? text
        : "..." + text.substring(text.length() - (MAX_REPORT - 3));
  }

  private String now() {
    return Timestamps.now(clock);
  }
}
