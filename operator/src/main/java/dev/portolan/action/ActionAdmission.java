package dev.portolan.action;

import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What admission decides for a request that creates or updates an Action, given the identity the
 * API server authenticated. It records the requester on creation and the decider on approval, and
 * refuses every request that would set or change those records by hand, an approval by anyone who
 * is not an approver (or by the requester), and a second decision.
 */
public final class ActionAdmission {
  private static final List<String> FINISHED =
      List.of(ActionPhases.SUCCEEDED, ActionPhases.FAILED, ActionPhases.REJECTED);

  private final Function<String, Optional<ActionDefinition>> definitions;
  private final ActionDefinitionCompiler compiler;
  private final RecordedDecisions records;

  public ActionAdmission(
      Function<String, Optional<ActionDefinition>> definitions,
      ActionDefinitionCompiler compiler,
      Clock clock) {
    this.definitions = definitions;
    this.compiler = compiler;
    this.records = new RecordedDecisions("Action", "an Action", clock);
  }

  /**
   * @param allowed whether the request may proceed
   * @param message why not, for the user (kubectl prints it)
   * @param annotations annotations admission adds to the object when it is allowed
   */
  public record Decision(boolean allowed, String message, Map<String, String> annotations) {
    public static Decision allow(Map<String, String> annotations) {
      return new Decision(true, null, annotations);
    }

    public static Decision deny(String message) {
      return new Decision(false, message, Map.of());
    }
  }

  /** A new Action: records who asks. */
  public Decision create(Action action, ActionRecords.Identity user) {
    return records.create(action, user);
  }

  /** A change to an Action: guards the records and admits a decision only from an approver. */
  public Decision update(Action action, Action old, ActionRecords.Identity user) {
    Decision restored = records.guardRecords(action, old);
    if (!restored.allowed()) {
      return restored;
    }
    return RecordedDecisions.withRestored(restored, decide(action, old, user));
  }

  private Decision decide(Action action, Action old, ActionRecords.Identity user) {
    Optional<Decision> first = records.pendingDecision(action, old);
    if (first.isPresent()) {
      return first.get();
    }
    String key = RecordedDecisions.key();
    String phase = old.getStatus() == null ? null : old.getStatus().phase;
    if (phase != null && FINISHED.contains(phase)) {
      return Decision.deny(
          key + ": this Action has already finished (" + phase + "); there is nothing to decide");
    }
    String definitionName = action.getSpec() == null ? null : action.getSpec().definition;
    Optional<ActionDefinition> definition = definitions.apply(definitionName);
    if (definition.isEmpty()) {
      return Decision.deny(
          key + ": no ActionDefinition named " + definitionName + ", so nobody can approve it");
    }
    CompiledActionDefinition compiled = compiler.compile(definition.get());
    if (!compiled.requiresApproval()) {
      return Decision.deny(
          key + ": " + definitionName + " does not require approval; the Action runs without one");
    }
    if (!Subjects.includes(compiled.spec().approval.approvers, user)) {
      return Decision.deny(
          key
              + ": "
              + user.username()
              + " is not an approver of "
              + definitionName
              + "; its approvers are "
              + Subjects.describe(compiled.spec().approval.approvers));
    }
    return records.decided(action, old, user);
  }

  /**
   * The final check, on the object as it will be stored, after every mutating webhook: the records
   * must be exactly what this request's authenticated user made them, so no later mutation can have
   * put another name in.
   */
  public Decision validate(
      String operation, Action action, Action old, ActionRecords.Identity user) {
    return records.validate(operation, action, old, user);
  }
}
