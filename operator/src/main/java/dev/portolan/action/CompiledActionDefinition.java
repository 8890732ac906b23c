package dev.portolan.action;

import com.networknt.schema.Schema;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.kit.Problem;
import dev.portolan.model.ActionDefinitionSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.List;
import java.util.Map;

/**
 * An action definition checked and compiled once per generation.
 *
 * @param inputs the schema every run's inputs must satisfy
 * @param condition for which entities the action is offered, or null for all of its blueprint
 * @param job the Job template, or null when it does not parse
 * @param inputVariables each input's environment variable name, by input name
 * @param problems what is wrong with the definition itself; a definition with problems runs nothing
 */
public record CompiledActionDefinition(
    String name,
    ActionDefinitionSpec spec,
    Schema inputs,
    CompiledExpression condition,
    JobSpec job,
    Map<String, String> inputVariables,
    List<Problem> problems) {
  public static final String CREATE = "Create";
  public static final String DAY2 = "Day2";
  public static final String DELETE = "Delete";

  public boolean valid() {
    return problems.isEmpty();
  }

  public boolean needsEntity() {
    return DAY2.equals(spec.operation) || DELETE.equals(spec.operation);
  }

  public boolean requiresApproval() {
    return spec.approval != null && Boolean.TRUE.equals(spec.approval.required);
  }

  /** Whether this identity may approve or reject runs: an approver who is not the requester. */
  public boolean mayDecide(ActionRecords.Identity identity, String requester) {
    return requiresApproval()
        && identity != null
        && !identity.username().equals(requester)
        && Subjects.includes(spec.approval.approvers, identity);
  }

  /** Finished runs kept per namespace; 20 when the definition does not say. */
  public int historyKeep() {
    return spec.history == null || spec.history.keep == null ? 20 : spec.history.keep;
  }
}
