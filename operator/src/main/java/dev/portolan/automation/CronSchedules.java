package dev.portolan.automation;

import dev.portolan.kit.Problem;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The {@code schedule} trigger's {@link Schedules} over {@link CronSchedule}: each cron and zone is
 * parsed once and kept, since an automation's schedule is asked for its next instant after every
 * firing (at most {@link #KEPT} are kept: past that, the cache starts again).
 */
public final class CronSchedules implements Schedules {
  static final int KEPT = 1_000;

  private record Key(String cron, String timeZone) {}

  private final Map<Key, CronSchedule.Parsed> parsed = new ConcurrentHashMap<>();

  /**
   * @throws IllegalArgumentException naming each field that is wrong and how to fix it
   */
  @Override
  public Instant next(String cron, String timeZone, Instant after) {
    if (parsed.size() >= KEPT) {
      parsed.clear();
    }
    CronSchedule.Parsed schedule =
        parsed.computeIfAbsent(
            new Key(cron, timeZone), key -> CronSchedule.parse(key.cron(), key.timeZone()));
    if (schedule.schedule().isEmpty()) {
      throw new IllegalArgumentException(
          schedule.problems().stream().map(Problem::message).collect(Collectors.joining("; ")));
    }
    return schedule.schedule().get().next(after).orElse(null);
  }
}
