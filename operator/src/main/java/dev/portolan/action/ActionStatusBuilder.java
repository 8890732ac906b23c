package dev.portolan.action;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problems;
import dev.portolan.model.ActionStatus;
import dev.portolan.model.StatusProblem;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The Action's status for an outcome. Conditions: {@code Accepted} (the checks passed), {@code
 * Approved} (only when the definition requires approval) and {@code Complete} (True when the run
 * succeeded, False when it failed or was rejected, Unknown until then). A refused run lists the
 * problems that refused it.
 */
public final class ActionStatusBuilder {
  public static final String ACCEPTED = "Accepted";
  public static final String APPROVED = "Approved";
  public static final String COMPLETE = "Complete";

  private final Conditions conditions;

  public ActionStatusBuilder(Conditions conditions) {
    this.conditions = conditions;
  }

  ActionStatus build(
      ActionStatus current,
      ActionOutcome outcome,
      ActionRecords.Identity requester,
      ActionRecords.Identity decider,
      boolean approvalRequired,
      boolean accepted,
      Long generation) {
    ActionStatus status = new ActionStatus();
    List<Condition> existing = current == null ? null : current.conditions;
    status.observedGeneration = generation;
    status.phase = outcome.phase();
    status.message = outcome.message();
    status.problems = Problems.listed(outcome.problems(), StatusProblem::new);
    status.requestedBy = requester == null ? null : requester.toUserRecord();
    status.approvedBy = decider == null ? null : decider.toUserRecord();
    status.approvalTime = decider == null ? null : decider.time();
    status.job = outcome.job() != null ? outcome.job() : current == null ? null : current.job;
    status.startTime =
        outcome.startTime() != null
            ? outcome.startTime()
            : current == null ? null : current.startTime;
    status.completionTime =
        outcome.completionTime() != null
            ? outcome.completionTime()
            : current == null ? null : current.completionTime;
    status.outputs =
        outcome.outputs() != null
            ? new LinkedHashMap<>(outcome.outputs())
            : current == null ? null : current.outputs;

    List<Condition> list = new ArrayList<>();
    list.add(
        accepted
            ? conditions.build(
                existing,
                ACCEPTED,
                true,
                "Accepted",
                "the requester is allowed and the inputs and entity are valid",
                generation)
            : conditions.build(
                existing, ACCEPTED, false, outcome.reason(), outcome.message(), generation));
    if (approvalRequired && accepted) {
      String approval =
          decider == null
              ? Conditions.UNKNOWN
              : ActionPhases.REJECTED.equals(outcome.phase()) ? Conditions.FALSE : Conditions.TRUE;
      String reason =
          decider == null
              ? "WaitingForApproval"
              : Conditions.FALSE.equals(approval) ? "Rejected" : "Approved";
      String message =
          decider == null ? outcome.message() : reason.toLowerCase() + " by " + decider.username();
      list.add(conditions.build(existing, APPROVED, approval, reason, message, generation));
    }
    String complete =
        ActionPhases.SUCCEEDED.equals(outcome.phase())
            ? Conditions.TRUE
            : ActionPhases.finished(outcome.phase()) ? Conditions.FALSE : Conditions.UNKNOWN;
    list.add(
        conditions.build(
            existing, COMPLETE, complete, outcome.reason(), outcome.message(), generation));
    status.conditions = list;
    return status;
  }
}
