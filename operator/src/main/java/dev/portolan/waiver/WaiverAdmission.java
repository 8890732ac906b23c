package dev.portolan.waiver;

import dev.portolan.action.ActionAdmission.Decision;
import dev.portolan.action.ActionRecords;
import dev.portolan.action.RecordedDecisions;
import dev.portolan.model.Waiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What admission decides for a request that creates or updates a Waiver, given the identity the API
 * server authenticated: on creation it records the requester and refuses an expiry that is missing,
 * past, or further ahead than the cap ({@code waivers.maxDuration}); on a change it admits a
 * decision ({@code metadata.annotations[portolan.dev/approval]}) only from a user RBAC lets {@code
 * approve} waivers in the namespace, never from the requester, and records who decided. It shares
 * its records with Actions ({@link RecordedDecisions}).
 */
public final class WaiverAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(WaiverAdmission.class);

  private final WaiverApprovers approvers;
  private final Duration maxDuration;
  private final String maxDurationText;
  private final Clock clock;
  private final RecordedDecisions records;

  /**
   * @param maxDurationText the cap as the chart's value reads, for messages
   */
  public WaiverAdmission(
      WaiverApprovers approvers, Duration maxDuration, String maxDurationText, Clock clock) {
    this.approvers = approvers;
    this.maxDuration = maxDuration;
    this.maxDurationText = maxDurationText;
    this.clock = clock;
    this.records = new RecordedDecisions("Waiver", "a Waiver", clock);
  }

  public Duration maxDuration() {
    return maxDuration;
  }

  /** A new Waiver: checks its expiry against the cap, then records who asks. */
  public Decision create(Waiver waiver, ActionRecords.Identity user) {
    String given = waiver.getSpec() == null ? null : waiver.getSpec().expiresAt;
    if (given == null || given.isBlank()) {
      return Decision.deny(
          "spec.expiresAt is required: when the waiver ends (RFC 3339, e.g."
              + " 2027-03-01T00:00:00Z), at most "
              + maxDurationText
              + " ahead (waivers.maxDuration)");
    }
    Optional<Instant> expiresAt = WaiverState.expiresAt(waiver);
    if (expiresAt.isEmpty()) {
      return Decision.deny(
          "spec.expiresAt '"
              + given
              + "' is not an RFC 3339 time; write it like 2027-03-01T00:00:00Z");
    }
    Instant now = clock.instant();
    if (!expiresAt.get().isAfter(now)) {
      return Decision.deny(
          "spec.expiresAt " + given + " is not in the future; a waiver must end after it starts");
    }
    Instant latest = now.plus(maxDuration).truncatedTo(ChronoUnit.SECONDS);
    if (expiresAt.get().isAfter(now.plus(maxDuration))) {
      return Decision.deny(
          "spec.expiresAt "
              + given
              + " is further ahead than the cap waivers.maxDuration ("
              + maxDurationText
              + "); choose "
              + latest
              + " or earlier, and request a new Waiver when it expires");
    }
    return records.create(waiver, user);
  }

  /** A change to a Waiver: guards the records and admits a decision only from an approver. */
  public Decision update(Waiver waiver, Waiver old, ActionRecords.Identity user) {
    Decision restored = records.guardRecords(waiver, old);
    if (!restored.allowed()) {
      return restored;
    }
    return RecordedDecisions.withRestored(restored, decide(waiver, old, user));
  }

  private Decision decide(Waiver waiver, Waiver old, ActionRecords.Identity user) {
    Optional<Decision> first = records.pendingDecision(waiver, old);
    if (first.isPresent()) {
      return first.get();
    }
    String key = RecordedDecisions.key();
    Optional<Instant> expiresAt = WaiverState.expiresAt(old);
    if (expiresAt.isPresent() && !clock.instant().isBefore(expiresAt.get())) {
      return Decision.deny(
          key + ": this Waiver expired at " + expiresAt.get() + "; there is nothing to decide");
    }
    String namespace = old.getMetadata().getNamespace();
    boolean may;
    try {
      may = approvers.mayApprove(user, namespace, old.getMetadata().getName());
    } catch (RuntimeException e) {
      LOG.warn("Could not ask whether {} may approve waivers: {}", user.username(), e.toString());
      return Decision.deny(
          key
              + ": could not ask the API server whether "
              + user.username()
              + " may approve waivers ("
              + e.getMessage()
              + "); try again");
    }
    if (!may) {
      return Decision.deny(
          key
              + ": "
              + user.username()
              + " may not approve waivers in namespace "
              + namespace
              + "; approving needs the RBAC verb "
              + WaiverApprovers.VERB
              + " on waivers.portolan.dev there (bind the ClusterRole portolan-waiver-approver)");
    }
    return records.decided(waiver, old, user);
  }

  /** The final check on the object as it will be stored: the records name this request's user. */
  public Decision validate(
      String operation, Waiver waiver, Waiver old, ActionRecords.Identity user) {
    return records.validate(operation, waiver, old, user);
  }

  /**
   * The cap as the chart writes it: a whole number of days, hours, minutes or seconds ({@code 90d},
   * {@code 36h}, {@code 30m}, {@code 45s}) or an ISO-8601 duration ({@code P90D}).
   *
   * @throws IllegalArgumentException naming the value when it is none of these or not positive
   */
  public static Duration parseDuration(String text) {
    String value = text == null ? "" : text.trim();
    Duration duration;
    try {
      if (value.matches("[0-9]+[dhms]")) {
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        duration =
            switch (value.charAt(value.length() - 1)) {
              case 'd' -> Duration.ofDays(amount);
              case 'h' -> Duration.ofHours(amount);
              case 'm' -> Duration.ofMinutes(amount);
              default -> Duration.ofSeconds(amount);
            };
      } else {
        duration = Duration.parse(value);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the waivers' maximum duration '"
              + text
              + "' is not a duration such as 90d, 36h or P90D");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(
          "the waivers' maximum duration '" + text + "' must be positive");
    }
    return duration;
  }
}
