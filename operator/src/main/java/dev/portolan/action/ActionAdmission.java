package dev.portolan.action;

import dev.portolan.kit.Timestamps;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What admission decides for a request that creates or updates an Action, given the identity the
 * API server authenticated. It records the requester on creation and the decider on approval, and
 * refuses every request that would set or change those records by hand, an approval by anyone who
 * is not an approver (or by the requester), and a second decision.
 */
public final class ActionAdmission {
  private static final List<String> RECORDS =
      List.of(ActionRecords.REQUESTED_BY, ActionRecords.DECIDED_BY);
  private static final List<String> FINISHED =
      List.of(ActionPhases.SUCCEEDED, ActionPhases.FAILED, ActionPhases.REJECTED);

  private final Function<String, Optional<ActionDefinition>> definitions;
  private final ActionDefinitionCompiler compiler;
  private final Clock clock;

  public ActionAdmission(
      Function<String, Optional<ActionDefinition>> definitions,
      ActionDefinitionCompiler compiler,
      Clock clock) {
    this.definitions = definitions;
    this.compiler = compiler;
    this.clock = clock;
  }

  /**
   * @param allowed whether the request may proceed
   * @param message why not, for the user (kubectl prints it)
   * @param annotations annotations admission adds to the object when it is allowed
   */
  public record Decision(boolean allowed, String message, Map<String, String> annotations) {
    static Decision allow(Map<String, String> annotations) {
      return new Decision(true, null, annotations);
    }

    static Decision deny(String message) {
      return new Decision(false, message, Map.of());
    }
  }

  /** A new Action: records who asks. */
  public Decision create(Action action, ActionRecords.Identity user) {
    for (String record : RECORDS) {
      if (ActionRecords.annotation(action, record) != null) {
        return Decision.deny(
            "metadata.annotations["
                + record
                + "] is recorded by Portolan's admission from the API"
                + " server's authentication and cannot be set by hand; remove it");
      }
    }
    if (ActionRecords.annotation(action, ActionRecords.APPROVAL) != null) {
      return Decision.deny(
          "metadata.annotations["
              + ActionRecords.APPROVAL
              + "]: an Action cannot be created"
              + " approved; create it without the annotation and let an approver annotate it");
    }
    if (user.username() == null || user.username().isEmpty()) {
      return Decision.deny("the API server did not authenticate a user for this request");
    }
    return Decision.allow(Map.of(ActionRecords.REQUESTED_BY, withoutTime(user).toJson()));
  }

  /** A change to an Action: guards the records and admits a decision only from an approver. */
  public Decision update(Action action, Action old, ActionRecords.Identity user) {
    // A record left out of the new object (a server-side apply or a replace of the manifest as
    // written) is put back; a record given another value is refused.
    Map<String, String> restored = new java.util.LinkedHashMap<>();
    for (String record : RECORDS) {
      String before = ActionRecords.annotation(old, record);
      String after = ActionRecords.annotation(action, record);
      if (after == null && before != null) {
        restored.put(record, before);
      } else if (!Objects.equals(after, before)) {
        return Decision.deny(
            "metadata.annotations["
                + record
                + "] is recorded by Portolan's admission and cannot be"
                + " changed; leave it as it is");
      }
    }
    Decision decision = decide(action, old, user);
    if (!decision.allowed() || restored.isEmpty()) {
      return decision;
    }
    Map<String, String> annotations = new java.util.LinkedHashMap<>(restored);
    annotations.putAll(decision.annotations());
    return Decision.allow(annotations);
  }

  private Decision decide(Action action, Action old, ActionRecords.Identity user) {
    String before = ActionRecords.annotation(old, ActionRecords.APPROVAL);
    String after = ActionRecords.annotation(action, ActionRecords.APPROVAL);
    if (Objects.equals(before, after)) {
      return Decision.allow(Map.of());
    }
    String key = "metadata.annotations[" + ActionRecords.APPROVAL + "]";
    if (before != null) {
      String by =
          ActionRecords.decider(old).map(ActionRecords.Identity::username).orElse("someone");
      return Decision.deny(
          key + ": this Action was already " + before + " by " + by + "; a decision is final");
    }
    if (!ActionRecords.APPROVED.equals(after) && !ActionRecords.REJECTED.equals(after)) {
      return Decision.deny(
          key
              + ": must be "
              + ActionRecords.APPROVED
              + " or "
              + ActionRecords.REJECTED
              + ", not '"
              + after
              + "'");
    }
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
    Optional<ActionRecords.Identity> requester = ActionRecords.requester(old);
    if (requester.isPresent() && requester.get().username().equals(user.username())) {
      return Decision.deny(
          key
              + ": "
              + user.username()
              + " requested this Action and cannot also "
              + (ActionRecords.APPROVED.equals(after) ? "approve" : "reject")
              + " it; ask another approver");
    }
    String time = Timestamps.now(clock);
    return Decision.allow(
        Map.of(
            ActionRecords.DECIDED_BY,
            new ActionRecords.Identity(user.username(), user.groups(), time).toJson()));
  }

  /**
   * The final check, on the object as it will be stored, after every mutating webhook: the records
   * must be exactly what this request's authenticated user made them, so no later mutation can have
   * put another name in.
   */
  public Decision validate(
      String operation, Action action, Action old, ActionRecords.Identity user) {
    Optional<ActionRecords.Identity> requester = ActionRecords.requester(action);
    if ("CREATE".equals(operation)) {
      if (requester.isEmpty() || !same(requester.get(), user)) {
        return Decision.deny(
            "metadata.annotations["
                + ActionRecords.REQUESTED_BY
                + "] does not name the user who"
                + " creates this Action; only Portolan's admission may write it");
      }
      return ActionRecords.annotation(action, ActionRecords.DECIDED_BY) == null
          ? Decision.allow(Map.of())
          : Decision.deny(
              "metadata.annotations["
                  + ActionRecords.DECIDED_BY
                  + "] cannot be set on a new Action");
    }
    if (!Objects.equals(
        ActionRecords.annotation(action, ActionRecords.REQUESTED_BY),
        ActionRecords.annotation(old, ActionRecords.REQUESTED_BY))) {
      return Decision.deny(
          "metadata.annotations[" + ActionRecords.REQUESTED_BY + "] cannot be changed");
    }
    String before = ActionRecords.annotation(old, ActionRecords.DECIDED_BY);
    String after = ActionRecords.annotation(action, ActionRecords.DECIDED_BY);
    if (Objects.equals(before, after)) {
      return Objects.equals(
              ActionRecords.annotation(action, ActionRecords.APPROVAL),
              ActionRecords.annotation(old, ActionRecords.APPROVAL))
          ? Decision.allow(Map.of())
          : Decision.deny(
              "metadata.annotations["
                  + ActionRecords.APPROVAL
                  + "] changed without admission recording"
                  + " who decided");
    }
    Optional<ActionRecords.Identity> decider = ActionRecords.decider(action);
    if (before != null || decider.isEmpty() || !same(decider.get(), user)) {
      return Decision.deny(
          "metadata.annotations["
              + ActionRecords.DECIDED_BY
              + "] does not name the user who"
              + " decides; only Portolan's admission may write it");
    }
    return Decision.allow(Map.of());
  }

  private static boolean same(ActionRecords.Identity recorded, ActionRecords.Identity user) {
    return recorded.username().equals(user.username()) && recorded.groups().equals(user.groups());
  }

  private static ActionRecords.Identity withoutTime(ActionRecords.Identity user) {
    return new ActionRecords.Identity(user.username(), user.groups(), null);
  }
}
