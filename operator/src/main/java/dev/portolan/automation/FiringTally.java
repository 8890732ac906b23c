package dev.portolan.automation;

import dev.portolan.kit.Timestamps;
import dev.portolan.model.AutomationStatus;
import dev.portolan.model.AutomationStatus.Counts;
import dev.portolan.model.AutomationStatus.Firing;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each automation did, in memory, for the Automation controller to fold into its status (the
 * controller is the one writer of that status): counts since the automation was created (seeded
 * once from the status this leader found), the latest firings, when it last fired, and the
 * occurrences still being worked (which hold the watermark back). Thread-safe.
 *
 * <p>The counts it reports go with a watermark: a firing counts once the watermark written with it
 * is at or after its occurrence's instant, never before. A firing after the watermark waits
 * (unsettled, by occurrence instant): were this leader killed, the next one would replay that
 * occurrence and count it itself, so counting it here too would count it twice. The watermark a
 * status was written with is {@link #settle settled}: the counts it covered become the base the
 * next snapshot adds to. {@code recent} and {@code lastFired} show a firing at once; a firing of an
 * occurrence already in {@code recent} (a replay) takes the place of the old one.
 */
public final class FiringTally {
  /** What one firing adds to the counts. */
  private record Tallied(String result, boolean started, boolean notified, long order) {}

  private static final class Tally {
    final Counts settled = new Counts();
    Instant settledThrough;

    /** The firings not counted yet: by occurrence instant, then by occurrence id. */
    final TreeMap<Instant, Map<String, Tallied>> unsettled = new TreeMap<>();

    final Deque<Firing> recent = new ArrayDeque<>();
    final TreeMap<Instant, Integer> working = new TreeMap<>();
    String lastFired;
    boolean seeded;
    long recorded;
  }

  /**
   * What the status shows of the tally.
   *
   * @param counts everything at or before {@code through}, and nothing after it
   * @param through the watermark the counts go with, or null for the counts the status had
   * @param recorded how many firings the tally had recorded when it was taken (what a {@link
   *     #settle} folds is what this snapshot counted, not a firing recorded since)
   * @param waiting the instant of the first firing after {@code through}, not counted yet, or null
   */
  public record Snapshot(
      Counts counts,
      List<Firing> recent,
      String lastFired,
      Instant through,
      long recorded,
      Instant waiting) {}

  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

  private Tally tally(String automation) {
    return tallies.computeIfAbsent(automation, k -> new Tally());
  }

  /**
   * Takes the counts and firings of the status this leader found, once per automation: a new leader
   * goes on from there. Those counts are the ones of the occurrences at or before the status's
   * watermark, the one the leader's floor is seeded from.
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
        add(tally.settled, status.counts);
      }
      tally.settledThrough = Timestamps.parse(status.processedThrough);
      if (status.recent != null) {
        for (Firing firing : status.recent) {
          if (tally.recent.size() >= AutomationStatus.RECENT) {
            break;
          }
          if (tally.recent.stream().noneMatch(f -> sameOccurrence(f, firing))) {
            tally.recent.addLast(firing); // older than whatever this leader recorded already
          }
        }
      }
      if (tally.lastFired == null) {
        tally.lastFired = status.lastFired;
      }
    }
  }

  private static void add(Counts to, Counts from) {
    to.fired = sum(to.fired, from.fired);
    to.runsStarted = sum(to.runsStarted, from.runsStarted);
    to.notified = sum(to.notified, from.notified);
    to.skipped = sum(to.skipped, from.skipped);
    to.failed = sum(to.failed, from.failed);
  }

  private static Long sum(Long a, Long b) {
    return (a == null ? 0L : a) + (b == null ? 0L : b);
  }

  private static void add(Counts c, Tallied t) {
    switch (t.result()) {
      case Firing.SKIPPED -> c.skipped = c.skipped + 1;
      case Firing.FAILED -> {
        c.fired = c.fired + 1;
        c.failed = c.failed + 1;
      }
      default -> c.fired = c.fired + 1;
    }
    if (t.started()) {
      c.runsStarted = c.runsStarted + 1;
    }
    if (t.notified()) {
      c.notified = c.notified + 1;
    }
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

  /** The instant of the oldest occurrence still being worked, or null. */
  public Instant oldestWorking(String automation) {
    Tally tally = tally(automation);
    synchronized (tally) {
      return tally.working.isEmpty() ? null : tally.working.firstKey();
    }
  }

  /**
   * Records what was done with one occurrence, of instant {@code time}: counted once a watermark at
   * or after it is reported; a second record of the same occurrence not counted yet counts once (in
   * {@code recent} it takes the place of the first).
   *
   * @param started whether it started an Action (or found the one it had started)
   * @param notified whether it delivered a notification
   */
  public void record(
      String automation, Instant time, Firing firing, boolean started, boolean notified) {
    Tally tally = tally(automation);
    synchronized (tally) {
      tally.recorded++;
      tally
          .unsettled
          .computeIfAbsent(time, t -> new LinkedHashMap<>())
          .putIfAbsent(
              firing.occurrence, new Tallied(firing.result, started, notified, tally.recorded));
      if (!Firing.SKIPPED.equals(firing.result)) {
        tally.lastFired = firing.time;
      }
      tally.recent.removeIf(f -> sameOccurrence(f, firing));
      tally.recent.addFirst(firing);
      while (tally.recent.size() > AutomationStatus.RECENT) {
        tally.recent.removeLast();
      }
    }
  }

  private static boolean sameOccurrence(Firing a, Firing b) {
    return a.occurrence != null && a.occurrence.equals(b.occurrence);
  }

  /**
   * The status's view of the tally with the watermark {@code through}: the counts of every firing
   * at or before it and of none after it. Null keeps the counts of the watermark settled last.
   */
  public Snapshot snapshot(String automation, Instant through) {
    Tally tally = tally(automation);
    synchronized (tally) {
      Counts counts = new Counts();
      add(counts, tally.settled);
      if (through != null) {
        for (Map<String, Tallied> firings : unsettled(tally, through).values()) {
          firings.values().forEach(t -> add(counts, t));
        }
      }
      Instant waiting =
          through == null
              ? (tally.unsettled.isEmpty() ? null : tally.unsettled.firstKey())
              : tally.unsettled.higherKey(through);
      return new Snapshot(
          counts, new ArrayList<>(tally.recent), tally.lastFired, through, tally.recorded, waiting);
    }
  }

  /** The view as it was last settled (the counts of the watermark last written). */
  public Snapshot snapshot(String automation) {
    return snapshot(automation, null);
  }

  /**
   * A status was written with this snapshot's watermark: its counts become the base. The watermarks
   * reported after it are not to go back before it ({@link #settledThrough}).
   */
  public void settle(String automation, Snapshot written) {
    if (written.through() == null) {
      return;
    }
    Tally tally = tally(automation);
    synchronized (tally) {
      var covered = unsettled(tally, written.through()).values().iterator();
      while (covered.hasNext()) {
        Map<String, Tallied> firings = covered.next();
        firings
            .values()
            .removeIf(
                t -> {
                  if (t.order() > written.recorded()) {
                    return false; // recorded after the snapshot: the next status counts it
                  }
                  add(tally.settled, t);
                  return true;
                });
        if (firings.isEmpty()) {
          covered.remove();
        }
      }
      if (tally.settledThrough == null || written.through().isAfter(tally.settledThrough)) {
        tally.settledThrough = written.through();
      }
    }
  }

  private static NavigableMap<Instant, Map<String, Tallied>> unsettled(
      Tally tally, Instant through) {
    return tally.unsettled.headMap(through, true);
  }

  /** The watermark last written (or found in the status), or null. */
  public Instant settledThrough(String automation) {
    Tally tally = tally(automation);
    synchronized (tally) {
      return tally.settledThrough;
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
