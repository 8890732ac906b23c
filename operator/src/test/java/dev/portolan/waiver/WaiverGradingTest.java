package dev.portolan.waiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Waiver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaiverGradingTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final String LATER = "2026-12-20T00:00:00Z";
  private final WaiverGrading grading =
      new WaiverGrading(
          name ->
              "prod".equals(name)
                  ? Optional.of(List.of("Bronze", "Silver", "Gold"))
                  : Optional.empty());
  private final dev.portolan.model.Entity cart = Waivers.entity("shop", "cart", Map.of());

  /** cart passes has-owner (Bronze), fails has-repo (Bronze) and has-oncall (Silver). */
  private static Map<String, ScorecardResult> grades() {
    return Map.of(
        "prod",
        Waivers.result(
            "None",
            Waivers.rule("has-owner", "Bronze", true),
            Waivers.rule("has-repo", "Bronze", false),
            Waivers.rule("has-oncall", "Silver", false)));
  }

  private WaiverGrading.Graded apply(Instant at, Waiver... waivers) {
    return grading.apply(cart, grades(), List.of(waivers), at, true);
  }

  @Test
  void anActiveWaiverShowsTheFailingRuleAsWaivedNeverPassedAndLetsTheLevelRise() {
    WaiverGrading.Graded graded =
        apply(NOW, Waivers.approved(Waivers.forEntity("w", "cart", LATER, "has-repo")));
    ScorecardResult prod = graded.grades().get("prod");
    assertThat(prod.level).as("has-repo no longer holds Bronze back").isEqualTo("Bronze");
    RuleResult repo = prod.rules.get(1);
    assertThat(repo.result).isEqualTo("Waived");
    assertThat(repo.passed).isFalse();
    assertThat(repo.waiver.name).isEqualTo("w");
    assertThat(repo.waiver.approvedBy).isEqualTo("lead");
    assertThat(repo.waiver.expiresAt).isEqualTo(LATER);
    assertThat(prod.rules.get(0).result).as("a passing rule needs no waiver").isNull();
    assertThat(prod.rules.get(2).result).as("a rule not named stays failed").isNull();
    assertThat(graded.nextExpiry()).contains(Instant.parse(LATER));
  }

  @Test
  void atTheSecondItExpiresTheRuleFailsAgainAndNothingIsRescheduled() {
    WaiverGrading.Graded graded =
        apply(
            Instant.parse(LATER),
            Waivers.approved(Waivers.forEntity("w", "cart", LATER, "has-repo")));
    assertThat(graded.grades().get("prod").level).isEqualTo("None");
    assertThat(graded.grades().get("prod").rules.get(1).result).isNull();
    assertThat(graded.nextExpiry()).isEmpty();
  }

  @Test
  void aPendingWaiverOrOneForAnotherScorecardOrEntityChangesNothing() {
    Waiver pending = Waivers.forEntity("p", "cart", LATER, "has-repo");
    Waiver otherScorecard = Waivers.approved(Waivers.forEntity("o", "cart", LATER, "has-repo"));
    otherScorecard.getSpec().scorecard = "security";
    Waiver otherEntity = Waivers.approved(Waivers.forEntity("e", "till", LATER, "has-repo"));
    WaiverGrading.Graded graded = apply(NOW, pending, otherScorecard, otherEntity);
    assertThat(graded.grades().get("prod").level).isEqualTo("None");
    assertThat(graded.grades().get("prod").rules)
        .allSatisfy(rule -> assertThat(rule.result).isNull());
  }

  @Test
  void ofTwoWaiversTheLongerShowsAndTheEarlierExpiryIsTheNextRegrade() {
    String sooner = "2026-12-05T00:00:00Z";
    WaiverGrading.Graded graded =
        apply(
            NOW,
            Waivers.approved(Waivers.forEntity("short", "cart", sooner, "has-repo")),
            Waivers.approved(Waivers.forEntity("long", "cart", LATER, "has-repo", "has-oncall")));
    ScorecardResult prod = graded.grades().get("prod");
    assertThat(prod.rules.get(1).waiver.name).isEqualTo("long");
    assertThat(prod.level).as("both failing rules waived").isEqualTo("Gold");
    assertThat(graded.nextExpiry()).contains(Instant.parse(sooner));
  }
}
