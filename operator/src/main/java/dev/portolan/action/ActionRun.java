package dev.portolan.action;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.kit.Messages;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Timestamps;
import dev.portolan.model.Action;
import dev.portolan.model.ActionStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.util.List;

/**
 * The run of one Action as a state machine: from what a reconcile gathered ({@link RunFacts}) it
 * decides the next {@link RunStep}, and from a settled step the desired status. A run is checked,
 * waits for its approval when the definition asks for one, launches its Job, follows the Job to its
 * end ({@link JobOutcomes}) and, for a Create or Delete action, has its entity made or deleted. It
 * reads the catalog held in memory and the clock; it calls no API server.
 *
 * <p>Every gate comes before any Job is looked at, so a Job someone else made in the Action's name
 * is never followed for a run that has not passed them; a Job the status records is followed
 * without the gates, since the run passed them when it was recorded.
 */
public final class ActionRun {
  public static final String NO_ADMISSION_RECORD = "NoAdmissionRecord";
  public static final String UNKNOWN_DEFINITION = "UnknownDefinition";
  public static final String DEFINITION_NOT_READY = "DefinitionNotReady";
  public static final String JOB_REJECTED = "JobRejected";
  public static final String ACTIONS_DISABLED = "ActionsDisabled";

  private final ActionChecks checks;
  private final CatalogLookup catalog;
  private final ActionStatusBuilder statusBuilder;
  private final JobOutcomes outcomes;
  private final Clock clock;
  private final boolean enabled;

  /**
   * @param enabled false where no admission webhook records identities: then every new Action is
   *     refused, since its records could have been typed by anyone
   */
  public ActionRun(
      ActionChecks checks,
      CatalogLookup catalog,
      ActionStatusBuilder statusBuilder,
      Clock clock,
      boolean enabled) {
    this.checks = checks;
    this.catalog = catalog;
    this.statusBuilder = statusBuilder;
    this.outcomes = new JobOutcomes(clock);
    this.clock = clock;
    this.enabled = enabled;
  }

  /** The next step of the run these facts describe. */
  public RunStep next(RunFacts facts) {
    Action action = facts.action();
    if (action.getStatus() != null && ActionPhases.finished(action.getStatus().phase)) {
      return new RunStep.Nothing();
    }
    if (RunFacts.hasRecordedJob(action)) {
      ObservedJob job = facts.recordedJob();
      if (job == null || !job.found()) {
        return new RunStep.Fail(
            ActionOutcome.of(
                    ActionPhases.FAILED,
                    "JobDeleted",
                    "Job " + action.getStatus().job + " was deleted before it finished")
                .finishedAt(now()),
            true);
      }
      if (!job.ours()) {
        return refused(
            JOB_REJECTED,
            "Job " + JobTemplate.jobName(action) + " is not the one this Action started");
      }
      return outcomes.follow(action, job, facts.definition());
    }
    return gates(facts);
  }

  private RunStep gates(RunFacts facts) {
    Action action = facts.action();
    CompiledActionDefinition definition = facts.definition();
    if (!enabled) {
      return refused(
          ACTIONS_DISABLED,
          "actions are disabled in this installation because the admission webhook"
              + " that records who asks and who approves is off (chart value webhook.enabled=false); enable it to run"
              + " actions");
    }
    if (facts.requester() == null) {
      return refused(
          NO_ADMISSION_RECORD,
          "metadata.annotations[" + ActionRecords.REQUESTED_BY + "]",
          "metadata.annotations["
              + ActionRecords.REQUESTED_BY
              + "] is missing or"
              + " unreadable: the Action did not pass Portolan's admission webhook, so who asked is unknown; install the"
              + " chart's webhook and create the Action again");
    }
    if (definition == null) {
      return refused(
          UNKNOWN_DEFINITION,
          "spec.definition",
          "spec.definition: no ActionDefinition named "
              + action.getSpec().definition
              + "; `kubectl get actiondefinitions` lists them");
    }
    if (!definition.valid()) {
      return refused(
          DEFINITION_NOT_READY,
          "spec.definition",
          "ActionDefinition "
              + definition.name()
              + " is not ready: "
              + Messages.join(definition.problems()));
    }
    if (catalog.blueprint(definition.spec().blueprint).isEmpty()) {
      return refused(
          DEFINITION_NOT_READY,
          "spec.definition",
          "ActionDefinition "
              + definition.name()
              + " acts on blueprint "
              + definition.spec().blueprint
              + ", which does not exist");
    }
    ActionChecks.Result checked = checks.check(action, definition, facts.requester());
    if (!checked.passed()) {
      return refused(checked.problems());
    }
    if (definition.requiresApproval()) {
      RunStep undecided = approval(action, definition, facts.decider());
      if (undecided != null) {
        return undecided;
      }
    }
    Job job =
        JobTemplate.build(
            action, definition, checked.inputs(), checked.entity(), facts.requester());
    return new RunStep.Launch(job, definition);
  }

