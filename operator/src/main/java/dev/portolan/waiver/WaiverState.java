package dev.portolan.waiver;

import dev.portolan.action.ActionRecords;
import dev.portolan.model.Waiver;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a Waiver is at an instant, read from admission's records (never from its status, which may
 * lag, nor from a field a user types) and its expiry.
 *
 * @param expiresAt null when {@code spec.expiresAt} cannot be read (phase {@link #INVALID})
 * @param requester who asked, as admission recorded it
 * @param decider who approved or rejected, as admission recorded it
 */
public record WaiverState(
    String phase,
    Instant expiresAt,
    Optional<ActionRecords.Identity> requester,
    Optional<ActionRecords.Identity> decider,
    String message) {
  public static final String PENDING = "Pending";
  public static final String ACTIVE = "Active";
  public static final String REJECTED = "Rejected";
  public static final String EXPIRED = "Expired";
  public static final String INVALID = "Invalid";

  public boolean active() {
    return ACTIVE.equals(phase);
  }

  /**
   * @param recorded whether an admission webhook records who requests and decides; without one the
   *     records could have been typed by anyone, so no waiver is applied
   */
  public static WaiverState of(Waiver waiver, Instant now, boolean recorded) {
    Optional<ActionRecords.Identity> requester = ActionRecords.requester(waiver);
    Optional<ActionRecords.Identity> decider = ActionRecords.decider(waiver);
    Optional<Instant> expiry = expiresAt(waiver);
    if (expiry.isEmpty()) {
      String given = waiver.getSpec() == null ? null : waiver.getSpec().expiresAt;
      return new WaiverState(
          INVALID,
          null,
          requester,
          decider,
          "spec.expiresAt '"
              + given
              + "' is not an RFC 3339 time such as 2027-03-01T00:00:00Z; request a new Waiver");
    }
    Instant expiresAt = expiry.get();
    String approval = ActionRecords.approval(waiver).orElse(null);
    if (!recorded) {
      return new WaiverState(
          PENDING,
          expiresAt,
          requester,
          decider,
          "no admission webhook records who requests and approves waivers here"
              + " (the chart's webhook.enabled), so no waiver is applied");
    }
    if (decider.isPresent() && ActionRecords.REJECTED.equals(approval)) {
      return new WaiverState(
          REJECTED,
          expiresAt,
          requester,
          decider,
          "rejected by " + decider.get().username() + "; the rules are graded as usual");
    }
    if (!now.isBefore(expiresAt)) {
      return new WaiverState(
          EXPIRED,
          expiresAt,
          requester,
          decider,
          "expired at " + expiresAt + "; the rules are graded as usual again");
    }
    if (decider.isPresent() && ActionRecords.APPROVED.equals(approval)) {
      return new WaiverState(
          ACTIVE,
          expiresAt,
          requester,
          decider,
          "approved by " + decider.get().username() + "; waives the rules until " + expiresAt);
    }
    return new WaiverState(
        PENDING,
        expiresAt,
        requester,
        decider,
        "waits for an approver (RBAC verb approve on waivers) to set "
            + "metadata.annotations["
            + ActionRecords.APPROVAL
            + "] to approved or rejected");
  }

  /** {@code spec.expiresAt} as an instant, when it is an RFC 3339 time. */
  public static Optional<Instant> expiresAt(Waiver waiver) {
    String text = waiver.getSpec() == null ? null : waiver.getSpec().expiresAt;
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
