package dev.portolan.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.kit.Timestamps;
import dev.portolan.model.Entity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The instants automations wait for: one timer per automation and entity for a date-time property
 * (re-armed when the value changes, cancelled when the entity or the automation goes) and one per
 * schedule (re-armed for the next instant each time it fires). A due timer hands its occurrence to
 * {@code due}; a missed instant (the value is already past but after the floor) fires at once.
 */
final class AutomationTimers implements AutoCloseable {
  /** How many missed schedule instants a new leader replays at most. */
  static final int MAX_SCHEDULE_REPLAY = 100;

  private final CatalogIndex index;
  private final AutomationCompiler compiler;
  private final Schedules schedules;
  private final Triggers triggers;
  private final Floors floors;
  private final Clock clock;
  private final BiConsumer<CompiledAutomation, Occurrence> due;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor executor;

  private record Timer(String automation, Instant at, ScheduledFuture<?> future) {}

  AutomationTimers(
      CatalogIndex index,
      AutomationCompiler compiler,
      Schedules schedules,
      Triggers triggers,
      Floors floors,
      Clock clock,
      BiConsumer<CompiledAutomation, Occurrence> due) {
    this.index = index;
    this.compiler = compiler;
    this.schedules = schedules;
    this.triggers = triggers;
    this.floors = floors;
    this.clock = clock;
    this.due = due;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "automation-timers");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  /** Arms, re-arms or cancels the timer of one entity's date-time property. */
  void arm(CompiledAutomation a, Entity e) {
    if (executor.isShutdown()) {
      return;
    }
    String timerKey = timerKey(a, e);
    if (!triggers.concerns(a, e)) {
      cancel(timerKey);
      return;
    }
    String value = dateTime(e, a.property());
    Instant at = Timestamps.parse(value);
    if (at == null || !floors.after(a, at)) {
      cancel(timerKey);
      return;
    }
    Timer existing = timers.get(timerKey);
    if (existing != null && existing.at().equals(at)) {
      return;
    }
    cancel(timerKey);
    String uid = e.getMetadata().getUid();
    EntityRef ref = new EntityRef(e.getMetadata().getNamespace(), e.getMetadata().getName());
    Timer[] self = new Timer[1];
    synchronized (self) {
      ScheduledFuture<?> future =
          executor.schedule(
              () -> {
                fired(timerKey, self);
                index
                    .entity(ref)
                    .filter(current -> uid.equals(current.getMetadata().getUid()))
                    .filter(current -> value.equals(dateTime(current, a.property())))
                    .ifPresent(
                        current ->
                            due.accept(
                                a,
                                new Occurrence(
                                    OccurrenceIds.dateTimeReached(uid, a.property(), value),
                                    TriggerKind.DATE_TIME_REACHED,
                                    at,
                                    current,
                                    null,
                                    null,
                                    null,
                                    null)));
              },
              delayUntil(at),
              TimeUnit.MILLISECONDS);
      self[0] = new Timer(a.key(), at, future);
      timers.put(timerKey, self[0]);
    }
  }

  /**
   * A timer fired: it leaves the map (it is no longer due but not fired). Waits until {@link #arm}
   * or {@link #armSchedule} has put it there (an instant already past fires at once, maybe before
   * that), and leaves a timer armed since in its place.
   */
  private void fired(String timerKey, Timer[] self) {
    synchronized (self) {
      timers.remove(timerKey, self[0]);
    }
  }

  /** Cancels the timer of an entity that is gone. */
  void disarm(CompiledAutomation a, Entity e) {
    cancel(timerKey(a, e));
  }

  /**
   * Arms the schedule's next instant after {@code after}; after {@link #MAX_SCHEDULE_REPLAY} missed
   * instants in a row it skips ahead to the next one from now.
   */
  void armSchedule(CompiledAutomation a, Instant after, int replayed) {
    if (executor.isShutdown()) {
      return;
    }
    Instant next;
    try {
      next = schedules.next(a.trigger().schedule.cron, a.trigger().schedule.timeZone, after);
    } catch (RuntimeException e) {
      return; // the status says why (AutomationEngine.view)
    }
    if (next == null) {
      return;
    }
    Instant now = clock.instant();
    if (!next.isAfter(now) && replayed >= MAX_SCHEDULE_REPLAY) {
      armSchedule(a, now, 0);
      return;
    }
    String timerKey = a.key() + "|schedule";
    Timer[] self = new Timer[1];
    Timer old;
    synchronized (self) {
      ScheduledFuture<?> future =
          executor.schedule(
              () -> {
                fired(timerKey, self);
                index
                    .automation(a.namespace(), a.name())
                    .filter(current -> Objects.equals(current.getMetadata().getUid(), a.uid()))
                    .ifPresent(
                        current -> {
                          due.accept(
                              a,
                              new Occurrence(
                                  OccurrenceIds.schedule(a.uid(), next),
                                  TriggerKind.SCHEDULE,
                                  next,
                                  null,
                                  null,
                                  null,
                                  null,
                                  null));
                          armSchedule(compiler.compile(current), next, replayed + 1);
                        });
              },
              delayUntil(next),
              TimeUnit.MILLISECONDS);
      self[0] = new Timer(a.key(), next, future);
      old = timers.put(timerKey, self[0]);
    }
    if (old != null) {
      old.future().cancel(false);
    }
  }

  /** Cancels every timer of the automation (namespace/name). */
  void cancelAll(String automationKey) {
    timers
        .entrySet()
        .removeIf(
            entry -> {
              if (entry.getValue().automation().equals(automationKey)) {
                entry.getValue().future().cancel(false);
                return true;
              }
              return false;
            });
  }

  /**
   * The earliest instant at or before {@code limit} of a timer of the automation that is due (at or
   * before now) but has not fired yet, or null.
   */
  Instant earliestDue(String automationKey, Instant now, Instant limit) {
    Instant earliest = null;
    for (Timer t : timers.values()) {
      if (t.automation().equals(automationKey)
          && !t.at().isAfter(now)
          && !t.at().isAfter(limit)
          && (earliest == null || t.at().isBefore(earliest))) {
        earliest = t.at();
      }
    }
    return earliest;
  }

  /** The property's value: the entity's own, else its calculated or mirrored value. */
  static String dateTime(Entity e, String property) {
    JsonNode value = null;
    if (e.getSpec() != null && e.getSpec().properties != null) {
      value = e.getSpec().properties.get(property);
    }
    if ((value == null || value.isNull()) && e.getStatus() != null) {
      if (e.getStatus().calculated != null) {
        value = e.getStatus().calculated.get(property);
      }
      if ((value == null || value.isNull()) && e.getStatus().mirrored != null) {
        value = e.getStatus().mirrored.get(property);
      }
    }
    return value == null || !value.isTextual() ? null : value.asText();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private long delayUntil(Instant at) {
    return Math.max(0, Duration.between(clock.instant(), at).toMillis());
  }

  private void cancel(String timerKey) {
    Timer t = timers.remove(timerKey);
    if (t != null) {
      t.future().cancel(false);
    }
  }

  private static String timerKey(CompiledAutomation a, Entity e) {
    return a.key() + "|" + e.getMetadata().getUid();
  }
}
