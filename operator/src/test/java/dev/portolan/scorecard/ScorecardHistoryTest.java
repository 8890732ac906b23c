package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.ScorecardStatus.HistoryPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardHistoryTest {
  private static ScorecardTally tally(int none, int gold) {
    Map<String, Integer> levels = new java.util.LinkedHashMap<>();
    levels.put("None", none);
    levels.put("Gold", gold);
    return new ScorecardTally(none + gold, levels, List.of(), 0);
  }

  private static final LocalDate DAY = LocalDate.parse("2026-12-02");

  @Test
  void todaysPointFollowsTheCountsAndEarlierDaysStay() {
    List<HistoryPoint> first = ScorecardHistory.record(null, DAY, tally(2, 1));
    List<HistoryPoint> later = ScorecardHistory.record(first, DAY, tally(1, 2));
    assertThat(later).hasSize(1);
    assertThat(later.get(0).date).isEqualTo("2026-12-02");
    assertThat(later.get(0).entities).isEqualTo(3);
    assertThat(later.get(0).levels).containsEntry("None", 1).containsEntry("Gold", 2);

    List<HistoryPoint> next = ScorecardHistory.record(later, DAY.plusDays(1), tally(0, 3));
    assertThat(next).extracting(p -> p.date).containsExactly("2026-12-02", "2026-12-03");
    assertThat(next.get(0).levels).containsEntry("Gold", 2);
    assertThat(next.get(1).levels).containsEntry("Gold", 3);
  }

  @Test
  void aRestartOnTheSameDayNeitherDuplicatesNorLosesDays() {
    List<HistoryPoint> history = new ArrayList<>();
    for (int d = 0; d < 5; d++) {
      history = ScorecardHistory.record(history, DAY.plusDays(d), tally(d, 1));
    }
    // A new process reads the stored status and records the same day again.
    List<HistoryPoint> again = ScorecardHistory.record(history, DAY.plusDays(4), tally(4, 1));
    assertThat(again).hasSize(5);
    assertThat(again).extracting(p -> p.date).doesNotHaveDuplicates();
    // A day the operator did not run has no point: none is invented.
    List<HistoryPoint> gap = ScorecardHistory.record(again, DAY.plusDays(7), tally(9, 9));
    assertThat(gap).extracting(p -> p.date).doesNotContain("2026-12-07", "2026-12-08");
    assertThat(gap).hasSize(6);
  }

  @Test
  void keepsAtMost400DaysDroppingTheOldestAndSkipsUnreadablePoints() {
    List<HistoryPoint> history = new ArrayList<>();
    history.add(new HistoryPoint("yesterday", 1, Map.of()));
    for (int d = 0; d < 450; d++) {
      history = ScorecardHistory.record(history, DAY.plusDays(d), tally(d, 0));
    }
    assertThat(history).hasSize(ScorecardHistory.MAX_DAYS);
    assertThat(history.get(0).date).isEqualTo(DAY.plusDays(50).toString());
    assertThat(history.get(399).date).isEqualTo(DAY.plusDays(449).toString());
    String json = io.fabric8.kubernetes.client.utils.Serialization.asJson(history);
    assertThat(json.length()).as("a year of points stays small").isLessThan(80_000);
  }

  @Test
  void theNextReconcileIsWhenTheNextUtcDayBegins() {
    assertThat(ScorecardHistory.untilNextDay(Instant.parse("2026-12-02T23:00:00Z")))
        .isEqualTo(Duration.ofHours(1));
    assertThat(ScorecardHistory.untilNextDay(Instant.parse("2026-12-02T23:59:59.999Z")))
        .isEqualTo(Duration.ofSeconds(1));
  }
}
