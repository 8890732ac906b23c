package dev.portolan.waiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portolan.action.ActionAdmission.Decision;
import dev.portolan.action.ActionRecords;
import dev.portolan.model.Waiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaiverAdmissionTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final ActionRecords.Identity ALICE =
      new ActionRecords.Identity("alice", List.of("developers"), null);
  private static final ActionRecords.Identity LEAD =
      new ActionRecords.Identity("lead", List.of("leads"), null);
  private static final Set<String> APPROVERS = Set.of("lead", "alice-the-lead");

  private final WaiverAdmission admission =
      new WaiverAdmission(
          (user, namespace, waiver) -> APPROVERS.contains(user.username()),
          Duration.ofDays(90),
          "90d",
          Clock.fixed(NOW, ZoneOffset.UTC));

  private static Waiver requested(String by) {
    return Waivers.annotated(
        Waivers.forEntity("w", "cart", "2026-12-20T00:00:00Z", "has-repo"),
        ActionRecords.REQUESTED_BY,
        new ActionRecords.Identity(by, List.of("developers"), null).toJson());
  }

  private static Waiver deciding(Waiver old, String decision) {
    Waiver changed = Waivers.forEntity("w", "cart", "2026-12-20T00:00:00Z", "has-repo");
    changed
        .getMetadata()
        .setAnnotations(new java.util.HashMap<>(old.getMetadata().getAnnotations()));
    return Waivers.annotated(changed, ActionRecords.APPROVAL, decision);
  }

  @Test
  void aRequestIsRecordedAsTheAuthenticatedUser() {
    Decision decision =
        admission.create(Waivers.forEntity("w", "cart", "2026-12-20T00:00:00Z", "has-repo"), ALICE);
    assertThat(decision.allowed()).isTrue();
    assertThat(ActionRecords.Identity.parse(decision.annotations().get(ActionRecords.REQUESTED_BY)))
        .hasValueSatisfying(i -> assertThat(i.username()).isEqualTo("alice"));
  }

  @Test
  void anExpiryBeyondTheCapIsRefusedNamingTheFieldAndTheCap() {
    Decision decision =
        admission.create(Waivers.forEntity("w", "cart", "2027-06-01T00:00:00Z", "has-repo"), ALICE);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.message())
        .isEqualTo(
            "spec.expiresAt 2027-06-01T00:00:00Z is further ahead than the cap"
                + " waivers.maxDuration (90d); choose 2027-03-02T12:00:00Z or earlier, and request"
                + " a new Waiver when it expires");
  }

  @Test
  void aPastOrUnreadableExpiryIsRefused() {
    assertThat(
            admission
                .create(Waivers.forEntity("w", "cart", "2026-12-01T00:00:00Z", "r"), ALICE)
                .message())
        .startsWith("spec.expiresAt 2026-12-01T00:00:00Z is not in the future");
    assertThat(admission.create(Waivers.forEntity("w", "cart", "soon", "r"), ALICE).message())
        .startsWith("spec.expiresAt 'soon' is not an RFC 3339 time");
  }

  @Test
  void aRequestCannotArriveApprovedOrWithRecordsTypedByHand() {
    Waiver typed =
        Waivers.annotated(
            Waivers.forEntity("w", "cart", "2026-12-20T00:00:00Z", "r"),
            ActionRecords.APPROVAL,
            "approved");
    assertThat(admission.create(typed, ALICE).message())
        .contains("a Waiver cannot be created approved");
    Waiver forged =
        Waivers.annotated(
            Waivers.forEntity("w", "cart", "2026-12-20T00:00:00Z", "r"),
            ActionRecords.DECIDED_BY,
            Waivers.LEAD);
    assertThat(admission.create(forged, ALICE).message()).contains("cannot be set by hand");
  }

  @Test
  void anApproverDecidesAndIsRecordedWithTheTime() {
    Waiver old = requested("alice");
    Decision decision = admission.update(deciding(old, "approved"), old, LEAD);
    assertThat(decision.allowed()).as(decision.message()).isTrue();
    var decider =
        ActionRecords.Identity.parse(decision.annotations().get(ActionRecords.DECIDED_BY))
            .orElseThrow();
    assertThat(decider.username()).isEqualTo("lead");
    assertThat(decider.time()).isEqualTo("2026-12-02T12:00:00Z");
  }

  @Test
  void someoneRbacDoesNotLetApproveIsRefusedSayingWhatWouldLetThem() {
    Waiver old = requested("alice");
    Decision decision =
        admission.update(
            deciding(old, "approved"), old, new ActionRecords.Identity("bob", List.of(), null));
    assertThat(decision.message())
        .isEqualTo(
            "metadata.annotations[portolan.dev/approval]: bob may not approve waivers in namespace"
                + " shop; approving needs the RBAC verb approve on waivers.portolan.dev there (bind"
                + " the ClusterRole portolan-waiver-approver)");
  }

  @Test
  void anApproverCannotApproveTheirOwnRequest() {
    Waiver old = requested("alice-the-lead");
    Decision decision =
        admission.update(
            deciding(old, "approved"),
            old,
            new ActionRecords.Identity("alice-the-lead", List.of(), null));
    assertThat(decision.message())
        .isEqualTo(
            "metadata.annotations[portolan.dev/approval]: alice-the-lead requested this Waiver and"
                + " cannot also approve it; ask another approver");
  }

  @Test
  void aDecisionIsFinal() {
    Waiver old = Waivers.approved(requested("alice"));
    Decision decision = admission.update(deciding(old, "rejected"), old, LEAD);
    assertThat(decision.message())
        .isEqualTo(
            "metadata.annotations[portolan.dev/approval]: this Waiver was already approved by lead;"
                + " a decision is final");
  }

  @Test
  void theCapReadsAsTheChartWritesIt() {
    assertThat(WaiverAdmission.parseDuration("90d")).isEqualTo(Duration.ofDays(90));
    assertThat(WaiverAdmission.parseDuration("36h")).isEqualTo(Duration.ofHours(36));
    assertThat(WaiverAdmission.parseDuration("P7D")).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> WaiverAdmission.parseDuration("ninety days"))
        .hasMessage(
            "the waivers' maximum duration 'ninety days' is not a duration such as 90d, 36h or P90D");
  }
}
