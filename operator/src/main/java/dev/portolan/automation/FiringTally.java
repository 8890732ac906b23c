package dev.portolan.automation;

import dev.portolan.model.AutomationStatus;
import dev.portolan.model.AutomationStatus.Counts;
import dev.portolan.model.AutomationStatus.Firing;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each automation did, in memory, for the Automation controller to fold into its status (the
 * controller is the one writer of that status): counts since the automation was created (seeded
 * once from the status this leader found), the latest firings, when it last fired, and the
 * occurrences still being worked (which hold the watermark back). Thread-safe.
 */
public final class FiringTally {
  private static final class Tally {
    final Counts counts = new Counts();
    final Deque<Firing> recent = new ArrayDeque<>();
    final TreeMap<Instant, Integer> working = new TreeMap<>();
    String lastFired;
    boolean seeded;
  }

  /** What the status shows of the tally. */
  public record Snapshot(
      Counts counts, List<Firing> recent, String lastFired, Instant oldestWorking) {}

  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

  private Tally tally(String automation) {
    return tallies.computeIfAbsent(automation, k -> new Tally());
  }

  /**
   * Takes the counts and firings of the status this leader found, once per automation: a new leader
   * goes on from there.
   */
  public void seed(String automation, AutomationStatus status) {
    Tally tally = tally(automation);
    synchronized (tally) {
      if (tally.seeded) {
        return;
      }
      tally.seeded = true;
      if (status == null) {
        return;
      }
      if (status.counts != null) {
        tally.counts.fired = add(tally.counts.fired, status.counts.fired);
        tally.counts.runsStarted = add(tally.counts.runsStarted, status.counts.runsStarted);
        tally.counts.notified = add(tally.counts.notified, status.counts.notified);
        tally.counts.skipped = add(tally.counts.skipped, status.counts.skipped);
        tally.counts.failed = add(tally.counts.failed, status.counts.failed);
      }
      if (status.recent != null) {
        for (Firing firing : status.recent) {
          if (tally.recent.size() >= AutomationStatus.RECENT) {
            break;
          }
          tally.recent.addLast(firing); // older than whatever this leader recorded already
        }
      }
      if (tally.lastFired == null) {
        tally.lastFired = status.lastFired;
      }
    }
  }

  private static Long add(Long a, Long b) {
    return (a == null ? 0L : a) + (b == null ? 0L : b);
  }

  /** An occurrence of {@code time} is being worked: the watermark stays before it. */
  public void begin(String automation, Instant time) {
    Tally tally = tally(automation);
    synchronized (tally) {
      tally.working.merge(time, 1, Integer::sum);
    }
  }

  /** The occurrence begun at {@code time} is done with (recorded, or dropped). */
  public void end(String automation, Instant time) {
    Tally tally = tally(automation);
    synchronized (tally) {
      tally.working.computeIfPresent(time, (t, n) -> n <= 1 ? null : n - 1);
    }
  }

  /**
   * Records what was done with one occurrence.
   *
   * @param started whether it started an Action (or found the one it had started)
   * @param notified whether it delivered a notification
   */
  public void record(String automation, Firing firing, boolean started, boolean notified) {
    Tally tally = tally(automation);
    synchronized (tally) {
      Counts c = tally.counts;
      switch (firing.result) {
        case Firing.SKIPPED -> c.skipped = c.skipped + 1;
        case Firing.FAILED -> {
          c.fired = c.fired + 1;
          c.failed = c.failed + 1;
        }
        default -> c.fired = c.fired + 1;
      }
      if (started) {
        c.runsStarted = c.runsStarted + 1;
      }
      if (notified) {
        c.notified = c.notified + 1;
      }
      if (!Firing.SKIPPED.equals(firing.result)) {
        tally.lastFired = firing.time;
      }
      tally.recent.addFirst(firing);
      while (tally.recent.size() > AutomationStatus.RECENT) {
        tally.recent.removeLast();
      }
    }
  }

  public Snapshot snapshot(String automation) {
    Tally tally = tally(automation);
    synchronized (tally) {
      Counts copy = new Counts();
      copy.fired = tally.counts.fired;
      copy.runsStarted = tally.counts.runsStarted;
      copy.notified = tally.counts.notified;
      copy.skipped = tally.counts.skipped;
      copy.failed = tally.counts.failed;
      return new Snapshot(
          copy,
          new ArrayList<>(tally.recent),
          tally.lastFired,
          tally.working.isEmpty() ? null : tally.working.firstKey());
    }
  }

  /** Whether the tally was seeded from a status yet (by this leader). */
  public boolean seeded(String automation) {
    Tally tally = tallies.get(automation);
    return tally != null && tally.seeded;
  }

  public void forget(String automation) {
    tallies.remove(automation);
  }
}
