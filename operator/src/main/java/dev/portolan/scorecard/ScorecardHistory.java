package dev.portolan.scorecard;

import dev.portolan.model.ScorecardStatus.HistoryPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * A scorecard's daily level counts ({@code status.history}): one point per UTC day, today's
 * replaced by the latest counts, at most {@link #MAX_DAYS} points, oldest dropped first. Keyed by
 * the day, so a restart (which reconciles again) updates today's point instead of adding one, and a
 * point already written for an earlier day is never changed.
 *
 * <p>Bounded: a point is a date, a total and one count per level, well under 200 bytes as JSON for
 * five levels, so 400 points add under 80 kB to the scorecard whatever the number of entities,
 * owners or namespaces.
 */
public final class ScorecardHistory {
  /** Over a year of daily points. */
  public static final int MAX_DAYS = 400;

  private ScorecardHistory() {}

  /** Today's UTC day. */
  public static LocalDate today(Clock clock) {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** How long from {@code now} until the next UTC day begins (at least one second). */
  public static Duration untilNextDay(Instant now) {
    Instant next =
        LocalDate.ofInstant(now, ZoneOffset.UTC)
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    Duration left = Duration.between(now, next);
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }

  /**
   * The history with {@code today}'s point set to {@code tally}: points of other days are kept as
   * they are (one per day, the last written wins), sorted by day, the oldest beyond {@link
   * #MAX_DAYS} dropped. A point whose date cannot be read (edited by hand) is dropped; a point
   * dated after today (the clock went back) is kept.
   */
  public static List<HistoryPoint> record(
      List<HistoryPoint> current, LocalDate today, ScorecardTally tally) {
    TreeMap<LocalDate, HistoryPoint> byDay = new TreeMap<>();
    if (current != null) {
      for (HistoryPoint point : current) {
        LocalDate day = day(point);
        if (day != null) {
          byDay.put(day, point);
        }
      }
    }
    byDay.put(
        today,
        new HistoryPoint(today.toString(), tally.entities(), new LinkedHashMap<>(tally.levels())));
    while (byDay.size() > MAX_DAYS) {
      byDay.pollFirstEntry();
    }
    return new ArrayList<>(byDay.values());
  }

  private static LocalDate day(HistoryPoint point) {
    if (point == null || point.date == null) {
      return null;
    }
    try {
      return LocalDate.parse(point.date);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
