package dev.portolan.initiative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.InitiativeStatus.ProgressPoint;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressHistoryTest {
  private static final LocalDate START = LocalDate.parse("2026-01-01");
  private static final LocalDate DEADLINE = LocalDate.parse("2027-12-31");

  private static List<String> describe(List<ProgressPoint> points) {
    return points.stream().map(p -> p.date + " " + p.passing + "/" + p.covered).toList();
  }

  @Test
  void onePointPerDayTheDaysLastFiguresWin() {
    LocalDate day = LocalDate.parse("2026-03-01");
    List<ProgressPoint> points =
        ProgressHistory.record(null, day, START, DEADLINE, new Counts(1, 3, 0));
    points = ProgressHistory.record(points, day, START, DEADLINE, new Counts(2, 2, 0));
    points = ProgressHistory.record(points, day.plusDays(1), START, DEADLINE, new Counts(3, 1, 0));
    assertThat(describe(points)).containsExactly("2026-03-01 2/4", "2026-03-02 3/4");
    assertThat(ProgressHistory.on(points, day).map(p -> p.passing)).contains(2);
  }

  @Test
  void onlyTheDaysFromTheStartToTheDeadlineAreRecorded() {
    List<ProgressPoint> points =
        ProgressHistory.record(null, START.minusDays(1), START, DEADLINE, new Counts(1, 1, 0));
    assertThat(points).isEmpty();
    points = ProgressHistory.record(null, DEADLINE, START, DEADLINE, new Counts(1, 1, 0));
    points =
        ProgressHistory.record(points, DEADLINE.plusDays(1), START, DEADLINE, new Counts(2, 0, 0));
    assertThat(describe(points)).containsExactly("2027-12-31 1/2");
    // The start moved later: the days before it go.
    points =
        ProgressHistory.record(
            List.of(
                new ProgressPoint("2026-01-05", 1, 0, 0), new ProgressPoint("2026-02-05", 1, 1, 0)),
            LocalDate.parse("2026-02-06"),
            LocalDate.parse("2026-02-01"),
            DEADLINE,
            new Counts(1, 0, 0));
    assertThat(describe(points)).containsExactly("2026-02-05 1/1", "2026-02-06 1/1");
  }

  @Test
  void atMostFourHundredPointsTheNewestKept() {
    List<ProgressPoint> points = new ArrayList<>();
    for (int day = 0; day < 450; day++) {
      points =
          ProgressHistory.record(
              points, START.plusDays(day), START, DEADLINE, new Counts(day, 0, 0));
    }
    assertThat(points).hasSize(ProgressHistory.MAX_POINTS);
    assertThat(points.get(0).date).isEqualTo(START.plusDays(50).toString());
    assertThat(points.get(399).date).isEqualTo(START.plusDays(449).toString());
  }
}
