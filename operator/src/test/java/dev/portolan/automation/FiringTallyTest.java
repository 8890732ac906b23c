package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.AutomationStatus;
import dev.portolan.model.AutomationStatus.Firing;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counts a status shows go with its watermark: never a firing after it, none twice. */
class FiringTallyTest {
  private static final String KEY = "team-a/fixer";
  private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

  private final FiringTally tally = new FiringTally();

  private static Firing firing(int i) {
    Firing f = new Firing();
    f.occurrence = "created/uid-" + i;
    f.time = T.plusSeconds(i).toString();
    f.result = Firing.STARTED;
    return f;
  }

  private void started(int i) {
    tally.record(KEY, T.plusSeconds(i), firing(i), true, false);
  }

  @Test
  void aFiringCountsOnlyWithAWatermarkAtOrAfterItsOccurrence() {
    tally.seed(KEY, null);
    started(1);
    started(2);
    started(5);

    FiringTally.Snapshot mid = tally.snapshot(KEY, T.plusSeconds(2));
    assertThat(mid.counts().runsStarted)
        .as("the firing at +5s is after the watermark: a new leader replays it and counts it")
        .isEqualTo(2L);
    assertThat(mid.counts().fired).isEqualTo(2L);
    assertThat(mid.recent()).as("recent shows every firing at once").hasSize(3);
    assertThat(mid.waiting()).as("what the status waits for").isEqualTo(T.plusSeconds(5));
    FiringTally.Snapshot all = tally.snapshot(KEY, T.plusSeconds(5));
    assertThat(all.counts().runsStarted).isEqualTo(3L);
    assertThat(all.waiting()).isNull();
  }

  @Test
  void aStatusNotWrittenSettlesNothingAndTheNextSnapshotCountsTheSame() {
    tally.seed(KEY, null);
    started(1);
    started(2);
    tally.snapshot(KEY, T.plusSeconds(2)); // its write failed: not settled
    assertThat(tally.snapshot(KEY).counts().runsStarted).isZero();
    assertThat(tally.settledThrough(KEY)).isNull();

    FiringTally.Snapshot retried = tally.snapshot(KEY, T.plusSeconds(2));
    tally.settle(KEY, retried);
    assertThat(tally.snapshot(KEY).counts().runsStarted).isEqualTo(2L);
    assertThat(tally.snapshot(KEY, T.plusSeconds(2)).counts().runsStarted)
        .as("settled firings are counted once, not again on top of the base")
        .isEqualTo(2L);
    assertThat(tally.settledThrough(KEY)).isEqualTo(T.plusSeconds(2));
  }

  @Test
  void aFiringRecordedBetweenTheSnapshotAndItsWriteIsLeftForTheNextStatus() {
    tally.seed(KEY, null);
    started(1);
    FiringTally.Snapshot written = tally.snapshot(KEY, T.plusSeconds(3));
    started(2); // late, at or before the watermark being written, but not in that status
    tally.settle(KEY, written);

    assertThat(tally.snapshot(KEY).counts().runsStarted)
        .as("the base is what the written status showed")
        .isEqualTo(written.counts().runsStarted)
        .isEqualTo(1L);
    assertThat(tally.snapshot(KEY, T.plusSeconds(3)).counts().runsStarted).isEqualTo(2L);
  }

  @Test
  void aReplayedOccurrenceTakesThePlaceOfItsFiringInRecentAndCountsOnce() {
    AutomationStatus found = new AutomationStatus();
    found.counts = new AutomationStatus.Counts();
    found.counts.fired = 1L;
    found.counts.runsStarted = 1L;
    found.processedThrough = T.plusSeconds(1).toString();
    found.recent = List.of(firing(2), firing(1)); // +2s was after the watermark: not counted
    tally.seed(KEY, found);
    assertThat(tally.settledThrough(KEY)).isEqualTo(T.plusSeconds(1));

    started(2); // the replay
    tally.record(KEY, T.plusSeconds(2), firing(2), true, false); // and a second delivery

    FiringTally.Snapshot snapshot = tally.snapshot(KEY, T.plusSeconds(2));
    assertThat(snapshot.counts().runsStarted).isEqualTo(2L);
    assertThat(snapshot.counts().fired).isEqualTo(2L);
    assertThat(snapshot.recent())
        .extracting(f -> f.occurrence)
        .containsExactly("created/uid-2", "created/uid-1");
  }
}
