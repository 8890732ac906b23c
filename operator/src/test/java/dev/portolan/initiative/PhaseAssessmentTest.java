package dev.portolan.initiative;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PhaseAssessmentTest {
  private static final LocalDate START = LocalDate.parse("2026-12-01");
  private static final LocalDate DEADLINE = LocalDate.parse("2026-12-10"); // 10 days, to 24:00

  private static PhaseAssessment at(String instant, int passing, int failing) {
    return PhaseAssessment.of(
        new Counts(passing, failing, 0), "Silver", START, DEADLINE, Instant.parse(instant), null);
  }

  @Test
  void belowTheStraightLineFromZeroAtTheStartToAHundredAtTheDeadlineIsAtRisk() {
    // Half the time gone (5 of 10 days): the line stands at 50%.
    PhaseAssessment behind = at("2026-12-06T00:00:00Z", 4, 6);
    assertThat(behind.phase()).isEqualTo(Phase.AtRisk);
    assertThat(behind.reason()).isEqualTo("BehindSchedule");
    assertThat(behind.percent()).isEqualTo(40);
    assertThat(behind.expectedPercent()).isEqualTo(50);
    assertThat(behind.daysLeft()).isEqualTo(4);
    assertThat(behind.message())
        .isEqualTo(
            "4 of 10 covered entities reach Silver (40%), below the 50% expected by now on a"
                + " straight line from 0% on 2026-12-01 to 100% on 2026-12-10; 6 still fail, 4"
                + " days left");
    PhaseAssessment onTheLine = at("2026-12-06T00:00:00Z", 5, 5);
    assertThat(onTheLine.phase()).isEqualTo(Phase.OnTrack);
    assertThat(onTheLine.reason()).isEqualTo("OnSchedule");
  }

  @Test
  void theComparisonIsExactNotInRoundedPercent() {
    // 1 of 3 is 33.3%; at a third of the time plus a second the line is just above it.
    PhaseAssessment justBehind = at("2026-12-04T08:00:01Z", 1, 2);
    assertThat(justBehind.percent()).isEqualTo(justBehind.expectedPercent()).isEqualTo(33);
    assertThat(justBehind.phase()).isEqualTo(Phase.AtRisk);
    assertThat(at("2026-12-04T07:59:59Z", 1, 2).phase()).isEqualTo(Phase.OnTrack);
  }

  @Test
  void everyCoveredEntityPassingIsMetAtAnyTime() {
    assertThat(at("2026-11-20T00:00:00Z", 3, 0).phase()).isEqualTo(Phase.Met);
    PhaseAssessment met = at("2026-12-03T12:00:00Z", 3, 0);
    assertThat(met.phase()).isEqualTo(Phase.Met);
    assertThat(met.reason()).isEqualTo("AllPassing");
    assertThat(met.percent()).isEqualTo(100);
    assertThat(met.daysLeft()).isEqualTo(7);
  }

  @Test
  void theDeadlineRunsToTheEndOfItsDayThenFailingEntitiesMeanMissed() {
    PhaseAssessment lastDay = at("2026-12-10T23:59:59Z", 9, 1);
    assertThat(lastDay.phase()).isEqualTo(Phase.AtRisk);
    assertThat(lastDay.daysLeft()).isZero();
    PhaseAssessment missed = at("2026-12-11T00:00:00Z", 9, 1);
    assertThat(missed.phase()).isEqualTo(Phase.Missed);
    assertThat(missed.reason()).isEqualTo("DeadlinePassed");
    assertThat(missed.message())
        .isEqualTo(
            "the deadline 2026-12-10 passed: 9 of 10 covered entities reach Silver (90%); 1 still"
                + " fail");
    assertThat(missed.expectedPercent()).isEqualTo(100);
  }

  @Test
  void fixedAfterTheDeadlineIsMetButSaysItWasLate() {
    PhaseAssessment late =
        PhaseAssessment.of(
            new Counts(10, 0, 0),
            "Silver",
            START,
            DEADLINE,
            Instant.parse("2026-12-12T00:00:00Z"),
            new Counts(9, 1, 0));
    assertThat(late.phase()).isEqualTo(Phase.Met);
    assertThat(late.reason()).isEqualTo("MetAfterDeadline");
    assertThat(late.message()).contains("after the deadline 2026-12-10 (on it 1 still failed)");
  }

  @Test
  void beforeTheStartItIsOnTrackAndCoveringNothingIsAtRisk() {
    PhaseAssessment early = at("2026-11-30T10:00:00Z", 0, 4);
    assertThat(early.phase()).isEqualTo(Phase.OnTrack);
    assertThat(early.reason()).isEqualTo("NotStarted");
    assertThat(early.expectedPercent()).isZero();
    assertThat(early.daysLeft()).isEqualTo(10);
    PhaseAssessment empty = at("2026-12-02T00:00:00Z", 0, 0);
    assertThat(empty.phase()).isEqualTo(Phase.AtRisk);
    assertThat(empty.reason()).isEqualTo("NothingCovered");
    assertThat(empty.message()).contains("spec.filter and spec.owners");
  }

  private static PhaseAssessment at(String instant, int passing, int failing, int waived) {
    return PhaseAssessment.of(
        new Counts(passing, failing, waived),
        "Silver",
        START,
        DEADLINE,
        Instant.parse(instant),
        null);
  }

  @Test
  void entitiesLeaningOnAWaiverKeepAnInitiativeFromBeingMet() {
    PhaseAssessment waived = at("2026-12-09T00:00:00Z", 8, 0, 2);
    assertThat(waived.phase()).isEqualTo(Phase.OnTrack);
    assertThat(waived.reason()).isEqualTo("OnSchedule");
    assertThat(waived.percent()).isEqualTo(80);
    assertThat(waived.message())
        .isEqualTo(
            "8 of 10 covered entities reach Silver (80%), 2 more only through a waiver, at or above"
                + " the 80% expected by now on a straight line from 0% on 2026-12-01 to 100% on"
                + " 2026-12-10; 2 waived, 1 day left");
    assertThat(at("2026-12-02T00:00:00Z", 0, 0, 3).phase()).isEqualTo(Phase.AtRisk);
  }

  @Test
  void waivedEntitiesAtTheDeadlineMeanMissed() {
    PhaseAssessment missed = at("2026-12-11T00:00:00Z", 9, 0, 1);
    assertThat(missed.phase()).isEqualTo(Phase.Missed);
    assertThat(missed.message())
        .isEqualTo(
            "the deadline 2026-12-10 passed: 9 of 10 covered entities reach Silver (90%), 1 more"
                + " only through a waiver; 1 waived");
  }

  @Test
  void metAfterTheDeadlineSaysHowManyWereWaivedOnIt() {
    PhaseAssessment late =
        PhaseAssessment.of(
            new Counts(10, 0, 0),
            "Silver",
            START,
            DEADLINE,
            Instant.parse("2026-12-12T00:00:00Z"),
            new Counts(9, 0, 1));
    assertThat(late.reason()).isEqualTo("MetAfterDeadline");
    assertThat(late.message())
        .isEqualTo(
            "all 10 covered entities reach Silver, after the deadline 2026-12-10 (on it 1"
                + " waived)");
  }
}
