package dev.portolan.action;

import dev.portolan.action.ActionAdmission.Decision;
import dev.portolan.kit.Timestamps;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of admission that every approvable kind shares (Actions and Waivers): it records the
 * requester on creation and the decider on a decision, in the {@link ActionRecords} annotations,
 * from the identity the API server authenticated; it refuses requests that set or change those
 * records by hand, a second decision, and a decision by the requester. Who may decide at all is the
 * kind's own rule, checked by its admission between {@link #pendingDecision} and {@link #decided}.
 */
public final class RecordedDecisions {
  private static final List<String> RECORDS =
      List.of(ActionRecords.REQUESTED_BY, ActionRecords.DECIDED_BY);

  private final String kind;
  private final String aKind;
  private final Clock clock;

  /**
   * @param kind the kind as users read it, e.g. {@code Action}
   * @param aKind the same with its article, e.g. {@code an Action}
   */
  public RecordedDecisions(String kind, String aKind, Clock clock) {
    this.kind = kind;
    this.aKind = aKind;
    this.clock = clock;
  }

  /** A new object: records who asks, refusing records or a decision typed by hand. */
  public Decision create(HasMetadata object, ActionRecords.Identity user) {
    for (String record : RECORDS) {
      if (ActionRecords.annotation(object, record) != null) {
        return Decision.deny(
            "metadata.annotations["
                + record
                + "] is recorded by Portolan's admission from the API"
                + " server's authentication and cannot be set by hand; remove it");
      }
    }
    if (ActionRecords.annotation(object, ActionRecords.APPROVAL) != null) {
      return Decision.deny(
          "metadata.annotations["
              + ActionRecords.APPROVAL
              + "]: "
              + aKind
              + " cannot be created"
              + " approved; create it without the annotation and let an approver annotate it");
    }
    if (user.username() == null || user.username().isEmpty()) {
      return Decision.deny("the API server did not authenticate a user for this request");
    }
    return Decision.allow(Map.of(ActionRecords.REQUESTED_BY, withoutTime(user).toJson()));
  }

  /**
   * The records of a change: a record left out of the new object (a server-side apply or a replace
   * of the manifest as written) is put back (the annotations of an allowed decision); a record
   * given another value is refused.
   */
  public Decision guardRecords(HasMetadata object, HasMetadata old) {
    Map<String, String> restored = new LinkedHashMap<>();
    for (String record : RECORDS) {
      String before = ActionRecords.annotation(old, record);
      String after = ActionRecords.annotation(object, record);
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
    return Decision.allow(restored);
  }

  /** The restored records of {@link #guardRecords} with the decision's own annotations. */
  public static Decision withRestored(Decision restored, Decision decision) {
    if (!decision.allowed() || restored.annotations().isEmpty()) {
      return decision;
    }
    Map<String, String> annotations = new LinkedHashMap<>(restored.annotations());
    annotations.putAll(decision.annotations());
    return Decision.allow(annotations);
  }

  /**
   * The first checks of a change's decision: allowed with nothing to record when the approval
   * annotation did not change; refused when a decision was already made or the value is neither
   * {@code approved} nor {@code rejected}; empty when the kind's own checks come next.
   */
  public Optional<Decision> pendingDecision(HasMetadata object, HasMetadata old) {
    String before = ActionRecords.annotation(old, ActionRecords.APPROVAL);
    String after = ActionRecords.annotation(object, ActionRecords.APPROVAL);
    if (Objects.equals(before, after)) {
      return Optional.of(Decision.allow(Map.of()));
    }
    String key = key();
    if (before != null) {
      String by =
          ActionRecords.decider(old).map(ActionRecords.Identity::username).orElse("someone");
      return Optional.of(
          Decision.deny(
              key
                  + ": this "
                  + kind
                  + " was already "
                  + before
                  + " by "
                  + by
                  + "; a decision is final"));
    }
    if (!ActionRecords.APPROVED.equals(after) && !ActionRecords.REJECTED.equals(after)) {
      return Optional.of(
          Decision.deny(
              key
                  + ": must be "
                  + ActionRecords.APPROVED
                  + " or "
                  + ActionRecords.REJECTED
                  + ", not '"
                  + after
                  + "'"));
    }
    return Optional.empty();
  }

  /** The decision of an approver: refused from the requester, else recorded with its time. */
  public Decision decided(HasMetadata object, HasMetadata old, ActionRecords.Identity user) {
    String after = ActionRecords.annotation(object, ActionRecords.APPROVAL);
    Optional<ActionRecords.Identity> requester = ActionRecords.requester(old);
    if (requester.isPresent() && requester.get().username().equals(user.username())) {
      return Decision.deny(
          key()
              + ": "
              + user.username()
              + " requested this "
              + kind
              + " and cannot also "
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
      String operation, HasMetadata object, HasMetadata old, ActionRecords.Identity user) {
    Optional<ActionRecords.Identity> requester = ActionRecords.requester(object);
    if ("CREATE".equals(operation)) {
      if (requester.isEmpty() || !same(requester.get(), user)) {
        return Decision.deny(
            "metadata.annotations["
                + ActionRecords.REQUESTED_BY
                + "] does not name the user who"
                + " creates this "
                + kind
                + "; only Portolan's admission may write it");
      }
      return ActionRecords.annotation(object, ActionRecords.DECIDED_BY) == null
          ? Decision.allow(Map.of())
          : Decision.deny(
              "metadata.annotations["
                  + ActionRecords.DECIDED_BY
                  + "] cannot be set on a new "
                  + kind);
    }
    if (!Objects.equals(
        ActionRecords.annotation(object, ActionRecords.REQUESTED_BY),
        ActionRecords.annotation(old, ActionRecords.REQUESTED_BY))) {
      return Decision.deny(
          "metadata.annotations[" + ActionRecords.REQUESTED_BY + "] cannot be changed");
    }
    String before = ActionRecords.annotation(old, ActionRecords.DECIDED_BY);
    String after = ActionRecords.annotation(object, ActionRecords.DECIDED_BY);
    if (Objects.equals(before, after)) {
      return Objects.equals(
              ActionRecords.annotation(object, ActionRecords.APPROVAL),
              ActionRecords.annotation(old, ActionRecords.APPROVAL))
          ? Decision.allow(Map.of())
          : Decision.deny(
              "metadata.annotations["
                  + ActionRecords.APPROVAL
                  + "] changed without admission recording"
                  + " who decided");
    }
    Optional<ActionRecords.Identity> decider = ActionRecords.decider(object);
    if (before != null || decider.isEmpty() || !same(decider.get(), user)) {
      return Decision.deny(
          "metadata.annotations["
              + ActionRecords.DECIDED_BY
              + "] does not name the user who"
              + " decides; only Portolan's admission may write it");
    }
    return Decision.allow(Map.of());
  }

  /** {@code metadata.annotations[portolan.dev/approval]}, as messages name it. */
  public static String key() {
    return "metadata.annotations[" + ActionRecords.APPROVAL + "]";
  }

  private static boolean same(ActionRecords.Identity recorded, ActionRecords.Identity user) {
    return recorded.username().equals(user.username()) && recorded.groups().equals(user.groups());
  }

  private static ActionRecords.Identity withoutTime(ActionRecords.Identity user) {
    return new ActionRecords.Identity(user.username(), user.groups(), null);
  }
}
