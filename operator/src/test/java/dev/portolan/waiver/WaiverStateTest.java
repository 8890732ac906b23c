package dev.portolan.waiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.action.ActionRecords;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WaiverStateTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final String LATER = "2026-12-20T00:00:00Z";

  @Test
  void aRequestWithoutADecisionWaitsForAnApprover() {
    WaiverState state =
        WaiverState.of(
            Waivers.annotated(
                Waivers.forEntity("w", "cart", LATER, "has-repo"),
                ActionRecords.REQUESTED_BY,
                Waivers.ALICE),
            NOW,
            true);
    assertThat(state.phase()).isEqualTo("Pending");
    assertThat(state.requester().orElseThrow().username()).isEqualTo("alice");
    assertThat(state.message()).contains("approve", "portolan.dev/approval");
  }

  @Test
  void anApprovalTypedWithoutAdmissionsRecordIsStillPending() {
    WaiverState state =
        WaiverState.of(
            Waivers.annotated(
                Waivers.forEntity("w", "cart", LATER, "has-repo"),
                ActionRecords.APPROVAL,
                ActionRecords.APPROVED),
            NOW,
            true);
    assertThat(state.phase()).isEqualTo("Pending");
  }

  @Test
  void anApprovedWaiverIsActiveUntilTheSecondItExpires() {
    var waiver = Waivers.approved(Waivers.forEntity("w", "cart", LATER, "has-repo"));
    WaiverState active = WaiverState.of(waiver, Instant.parse(LATER).minusMillis(1), true);
    assertThat(active.phase()).isEqualTo("Active");
    assertThat(active.decider().orElseThrow().username()).isEqualTo("lead");
    assertThat(WaiverState.of(waiver, Instant.parse(LATER), true).phase()).isEqualTo("Expired");
  }

  @Test
  void aRejectedWaiverStaysRejected() {
    var waiver =
        Waivers.annotated(
            Waivers.approved(Waivers.forEntity("w", "cart", LATER, "has-repo")),
            ActionRecords.APPROVAL,
            ActionRecords.REJECTED);
    assertThat(WaiverState.of(waiver, NOW, true).phase()).isEqualTo("Rejected");
  }

  @Test
  void withoutTheWebhookNothingIsApplied() {
    var waiver = Waivers.approved(Waivers.forEntity("w", "cart", LATER, "has-repo"));
    WaiverState state = WaiverState.of(waiver, NOW, false);
    assertThat(state.active()).isFalse();
    assertThat(state.message()).contains("webhook.enabled");
  }

  @Test
  void anUnreadableExpiryIsInvalidAndSaysHowToWriteIt() {
    WaiverState state =
        WaiverState.of(Waivers.forEntity("w", "cart", "next week", "has-repo"), NOW, true);
    assertThat(state.phase()).isEqualTo("Invalid");
    assertThat(state.message())
        .isEqualTo(
            "spec.expiresAt 'next week' is not an RFC 3339 time such as 2027-03-01T00:00:00Z;"
                + " request a new Waiver");
  }
}
