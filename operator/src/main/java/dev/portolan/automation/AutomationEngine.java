package dev.portolan.automation;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogListener;
import dev.portolan.catalog.EntityRef;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.KeyedWorkQueue;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Timestamps;
import dev.portolan.model.Action;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationStatus.Firing;
import dev.portolan.model.Entity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the automations, on the leader only. As a {@link CatalogListener} it asks {@link Triggers}
 * which occurrence each change of an entity or an Action is for each automation, lets {@link
 * AutomationTimers} wait for date-time properties and schedules, and works each occurrence once on
 * a {@link KeyedWorkQueue}: admitted by the condition, the loop guard and the storm guard, then the
 * {@link Effects}. Every firing is counted in the {@link FiringTally}; {@code changed} asks the
 * Automation controller to fold it into the status.
 *
 * <p>Exactly once: an occurrence's Action is named from its id, so a second delivery, a retry or a
 * replay by the next leader gets a 409 and counts as the run it already started. On {@link #start}
 * every replayable occurrence after the automation's {@link Floors floor} is evaluated again.
 */
public final class AutomationEngine implements CatalogListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutomationEngine.class);

  /** How far behind the clock the watermark stays, for changes the informers still deliver. */
  static final Duration GRACE = Duration.ofSeconds(10);

  /** How long an occurrence id is remembered, so that a second delivery is dropped. */
  static final Duration REMEMBER = Duration.ofMinutes(15);

  public static final String CONDITION_FALSE = "ConditionFalse";
  public static final String EVALUATION_FAILED = Firings.EVALUATION_FAILED;

  private final CatalogIndex index;
  private final AutomationCompiler compiler;
  private final OccurrenceVariables variables;
  private final NamespaceScope namespaces;
  private final FiringTally tally;
  private final Clock clock;
  private final Schedules schedules;
  private final Floors floors = new Floors();
  private final Triggers triggers;
  private final AutomationTimers timers;
  private final Effects effects;
  private final StormGuard storm = new StormGuard();
  private final LoopGuard.Runs ownRuns;
  private final KeyedWorkQueue<Work> queue;
  private final Map<Work, Attempt> pending = new ConcurrentHashMap<>();
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private volatile Consumer<String> changed = key -> {};
  private volatile boolean leading;

  /** One occurrence of one automation: the queue's key. */
  record Work(String automation, String occurrence) {}

  /** What the status shows of an automation as this engine knows it. */
  public record View(
      FiringTally.Snapshot tally,
      String processedThrough,
      List<Problem> problems,
      List<String> deniedNamespaces) {}

  /**
   * @param workers how many occurrences are worked at once (each mostly waits on the API server)
   */
  public AutomationEngine(
      CatalogIndex index,
      AutomationCompiler compiler,
      OccurrenceVariables variables,
      RunStarter runs,
      Schedules schedules,
      Notifications notifications,
      AutomationEvents events,
      NamespaceScope namespaces,
      FiringTally tally,
      Clock clock,
      int workers) {
    this.index = index;
    this.compiler = compiler;
    this.variables = variables;
    this.namespaces = namespaces;
    this.tally = tally;
    this.clock = clock;
    this.schedules = schedules;
    this.triggers = new Triggers(index, namespaces, floors, clock);
    this.timers =
        new AutomationTimers(index, compiler, schedules, triggers, floors, clock, this::submit);
    this.effects = new Effects(runs, events, notifications);
    this.ownRuns =
        new LoopGuard.Runs() {
          @Override
          public List<Action> actingOn(EntityRef entity) {
            return index.actionsOn(entity);
          }

          @Override
          public Optional<Action> withUid(String uid) {
            return index.actionWithUid(uid);
          }
        };
    this.queue =
        new KeyedWorkQueue<>(
            "automations",
            "automation-worker",
            workers,
            this::work,
            e -> true,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5));
  }

  /** Who to tell that an automation's status has something new (namespace/name). */
  public void onChange(Consumer<String> changed) {
    this.changed = changed;
  }

  /** Starts acting (this replica leads): replays what each automation missed. */
  public void start() {
    leading = true;
    queue.start();
    for (Automation automation : index.automations()) {
      activate(automation);
    }
  }

  public boolean leading() {
    return leading;
  }

  // ---- what the status shows ----

  /** The tally, watermark and run-time problems of an automation, for its status. */
  public View view(Automation automation) {
    CompiledAutomation compiled = compiler.compile(automation);
    List<Problem> problems = new ArrayList<>(compiled.problems());
    if (compiled.kind() == TriggerKind.SCHEDULE && compiled.problems().isEmpty()) {
      try {
        schedules.next(
            compiled.trigger().schedule.cron,
            compiled.trigger().schedule.timeZone,
            clock.instant());
      } catch (IllegalArgumentException e) {
        problems.add(
            Problem.at(
                AutomationCompiler.INVALID_TRIGGER, "spec.trigger.schedule", e.getMessage()));
      }
    }
    String key = compiled.key();
    Instant mark = leading ? watermark(key) : null;
    if (mark == null) {
      return new View(null, null, problems, namespaces.denied(compiled));
    }
    return new View(
        tally.snapshot(key, mark), Timestamps.of(mark), problems, namespaces.denied(compiled));
  }

  /**
   * How soon the status is to be built again for the watermark to pass the firings the view does
   * not count yet (one past the grace after the first of them, within 1 to 30 s), or null when it
   * counts every firing.
   */
  public Duration untilCounted(View view) {
    Instant waiting = view.tally() == null ? null : view.tally().waiting();
    if (waiting == null) {
      return null;
    }
    Duration wait = Duration.between(clock.instant(), waiting.plus(GRACE).plusSeconds(1));
    Duration min = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(30);
    return wait.compareTo(min) < 0 ? min : wait.compareTo(max) > 0 ? max : wait;
  }

  /**
   * The status was written with this view (or already was as it says): the counts it showed are
   * settled with its watermark.
   */
  public void written(Automation automation, View view) {
    if (view.tally() != null) {
      tally.settle(key(automation), view.tally());
    }
  }

  /**
   * Every occurrence at or before it is handled: the clock less {@link #GRACE}, held back by the
   * occurrences still worked and the timers due but not fired, never before the floor nor the
   * watermark last written (the counts written with it hold what was at or before it); to the
   * second, as the status writes it. Null while the automation was not activated.
   */
  private Instant watermark(String key) {
    Instant floor = floors.get(key);
    if (floor == null) {
      return null;
    }
    Instant now = clock.instant();
    Instant mark = now.minus(GRACE);
    Instant oldestWorking = tally.oldestWorking(key);
    if (oldestWorking != null && !oldestWorking.isAfter(mark)) {
      mark = oldestWorking.minusSeconds(1);
    }
    Instant due = timers.earliestDue(key, now, mark);
    if (due != null) {
      mark = due.minusSeconds(1);
    }
    if (mark.isBefore(floor)) {
      mark = floor;
    }
    Instant written = tally.settledThrough(key);
    if (written != null && mark.isBefore(written)) {
      mark = written;
    }
    return mark.truncatedTo(ChronoUnit.SECONDS);
  }

  // ---- the catalog ----

  @Override
  public void automationChanged(Automation before, Automation after) {
    if (after == null) {
      String key = key(before);
      compiler.forget(before.getMetadata().getNamespace(), before.getMetadata().getName());
      timers.cancelAll(key);
      floors.forget(key);
      storm.forget(key);
      tally.forget(key);
      namespaces.forget(key);
      return;
    }
    if (!leading) {
      return;
    }
    if (before == null
        || !Objects.equals(
            before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
        || !Objects.equals(before.getMetadata().getUid(), after.getMetadata().getUid())) {
      timers.cancelAll(key(after));
      activate(after);
    }
  }

  private void activate(Automation automation) {
    try {
      CompiledAutomation a = compiler.compile(automation);
      if (floors.get(a.key()) == null) {
        storm.charge(a.key(), clock.instant(), runsThisMinute(a));
      }
      floors.seed(a.key(), automation);
      tally.seed(a.key(), automation.getStatus());
      changed.accept(a.key());
      if (a.valid()) {
        replay(a);
      }
    } catch (RuntimeException e) {
      LOG.error("Automation {} could not be activated", key(automation), e);
    }
  }

  /**
   * How many of the automation's runs were created in the current minute (by a leader before this
   * one): the storm guard's window starts from them, not from zero.
   */
  private int runsThisMinute(CompiledAutomation a) {
    if (a.startAction() == null) {
      return 0;
    }
    long minute = StormGuard.minute(clock.instant());
    return (int)
        index.actionsOfAutomation(a.name()).stream()
            .filter(r -> LoopGuard.startedBy(r, a.namespace(), a.name()))
            .map(r -> Timestamps.parse(r.getMetadata().getCreationTimestamp()))
            .filter(t -> t != null && StormGuard.minute(t) == minute)
            .count();
  }

  /** Evaluates again every replayable occurrence after the floor, and arms the timers. */
  private void replay(CompiledAutomation a) {
    switch (a.kind()) {
      case ENTITY_CREATED -> {
        for (Entity e : index.entitiesOfBlueprint(a.blueprint())) {
          triggers.created(a, e).ifPresent(o -> submit(a, o));
        }
      }
      case SCORECARD_LEVEL_CHANGED -> {
        for (Entity e : index.entities()) {
          triggers.levelChanged(a, null, e).ifPresent(o -> submit(a, o));
        }
      }
      case DATE_TIME_REACHED -> {
        for (Entity e : index.entitiesOfBlueprint(a.blueprint())) {
          timers.arm(a, e);
        }
      }
      case ACTION_FINISHED -> {
        for (Action action : index.actionsOfDefinition(a.definition())) {
          triggers.finished(a, null, action).ifPresent(o -> submit(a, o));
        }
      }
      case SCHEDULE -> {
        Instant floor = floors.get(a.key());
        timers.armSchedule(a, floor == null ? clock.instant() : floor, 0);
      }
      default -> {}
    }
  }

  @Override
  public void entityChanged(Entity before, Entity after) {
    if (!leading) {
      return;
    }
    Entity entity = after != null ? after : before;
    for (Automation automation : index.automations()) {
      try {
        CompiledAutomation a = compiler.compile(automation);
        if (!a.valid()) {
          continue;
        }
        Optional<Occurrence> occurrence =
            switch (a.kind()) {
              case ENTITY_CREATED ->
                  before == null && after != null ? triggers.created(a, after) : Optional.empty();
              case ENTITY_UPDATED ->
                  before != null && after != null
                      ? triggers.updated(a, before, after)
                      : Optional.empty();
              case ENTITY_DELETED -> after == null ? triggers.deleted(a, before) : Optional.empty();
              case SCORECARD_LEVEL_CHANGED ->
                  after != null ? triggers.levelChanged(a, before, after) : Optional.empty();
              case DATE_TIME_REACHED -> {
                if (after == null) {
                  timers.disarm(a, before);
                } else {
                  timers.arm(a, after);
                }
                yield Optional.empty();
              }
              default -> Optional.empty();
            };
        occurrence.ifPresent(o -> submit(a, o));
      } catch (RuntimeException e) {
        LOG.error(
            "Automation {} failed on entity {}",
            key(automation),
            entity.getMetadata().getName(),
            e);
      }
    }
  }

  @Override
  public void actionChanged(Action before, Action after) {
    if (!leading || after == null) {
      return;
    }
    for (Automation automation : index.automations()) {
      try {
        CompiledAutomation a = compiler.compile(automation);
        if (a.valid() && a.kind() == TriggerKind.ACTION_FINISHED) {
          triggers.finished(a, before, after).ifPresent(o -> submit(a, o));
        }
      } catch (RuntimeException e) {
        LOG.error(
            "Automation {} failed on action {}", key(automation), after.getMetadata().getName(), e);
      }
    }
  }

  // ---- working an occurrence ----

  /** Queues an occurrence once, however often it is delivered. */
  void submit(CompiledAutomation a, Occurrence occurrence) {
    if (!leading) {
      return;
    }
    long now = clock.millis();
    if (seen.putIfAbsent(a.key() + "|" + occurrence.id(), now) != null) {
      return;
    }
    if (seen.size() > 50_000) {
      long horizon = now - REMEMBER.toMillis();
      seen.values().removeIf(t -> t < horizon);
    }
    Work work = new Work(a.key(), occurrence.id());
    tally.begin(a.key(), occurrence.time());
    pending.put(work, new Attempt(occurrence));
    queue.add(work);
  }

  /**
   * Works one occurrence: once admitted (condition true, not its own run's effect unless it says
   * so, within the storm guard) its effects; a failure the queue retries keeps what was done.
   */
  private void work(Work work) {
    Attempt attempt = pending.get(work);
    if (attempt == null) {
      return;
    }
    String[] key = work.automation().split("/", 2);
    Automation automation = index.automation(key[0], key[1]).orElse(null);
    CompiledAutomation a = automation == null ? null : compiler.compile(automation);
    if (a == null || !a.valid()) {
      done(work, attempt);
      return;
    }
    Occurrence o = attempt.occurrence;
    Firing firing = Firings.of(o);
    Map<String, Object> vars = variables.of(o);
    if (!attempt.admitted) {
      Firing refused = admit(a, o, vars, firing);
      if (refused != null) {
        finish(work, attempt, refused, false);
        return;
      }
      attempt.admitted = true;
    }
    Effects.Outcome outcome = effects.apply(automation, a, attempt, firing, vars);
    finish(work, attempt, outcome.firing(), outcome.notified());
  }

  /** Null when the occurrence is to have its effects, else the firing that says why not. */
  private Firing admit(CompiledAutomation a, Occurrence o, Map<String, Object> vars, Firing f) {
    if (startedBefore(a, o)) {
      // A leader before this one admitted it (its run is there): not judged again; the storm
      // guard counted it when this leader took over, if it was started this minute.
      return null;
    }
    if (a.condition() != null) {
      try {
        if (!a.condition().test(vars)) {
          return Firings.skipped(f, CONDITION_FALSE, null);
        }
      } catch (ExpressionException e) {
        return Firings.failed(f, EVALUATION_FAILED, "spec.condition: " + e.getMessage());
      }
    }
    if (!a.triggerOnOwnRuns()) {
      Optional<Action> ownRun = LoopGuard.ownRunBehind(a, o, ownRuns);
      if (ownRun.isPresent()) {
        return Firings.skipped(f, LoopGuard.REASON, LoopGuard.message(o, ownRun.get()));
      }
    }
    if (!storm.admit(a.key(), a.maxRunsPerMinute(), clock.instant())) {
      return Firings.skipped(
          f,
          StormGuard.REASON,
          "more than " + a.maxRunsPerMinute() + " occurrences this minute (spec.maxRunsPerMinute)");
    }
    return null;
  }

  /** Whether the occurrence's run is in the catalog already: it was admitted once. */
  private boolean startedBefore(CompiledAutomation a, Occurrence o) {
    return a.startAction() != null
        && index
            .action(o.namespace(a.namespace()), RunNames.run(a.name(), o.id()))
            .map(Action::getMetadata)
            .filter(m -> m.getAnnotations() != null)
            .map(m -> o.id().equals(m.getAnnotations().get(RunNames.OCCURRENCE_ANNOTATION)))
            .orElse(false);
  }

  private void finish(Work work, Attempt attempt, Firing firing, boolean notified) {
    tally.record(work.automation(), attempt.occurrence.time(), firing, attempt.started, notified);
    done(work, attempt);
  }

  private void done(Work work, Attempt attempt) {
    pending.remove(work);
    tally.end(work.automation(), attempt.occurrence.time());
    changed.accept(work.automation());
  }

  private static String key(Automation automation) {
    return automation.getMetadata().getNamespace() + "/" + automation.getMetadata().getName();
  }

  @Override
  public void close() {
    leading = false;
    queue.close();
    timers.close();
  }
}
