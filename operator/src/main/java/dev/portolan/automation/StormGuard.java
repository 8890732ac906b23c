package dev.portolan.automation;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storm guard: each automation acts on at most its {@code maxRunsPerMinute} occurrences in a
 * UTC minute (a fixed window: the count starts again at each minute); the others are skipped with
 * reason {@value #REASON}. Thread-safe.
 */
public final class StormGuard {
  public static final String REASON = "StormGuard";

  private record Window(long minute, int count) {}

  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Whether the automation may act on one more occurrence at {@code now}; counts it if so. */
  public boolean admit(String automation, int maxPerMinute, Instant now) {
    long minute = minute(now);
    boolean[] admitted = new boolean[1];
    windows.compute(
        automation,
        (key, window) -> {
          Window current =
              window == null || window.minute() != minute ? new Window(minute, 0) : window;
          if (current.count() < maxPerMinute) {
            admitted[0] = true;
            return new Window(minute, current.count() + 1);
          }
          return current;
        });
    return admitted[0];
  }

  /**
   * Counts {@code runs} occurrences acted on in the minute of {@code now} without refusing any: a
   * new leader starts the window from the runs the one before it started in that minute.
   */
  public void charge(String automation, Instant now, int runs) {
    if (runs <= 0) {
      return;
    }
    long minute = minute(now);
    windows.compute(
        automation,
        (key, window) ->
            window == null || window.minute() != minute
                ? new Window(minute, runs)
                : new Window(minute, window.count() + runs));
  }

  /** The UTC minute of an instant, as the guard's windows count it. */
  static long minute(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), 60);
  }

  public void forget(String automation) {
    windows.remove(automation);
  }
}
