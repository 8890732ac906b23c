package dev.portolan.action;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * What {@link ActionRun} decides a run does next. {@link Launch} and {@link ApplyEffect} ask the
 * reconciler to act and to hand the result back to the run; a {@link Settled} step is where the
 * reconcile ends, with the outcome its status shows; {@link Nothing} is a run that has finished.
 */
public sealed interface RunStep {

  /** A step that ends the reconcile with an outcome for the status. */
  sealed interface Settled extends RunStep {
    ActionOutcome outcome();

    /** Whether the run passed its checks (the {@code Accepted} condition). */
    boolean accepted();
  }

  /** The run finished before this reconcile: no status to write. */
  record Nothing() implements RunStep {}

  /**
   * Start this Job (built from the definition's template, not yet signed).
   *
   * @param definition the definition the Job comes from
   */
  record Launch(Job job, CompiledActionDefinition definition) implements RunStep {}

  /**
   * The Job succeeded and the definition changes an entity: make the change, then the run succeeds
   * or fails with {@code done}'s Job, times and outputs.
   */
  record ApplyEffect(EntityEffect effect, ActionOutcome done) implements RunStep {}

  /** The run waits for an approver's decision. */
  record WaitForApproval(ActionOutcome outcome) implements Settled {
    @Override
    public boolean accepted() {
      return true;
    }
  }

  /** The run's Job was created or is running. */
  record Follow(ActionOutcome outcome) implements Settled {
    @Override
    public boolean accepted() {
      return true;
    }
  }

  /** The run succeeded, with its outputs when its Pod reported them. */
  record Succeed(ActionOutcome outcome) implements Settled {
    @Override
    public boolean accepted() {
      return true;
    }
  }

  /**
   * The run failed or was rejected.
   *
   * @param accepted false when it failed its checks, so it never got as far as a Job
   */
  record Fail(ActionOutcome outcome, boolean accepted) implements Settled {}
}
