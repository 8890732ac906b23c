package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.action.ActionRecords;
import dev.portolan.model.Action;
import dev.portolan.model.ActionStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;

/**
 * One action run as the portal shows it, in lists and alone: what was asked, by whom, its phase,
 * and once the operator has written a status, its progress.
 *
 * @param entity the entity as the run names it: a name in the run's namespace, or namespace/name
 * @param inputs the inputs as given: free JSON, as the definition's schema allows
 * @param created the run's creation time (RFC 3339)
 * @param phase Pending until the operator writes a phase
 * @param requestedBy the status's requester, or before the first status write, admission's record
 * @param progress the status's fields, answered flat beside the others; null (and absent from the
 *     JSON) before the operator's first status write
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunView(
    String namespace,
    String name,
    String definition,
    String entity,
    Map<String, JsonNode> inputs,
    String created,
    String phase,
    ActionStatus.UserRecord requestedBy,
    @JsonUnwrapped Progress progress) {

  /** What the operator wrote of a run: its decision, its Job's times, outputs and message. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Progress(
      ActionStatus.UserRecord approvedBy,
      String approvalTime,
      String startTime,
      String completionTime,
      String job,
      Map<String, JsonNode> outputs,
      String message,
      List<Condition> conditions) {}

  static RunView of(Action action) {
    ActionStatus status = action.getStatus();
    // Before the operator's first status write, who asked is already in admission's record.
    ActionStatus.UserRecord requester =
        status != null && status.requestedBy != null
            ? status.requestedBy
            : ActionRecords.requester(action).map(r -> r.toUserRecord()).orElse(null);
    return new RunView(
        action.getMetadata().getNamespace(),
        action.getMetadata().getName(),
        action.getSpec().definition,
        action.getSpec().entity,
        action.getSpec().inputs,
        action.getMetadata().getCreationTimestamp(),
        phaseOf(action),
        requester,
        status == null
            ? null
            : new Progress(
                status.approvedBy,
                status.approvalTime,
                status.startTime,
                status.completionTime,
                status.job,
                status.outputs,
                status.message,
                status.conditions));
  }

  static String phaseOf(Action action) {
    return action.getStatus() == null || action.getStatus().phase == null
        ? "Pending"
        : action.getStatus().phase;
  }

  /** The entity's namespace and name: a bare name is in the run's namespace. */
  public String entityNamespace() {
    return entity == null || entity.indexOf('/') < 0
        ? namespace
        : entity.substring(0, entity.indexOf('/'));
  }

  /** The entity's name, without a namespace the run may give it. */
  public String entityName() {
    return entity == null || entity.indexOf('/') < 0
        ? entity
        : entity.substring(entity.indexOf('/') + 1);
  }

  /** Who asked for the run, or null when no record says. */
  public String requester() {
    return requestedBy == null ? null : requestedBy.username;
  }

  /** Who approved or rejected the run, or null while nobody has. */
  public String approver() {
    return progress == null || progress.approvedBy == null ? null : progress.approvedBy.username;
  }
}