  /** The step of a run whose approval is pending, rejected or not valid; null once approved. */
  private RunStep approval(
      Action action, CompiledActionDefinition definition, ActionRecords.Identity decider) {
    if (decider == null) {
      return new RunStep.WaitForApproval(
          ActionOutcome.of(
              ActionPhases.WAITING_FOR_APPROVAL,
              "WaitingForApproval",
              "waiting for approval by "
                  + Subjects.describe(definition.spec().approval.approvers)
                  + " (kubectl annotate action "
                  + action.getMetadata().getName()
                  + " "
                  + ActionRecords.APPROVAL
                  + "=approved)"));
    }
    String decision = ActionRecords.approval(action).orElse("");
    if (ActionRecords.REJECTED.equals(decision)) {
      return new RunStep.Fail(
          ActionOutcome.of(ActionPhases.REJECTED, "Rejected", "rejected by " + decider.username())
              .finishedAt(decider.time() != null ? decider.time() : now()),
          true);
    }
    if (!ActionRecords.APPROVED.equals(decision)
        || !Subjects.includes(definition.spec().approval.approvers, decider)) {
      return new RunStep.Fail(
          ActionOutcome.of(
                  ActionPhases.FAILED,
                  "NotApproved",
                  "the recorded decision ("
                      + decision
                      + " by "
                      + decider.username()
                      + ") is not an approval by "
                      + Subjects.describe(definition.spec().approval.approvers))
              .finishedAt(now()),
          true);
    }
    return null;
  }

  /** The step after {@link RunStep.Launch}: the Job created, found, or refused. */
  public RunStep launched(Action action, RunStep.Launch launch, LaunchResult result) {
    String jobName = launch.job().getMetadata().getName();
    if (result instanceof LaunchResult.Created) {
      return new RunStep.Follow(
          ActionOutcome.of(ActionPhases.RUNNING, "JobCreated", "Job " + jobName + " created")
              .withJob(jobName, null));
    }
    if (result instanceof LaunchResult.Found found && found.job().ours()) {
      // Started before a restart, and the status write was lost; the gates have just passed again.
      return outcomes.follow(action, found.job(), launch.definition());
    }
    if (result instanceof LaunchResult.Refused refused) {
      return new RunStep.Fail(
          ActionOutcome.of(
                  ActionPhases.FAILED,
                  JOB_REJECTED,
                  "the API server refused the Job built from "
                      + launch.definition().name()
                      + "'s spec.job: "
                      + refused.why())
              .finishedAt(now()),
          true);
    }
    // Found but not ours, or taken by a Job that has gone since.
    return new RunStep.Fail(
        ActionOutcome.of(
                ActionPhases.FAILED,
                JOB_REJECTED,
                "a Job named " + jobName + " already exists and belongs to something else")
            .finishedAt(now()),
        true);
  }

  /** The step after {@link RunStep.ApplyEffect}: the run succeeds or fails with its effect. */
  public RunStep applied(RunStep.ApplyEffect apply, EntityEffect.Result result) {
    return outcomes.applied(apply, result);
  }

  /** The status a settled step leaves the run with, built from the current one (may be null). */
  public ActionStatus status(ActionStatus current, RunFacts facts, RunStep.Settled step) {
    return statusBuilder.build(
        current,
        step.outcome(),
        facts.requester(),
        facts.decider(),
        facts.approvalRequired(),
        step.accepted(),
        facts.action().getMetadata().getGeneration());
  }

  /** A run refused by a gate for a problem of the Action as a whole: it failed, never accepted. */
  private RunStep refused(String reason, String message) {
    return refused(reason, null, message);
  }

  /** Refused for one problem, in {@code field} (null: the Action as a whole). */
  private RunStep refused(String reason, String field, String message) {
    return refused(List.of(new Problem(reason, field, message)));
  }

  private RunStep refused(List<Problem> problems) {
    return new RunStep.Fail(ActionOutcome.refused(problems).finishedAt(now()), false);
  }

  private String now() {
    return Timestamps.now(clock);
  }
}
