package dev.portolan.initiative;

import dev.portolan.model.InitiativeStatus.ProgressPoint;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An initiative's progress over time: one point per day (UTC) from its start to its deadline, the
 * day's last figures, kept in its status so that it survives restarts. Bounded: an initiative's
 * life is finite, and at most {@link #MAX_POINTS} days are kept, the newest.
 */
public final class ProgressHistory {
  public static final int MAX_POINTS = 400;

  private ProgressHistory() {}

  /**
   * The points with today's figures recorded: today's point replaced or added when today lies
   * between {@code start} and {@code deadline}, points outside those days dropped (the dates may
   * have moved), in date order, the newest {@link #MAX_POINTS}.
   */
  public static List<ProgressPoint> record(
      List<ProgressPoint> current,
      LocalDate today,
      LocalDate start,
      LocalDate deadline,
      Counts counts) {
    List<ProgressPoint> points = new ArrayList<>();
    if (current != null) {
      for (ProgressPoint point : current) {
        LocalDate day = day(point).orElse(null);
        if (day != null && !day.isBefore(start) && !day.isAfter(deadline) && !day.equals(today)) {
          points.add(copy(point));
        }
      }
    }
    if (!today.isBefore(start) && !today.isAfter(deadline)) {
      points.add(
          new ProgressPoint(today.toString(), counts.covered(), counts.passing(), counts.waived()));
    }
    points.sort(Comparator.comparing(p -> p.date));
    return points.size() > MAX_POINTS
        ? new ArrayList<>(points.subList(points.size() - MAX_POINTS, points.size()))
        : points;
  }

  /** A recorded point's counts (covered less passing and waived is failing). */
  public static Counts counts(ProgressPoint point) {
    int waived = point.waivedOrZero();
    return new Counts(point.passing, point.covered - point.passing - waived, waived);
  }

  /** The point of one day, if there is one. */
  public static Optional<ProgressPoint> on(List<ProgressPoint> points, LocalDate day) {
    if (points == null) {
      return Optional.empty();
    }
    String date = day.toString();
    return points.stream().filter(p -> date.equals(p.date)).findFirst();
  }

  private static Optional<LocalDate> day(ProgressPoint point) {
    if (point == null || point.date == null || point.covered == null || point.passing == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(point.date));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static ProgressPoint copy(ProgressPoint point) {
    return new ProgressPoint(point.date, point.covered, point.passing, point.waivedOrZero());
  }
}
