package dev.portolan.action;

import dev.portolan.model.Action;

/**
 * What a reconcile gathered about one run, for {@link ActionRun#next}.
 *
 * @param definition the compiled definition the Action names, or null when there is none
 * @param requester who created the Action, as admission recorded it, or null
 * @param decider who decided on the approval, as admission recorded it; null when nobody did or the
 *     definition asks for no approval
 * @param recordedJob the Job the status names, as observed; null when the status names none (or the
 *     run has finished, when nobody looks)
 */
public record RunFacts(
    Action action,
    CompiledActionDefinition definition,
    ActionRecords.Identity requester,
    ActionRecords.Identity decider,
    ObservedJob recordedJob) {

  /** The facts the Action's own records give, with its definition and its recorded Job. */
  public static RunFacts of(
      Action action, CompiledActionDefinition definition, ObservedJob recordedJob) {
    boolean approvalRequired = definition != null && definition.requiresApproval();
    return new RunFacts(
        action,
        definition,
        ActionRecords.requester(action).orElse(null),
        approvalRequired ? ActionRecords.decider(action).orElse(null) : null,
        recordedJob);
  }

  public boolean approvalRequired() {
    return definition != null && definition.requiresApproval();
  }

  /**
   * Whether the status of this unfinished run names its Job: the run passed every gate when the Job
   * was recorded, so the reconcile follows that Job (and looks it up for {@link #recordedJob}).
   */
  public static boolean hasRecordedJob(Action action) {
    return action.getStatus() != null
        && !ActionPhases.finished(action.getStatus().phase)
        && action.getStatus().job != null;
  }
}
