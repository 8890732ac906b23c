package dev.portolan.initiative;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * An initiative's phase, with its reason and the figures behind it, from its counts, its dates and
 * the time. The days are UTC: the start counts from 00:00 of {@code start}, the deadline runs until
 * 24:00 of {@code deadline}.
 *
 * <ul>
 *   <li>{@code Met} when something is covered and every covered entity passes ({@code
 *       MetAfterDeadline} when the deadline's own day was recorded with entities not passing). An
 *       entity that reaches the target only through an active Waiver ({@link Outcome#WAIVED}) does
 *       not pass: an initiative is not met while entities lean on a temporary waiver;
 *   <li>after the deadline, otherwise {@code Missed} ({@code DeadlinePassed});
 *   <li>before the start, {@code OnTrack} ({@code NotStarted});
 *   <li>covering nothing, {@code AtRisk} ({@code NothingCovered});
 *   <li>{@code AtRisk} ({@code BehindSchedule}) when the share passing (waived not included) is
 *       below the expected share: the straight line from 0% at the start to 100% at the deadline,
 *       at this moment (equivalently: progress at the pace since the start would not reach 100% by
 *       the deadline);
 *   <li>{@code OnTrack} ({@code OnSchedule}) otherwise.
 * </ul>
 *
 * @param percent passing out of covered, rounded down
 * @param expectedPercent the line's value now, rounded down
 * @param daysLeft whole days from today to the deadline's day, never below 0
 */
public record PhaseAssessment(
    Phase phase, String reason, String message, int percent, int expectedPercent, int daysLeft) {

  public static final String NOT_STARTED = "NotStarted";
  public static final String ON_SCHEDULE = "OnSchedule";
  public static final String BEHIND_SCHEDULE = "BehindSchedule";
  public static final String NOTHING_COVERED = "NothingCovered";
  public static final String ALL_PASSING = "AllPassing";
  public static final String MET_AFTER_DEADLINE = "MetAfterDeadline";
  public static final String DEADLINE_PASSED = "DeadlinePassed";

  /**
   * @param atDeadline the counts recorded on the deadline's day, or null when none were
   */
  public static PhaseAssessment of(
      Counts counts,
      String target,
      LocalDate start,
      LocalDate deadline,
      Instant now,
      Counts atDeadline) {
    Instant begins = start.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant ends = deadline.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    int daysLeft = (int) Math.max(0, ChronoUnit.DAYS.between(today, deadline));
    double expected = expectedShare(begins, ends, now);
    int expectedPercent = (int) Math.floor(100 * expected);
    int percent = counts.percent();
    int covered = counts.covered();
    String figures =
        counts.passing()
            + " of "
            + covered
            + " covered entities reach "
            + target
            + " ("
            + percent
            + "%)"
            + (counts.waived() == 0 ? "" : ", " + counts.waived() + " more only through a waiver");
    String left = daysLeft == 1 ? "1 day left" : daysLeft + " days left";
    if (covered > 0 && counts.passing() == covered) {
      if (!now.isBefore(ends) && atDeadline != null && atDeadline.notPassing() > 0) {
        return new PhaseAssessment(
            Phase.Met,
            MET_AFTER_DEADLINE,
            "all "
                + covered
                + " covered entities reach "
                + target
                + ", after the deadline "
                + deadline
                + " (on it "
                + stillOpen(atDeadline, "failed", "waived")
                + ")",
            percent,
            expectedPercent,
            daysLeft);
      }
      return new PhaseAssessment(
          Phase.Met,
          ALL_PASSING,
          "all " + covered + " covered entities reach " + target,
          percent,
          expectedPercent,
          daysLeft);
    }
    if (!now.isBefore(ends)) {
      return new PhaseAssessment(
          Phase.Missed,
          DEADLINE_PASSED,
          "the deadline "
              + deadline
              + " passed: "
              + figures
              + (covered == 0 ? "" : "; " + stillOpen(counts, "fail", "waived")),
          percent,
          expectedPercent,
          daysLeft);
    }
    if (now.isBefore(begins)) {
      return new PhaseAssessment(
          Phase.OnTrack,
          NOT_STARTED,
          "starts on " + start + "; " + figures,
          percent,
          expectedPercent,
          daysLeft);
    }
    if (covered == 0) {
      return new PhaseAssessment(
          Phase.AtRisk,
          NOTHING_COVERED,
          "no entity is covered: none graded by the scorecard passes spec.filter and spec.owners;"
              + " check them, and that the scorecard grades entities (kubectl get scorecards)",
          percent,
          expectedPercent,
          daysLeft);
    }
    // Compared exactly, not in rounded percent.
    boolean behind = (double) counts.passing() / covered < expected;
    return new PhaseAssessment(
        behind ? Phase.AtRisk : Phase.OnTrack,
        behind ? BEHIND_SCHEDULE : ON_SCHEDULE,
        figures
            + (behind ? ", below " : ", at or above ")
            + "the "
            + expectedPercent
            + "% expected by now on a straight line from 0% on "
            + start
            + " to 100% on "
            + deadline
            + "; "
            + stillOpen(counts, "fail", "waived")
            + ", "
            + left,
        percent,
        expectedPercent,
        daysLeft);
  }

  /**
   * What is still open, never empty where it is used (something covered does not pass): {@code 3
   * still fail}, {@code 2 waived}, or both joined by a comma. Waived entities still need the work
   * their waiver postpones.
   */
  private static String stillOpen(Counts counts, String fail, String waived) {
    String failing = counts.failing() == 0 ? null : counts.failing() + " still " + fail;
    String leaning = counts.waived() == 0 ? null : counts.waived() + " " + waived;
    return failing == null ? leaning : leaning == null ? failing : failing + ", " + leaning;
  }

  /** The share of the time from start to deadline gone by {@code now}, from 0 to 1. */
  static double expectedShare(Instant begins, Instant ends, Instant now) {
    long total = Duration.between(begins, ends).toSeconds();
    long gone = Duration.between(begins, now).toSeconds();
    if (total <= 0) {
      return 1;
    }
    return Math.max(0, Math.min(1, (double) gone / total));
  }
}
