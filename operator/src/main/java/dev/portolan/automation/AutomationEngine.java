package dev.portolan.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogListener;
import dev.portolan.catalog.EntityRef;
import dev.portolan.cel.CelValues;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.KeyedWorkQueue;
import dev.portolan.kit.Problem;
import dev.portolan.model.Action;
import dev.portolan.model.ActionSpec;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationStatus.Firing;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the automations, on the leader only. As a {@link CatalogListener} it turns each change of an
 * entity or an Action into the {@link Occurrence}s the automations' triggers name, keeps one timer
 * per automation and entity for date-time properties (re-armed when the value changes, cancelled
 * when the entity goes) and one per schedule, and works each occurrence on a {@link
 * KeyedWorkQueue}: condition, loop guard, storm guard, then the effects (start an Action as the
 * automation's ServiceAccount, an Event on the entity, a notification). Every firing is counted in
 * the {@link FiringTally}; {@code changed} asks the Automation controller to fold it into the
 * status.
 *
 * <p>Exactly once: an occurrence's Action is named from its id, so a second delivery, a retry or a
 * replay by the next leader gets a 409 and counts as the run it already started. On {@link #start}
 * every replayable occurrence after the automation's status.processedThrough (at first its
 * creation) is evaluated again.
 */
public final class AutomationEngine implements CatalogListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutomationEngine.class);

  /** How far behind the clock the watermark stays, for changes the informers still deliver. */
  static final Duration GRACE = Duration.ofSeconds(10);

  /** How long an occurrence id is remembered, so that a second delivery is dropped. */
  static final Duration REMEMBER = Duration.ofMinutes(15);

  /** How many missed schedule instants a new leader replays at most. */
  static final int MAX_SCHEDULE_REPLAY = 100;

  public static final String CONDITION_FALSE = "ConditionFalse";
  public static final String EVALUATION_FAILED = "EvaluationFailed";

  private static final Set<String> TERMINAL = AutomationCompiler.TERMINAL_PHASES;

  private final CatalogIndex index;
  private final AutomationCompiler compiler;
  private final OccurrenceVariables variables;
  private final RunStarter runs;
  private final AutomationEvents events;
  private final NamespaceScope namespaces;
  private final FiringTally tally;
  private final Clock clock;
  private final StormGuard storm = new StormGuard();
  private final KeyedWorkQueue<Work> queue;
  private final Map<Work, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, Instant> floors = new ConcurrentHashMap<>();
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private volatile Consumer<String> changed = key -> {};
  private final Schedules schedules;
  private final Notifications notifications;
  private volatile boolean leading;

  /** One occurrence of one automation: the queue's key. */
  record Work(String automation, String occurrence) {}

  private static final class Pending {
    final Occurrence occurrence;
    boolean admitted;
    boolean started;
    String run;

    Pending(Occurrence occurrence) {
      this.occurrence = occurrence;
    }
  }

  private record Timer(String automation, Instant at, ScheduledFuture<?> future) {}

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
    this.schedules = schedules;
    this.notifications = notifications;
    this.index = index;
    this.compiler = compiler;
    this.variables = variables;
    this.runs = runs;
    this.events = events;
    this.namespaces = namespaces;
    this.tally = tally;
    this.clock = clock;
    this.queue =
        new KeyedWorkQueue<>(
            "automations",
            "automation-worker",
            workers,
            this::work,
            e -> true,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5));
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "automation-timers");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.timer = executor;
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
    if (!leading) {
      return new View(null, null, problems, namespaces.denied(compiled));
    }
    tally.seed(key, automation.getStatus());
    FiringTally.Snapshot snapshot = tally.snapshot(key);
    return new View(snapshot, watermark(key, snapshot), problems, namespaces.denied(compiled));
  }

  /**
   * Every occurrence at or before it is handled: the clock less {@link #GRACE}, held back by the
   * occurrences still worked and the timers due but not fired, never before the floor.
   */
  private String watermark(String key, FiringTally.Snapshot snapshot) {
    Instant floor = floors.get(key);
    if (floor == null) {
      return null;
    }
    Instant now = clock.instant();
    Instant mark = now.minus(GRACE);
    if (snapshot.oldestWorking() != null && !snapshot.oldestWorking().isAfter(mark)) {
      mark = snapshot.oldestWorking().minusSeconds(1);
    }
    for (Timer t : timers.values()) {
      if (t.automation().equals(key) && !t.at().isAfter(now) && !t.at().isAfter(mark)) {
        mark = t.at().minusSeconds(1);
      }
    }
    if (mark.isBefore(floor)) {
      mark = floor;
    }
    return mark.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  // ---- the catalog ----

  @Override
  public void automationChanged(Automation before, Automation after) {
    if (after == null) {
      String key = before.getMetadata().getNamespace() + "/" + before.getMetadata().getName();
      compiler.forget(before.getMetadata().getNamespace(), before.getMetadata().getName());
      cancelTimers(key);
      floors.remove(key);
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
      cancelTimers(key(after));
      activate(after);
    }
  }

  private void activate(Automation automation) {
    try {
      CompiledAutomation a = compiler.compile(automation);
      String key = a.key();
      floors.computeIfAbsent(key, k -> floorOf(automation));
      tally.seed(key, automation.getStatus());
      changed.accept(key);
      if (!a.valid()) {
        return;
      }
      replay(a);
    } catch (RuntimeException e) {
      LOG.error("Automation {} could not be activated", key(automation), e);
    }
  }

  private static Instant floorOf(Automation automation) {
    String mark = automation.getStatus() == null ? null : automation.getStatus().processedThrough;
    Instant floor = parse(mark);
    if (floor == null) {
      floor = parse(automation.getMetadata().getCreationTimestamp());
    }
    return floor == null ? Instant.EPOCH : floor;
  }

  /** Evaluates again every replayable occurrence after the floor, and arms the timers. */
  private void replay(CompiledAutomation a) {
    switch (a.kind()) {
      case ENTITY_CREATED -> {
        for (Entity e : index.entitiesOfBlueprint(a.blueprint())) {
          created(a, e);
        }
      }
      case SCORECARD_LEVEL_CHANGED -> {
        for (Entity e : index.entities()) {
          levelChanged(a, null, e);
        }
      }
      case DATE_TIME_REACHED -> {
        for (Entity e : index.entitiesOfBlueprint(a.blueprint())) {
          arm(a, e);
        }
      }
      case ACTION_FINISHED -> {
        for (Action action : index.actionsOfDefinition(a.definition())) {
          finished(a, null, action);
        }
      }
      case SCHEDULE -> armSchedule(a, floors.getOrDefault(a.key(), clock.instant()), 0);
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
        switch (a.kind()) {
          case ENTITY_CREATED -> {
            if (before == null && after != null) {
              created(a, after);
            }
          }
          case ENTITY_UPDATED -> {
            if (before != null
                && after != null
                && ofBlueprint(after, a.blueprint())
                && !Objects.equals(
                    before.getMetadata().getResourceVersion(),
                    after.getMetadata().getResourceVersion())
                && watches(a, after)) {
              submit(
                  a,
                  new Occurrence(
                      OccurrenceIds.updated(
                          after.getMetadata().getUid(), after.getMetadata().getResourceVersion()),
                      TriggerKind.ENTITY_UPDATED,
                      clock.instant(),
                      after,
                      before,
                      null,
                      null,
                      null));
            }
          }
          case ENTITY_DELETED -> {
            if (after == null && ofBlueprint(before, a.blueprint()) && watches(a, before)) {
              submit(
                  a,
                  new Occurrence(
                      OccurrenceIds.deleted(before.getMetadata().getUid()),
                      TriggerKind.ENTITY_DELETED,
                      clock.instant(),
                      before,
                      null,
                      null,
                      null,
                      null));
            }
          }
          case SCORECARD_LEVEL_CHANGED -> {
            if (after != null) {
              levelChanged(a, before, after);
            }
          }
          case DATE_TIME_REACHED -> {
            if (after == null) {
              cancel(timerKey(a, entity));
            } else {
              arm(a, after);
            }
          }
          default -> {}
        }
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
          finished(a, before, after);
        }
      } catch (RuntimeException e) {
        LOG.error(
            "Automation {} failed on action {}", key(automation), after.getMetadata().getName(), e);
      }
    }
  }

  private void created(CompiledAutomation a, Entity e) {
    Instant created = parse(e.getMetadata().getCreationTimestamp());
    if (ofBlueprint(e, a.blueprint()) && afterFloor(a, created) && watches(a, e)) {
      submit(
          a,
          new Occurrence(
              OccurrenceIds.created(e.getMetadata().getUid()),
              TriggerKind.ENTITY_CREATED,
              created,
              e,
              null,
              null,
              null,
              null));
    }
  }

  private void levelChanged(CompiledAutomation a, Entity before, Entity after) {
    EntityStatus.ScorecardResult now = grade(after, a.scorecard());
    if (now == null || now.levelSince == null) {
      return;
    }
    EntityStatus.ScorecardResult then = before == null ? null : grade(before, a.scorecard());
    if (then != null && Objects.equals(then.levelSince, now.levelSince)) {
      return; // the same level since the same instant: no change
    }
    Instant since = parse(now.levelSince);
    if (afterFloor(a, since) && watches(a, after)) {
      submit(
          a,
          new Occurrence(
              OccurrenceIds.levelChanged(
                  after.getMetadata().getUid(), a.scorecard(), now.levelSince),
              TriggerKind.SCORECARD_LEVEL_CHANGED,
              since,
              after,
              null,
              now.previousLevel == null ? "" : now.previousLevel,
              now.level == null ? "" : now.level,
              null));
    }
  }

  private static EntityStatus.ScorecardResult grade(Entity entity, String scorecard) {
    return entity.getStatus() == null || entity.getStatus().scorecards == null
        ? null
        : entity.getStatus().scorecards.get(scorecard);
  }

  private void finished(CompiledAutomation a, Action before, Action after) {
    if (after.getSpec() == null || !a.definition().equals(after.getSpec().definition)) {
      return;
    }
    String phase = after.getStatus() == null ? null : after.getStatus().phase;
    if (phase == null || !TERMINAL.contains(phase) || !a.phases().contains(phase)) {
      return;
    }
    String was = before == null || before.getStatus() == null ? null : before.getStatus().phase;
    if (was != null && TERMINAL.contains(was)) {
      return; // finished before this change
    }
    Instant done = parse(after.getStatus().completionTime);
    if (done == null) {
      done = clock.instant();
    }
    if (!afterFloor(a, done) || !namespaces.watches(a, after.getMetadata().getNamespace())) {
      return;
    }
    Entity entity =
        after.getSpec().entity == null
            ? null
            : EntityRef.parse(after.getSpec().entity, after.getMetadata().getNamespace())
                .flatMap(index::entity)
                .orElse(null);
    submit(
        a,
        new Occurrence(
            OccurrenceIds.actionFinished(after.getMetadata().getUid()),
            TriggerKind.ACTION_FINISHED,
            done,
            entity,
            null,
            null,
            null,
            after));
  }

  // ---- timers ----

  /** Arms (or re-arms, or cancels) the timer of one entity's date-time property. */
  private void arm(CompiledAutomation a, Entity e) {
    String timerKey = timerKey(a, e);
    if (!ofBlueprint(e, a.blueprint()) || !watches(a, e)) {
      cancel(timerKey);
      return;
    }
    String value = dateTime(e, a.property());
    Instant at = parse(value);
    if (at == null || !afterFloor(a, at)) {
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
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    ScheduledFuture<?> future =
        timer.schedule(
            () -> {
              timers.remove(timerKey);
              index
                  .entity(ref)
                  .filter(current -> uid.equals(current.getMetadata().getUid()))
                  .filter(current -> value.equals(dateTime(current, a.property())))
                  .ifPresent(
                      current ->
                          submit(
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
            delay,
            TimeUnit.MILLISECONDS);
    timers.put(timerKey, new Timer(a.key(), at, future));
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

  /** Arms the schedule's next instant after {@code after}; a missed one fires at once. */
  private void armSchedule(CompiledAutomation a, Instant after, int replayed) {
    if (!leading) {
      return;
    }
    Instant next;
    try {
      next = schedules.next(a.trigger().schedule.cron, a.trigger().schedule.timeZone, after);
    } catch (RuntimeException e) {
      return; // the status says why (view)
    }
    if (next == null) {
      return;
    }
    String timerKey = a.key() + "|schedule";
    Instant now = clock.instant();
    if (!next.isAfter(now) && replayed >= MAX_SCHEDULE_REPLAY) {
      armSchedule(a, now, 0);
      return;
    }
    long delay = Math.max(0, Duration.between(now, next).toMillis());
    ScheduledFuture<?> future =
        timer.schedule(
            () -> {
              timers.remove(timerKey);
              index
                  .automation(a.namespace(), a.name())
                  .filter(current -> Objects.equals(current.getMetadata().getUid(), a.uid()))
                  .ifPresent(
                      current -> {
                        submit(
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
            delay,
            TimeUnit.MILLISECONDS);
    Timer old = timers.put(timerKey, new Timer(a.key(), next, future));
    if (old != null) {
      old.future().cancel(false);
    }
  }

  private static String timerKey(CompiledAutomation a, Entity e) {
    return a.key() + "|" + e.getMetadata().getUid();
  }

  private void cancel(String timerKey) {
    Timer t = timers.remove(timerKey);
    if (t != null) {
      t.future().cancel(false);
    }
  }

  private void cancelTimers(String automationKey) {
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
    pending.put(work, new Pending(occurrence));
    queue.add(work);
  }

  private void work(Work work) {
    Pending p = pending.get(work);
    if (p == null) {
      return;
    }
    String[] key = work.automation().split("/", 2);
    Automation automation = index.automation(key[0], key[1]).orElse(null);
    if (automation == null) {
      done(work, p);
      return;
    }
    CompiledAutomation a = compiler.compile(automation);
    if (!a.valid()) {
      done(work, p);
      return;
    }
    Occurrence o = p.occurrence;
    Firing firing = firing(a, o);
    if (!p.admitted) {
      Map<String, Object> vars = variables.of(o);
      if (a.condition() != null) {
        try {
          if (!a.condition().test(vars)) {
            finish(work, p, skipped(firing, CONDITION_FALSE, null), false, false);
            return;
          }
        } catch (ExpressionException e) {
          finish(
              work,
              p,
              failed(firing, EVALUATION_FAILED, "spec.condition: " + e.getMessage()),
              false,
              false);
          return;
        }
      }
      if (!a.triggerOnOwnRuns()
          && LoopGuard.causedByOwnRun(a, o, index.actionsOfAutomation(a.name()))) {
        finish(work, p, skipped(firing, LoopGuard.REASON, null), false, false);
        return;
      }
      if (!storm.admit(a.key(), a.maxRunsPerMinute(), clock.instant())) {
        finish(
            work,
            p,
            skipped(
                firing,
                StormGuard.REASON,
                "more than "
                    + a.maxRunsPerMinute()
                    + " occurrences this minute (spec.maxRunsPerMinute)"),
            false,
            false);
        return;
      }
      p.admitted = true;
    }
    Map<String, Object> vars = variables.of(o);
    List<String> failures = new ArrayList<>();
    String failReason = null;
    if (a.startAction() != null && !p.started) {
      try {
        Action action = action(a, o, vars);
        p.run = action.getMetadata().getName();
        RunStarter.Outcome outcome =
            runs.start(action.getMetadata().getNamespace(), a.serviceAccount(), action);
        if (outcome.result() == RunStarter.Result.REFUSED) {
          failReason = outcome.reason();
          failures.add(outcome.message());
        } else {
          p.started = true;
        }
      } catch (ExpressionException e) {
        failReason = EVALUATION_FAILED;
        failures.add(e.getMessage());
      }
    }
    if (a.event() != null) {
      try {
        String message = (String) a.event().message().evaluate(vars);
        var target =
            o.entity() != null ? o.entity() : (o.action() != null ? o.action() : automation);
        events.record(target, a.key(), o.id(), a.event().warning(), a.event().reason(), message);
      } catch (ExpressionException e) {
        failReason = failReason == null ? EVALUATION_FAILED : failReason;
        failures.add("spec.effects.event.message: " + e.getMessage());
      }
    }
    boolean notified = false;
    if (a.notification() != null) {
      try {
        String message = (String) a.notification().message().evaluate(vars);
        Notifications.Delivery delivery =
            notifications.send(
                new Notifications.Request(
                    a.namespace(),
                    a.serviceAccount(),
                    a.notification().secretName(),
                    a.notification().format(),
                    message,
                    o.id(),
                    a.name(),
                    o.kind().displayName(),
                    o.entityKey(),
                    o.time().toString(),
                    p.started ? p.run : null));
        if (delivery.delivered()) {
          notified = true;
        } else {
          failReason = failReason == null ? delivery.reason() : failReason;
          failures.add("notify: " + delivery.message());
        }
      } catch (ExpressionException e) {
        failReason = failReason == null ? EVALUATION_FAILED : failReason;
        failures.add("spec.effects.notify.message: " + e.getMessage());
      }
    }
    if (p.started) {
      firing.run = p.run;
    }
    if (!failures.isEmpty()) {
      String message = String.join("; ", failures);
      failed(firing, failReason, message);
      events.record(automation, a.key(), o.id(), true, "Failed", o.id() + ": " + message);
    } else if (p.started) {
      firing.result = Firing.STARTED;
    } else if (notified) {
      firing.result = Firing.NOTIFIED;
    } else {
      firing.result = Firing.RECORDED;
    }
    finish(work, p, firing, p.started, notified);
  }

  /** The Action of an occurrence, named from it, in the namespace the effects act in. */
  Action action(CompiledAutomation a, Occurrence o, Map<String, Object> vars)
      throws ExpressionException {
    CompiledAutomation.StartAction start = a.startAction();
    String entity = o.entityKey();
    if (start.entity() != null) {
      try {
        entity = (String) start.entity().evaluate(vars);
      } catch (ExpressionException e) {
        throw new ExpressionException("spec.effects.startAction.entity: " + e.getMessage());
      }
    }
    Map<String, JsonNode> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, CompiledExpression> input : start.inputs().entrySet()) {
      try {
        inputs.put(input.getKey(), CelValues.toJson(input.getValue().evaluate(vars)));
      } catch (ExpressionException e) {
        throw new ExpressionException(
            "spec.effects.startAction.inputs." + input.getKey() + ": " + e.getMessage());
      }
    }
    Action action = new Action();
    action.getMetadata().setName(RunNames.run(a.name(), o.id()));
    action.getMetadata().setNamespace(o.namespace(a.namespace()));
    action.getMetadata().setLabels(Map.of(RunNames.AUTOMATION_LABEL, a.name()));
    action
        .getMetadata()
        .setAnnotations(
            Map.of(
                RunNames.OCCURRENCE_ANNOTATION,
                o.id(),
                RunNames.AUTOMATION_NAMESPACE_ANNOTATION,
                a.namespace()));
    ActionSpec spec = new ActionSpec();
    spec.definition = start.definition();
    spec.entity = entity == null || entity.isBlank() ? null : entity;
    spec.inputs = inputs;
    action.setSpec(spec);
    return action;
  }

  private Firing firing(CompiledAutomation a, Occurrence o) {
    Firing firing = new Firing();
    firing.occurrence = o.id();
    firing.time = o.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    firing.trigger = o.kind().displayName();
    firing.entity = o.entityKey();
    return firing;
  }

  private static Firing skipped(Firing firing, String reason, String message) {
    firing.result = Firing.SKIPPED;
    firing.reason = reason;
    firing.message = message;
    return firing;
  }

  private static Firing failed(Firing firing, String reason, String message) {
    firing.result = Firing.FAILED;
    firing.reason = reason == null ? "Failed" : reason;
    firing.message =
        message == null
            ? null
            : message.length() > 1024 ? message.substring(0, 1021) + "..." : message;
    return firing;
  }

  private void finish(Work work, Pending p, Firing firing, boolean started, boolean notified) {
    tally.record(work.automation(), firing, started, notified);
    done(work, p);
  }

  private void done(Work work, Pending p) {
    pending.remove(work);
    tally.end(work.automation(), p.occurrence.time());
    changed.accept(work.automation());
  }

  // ---- helpers ----

  private boolean watches(CompiledAutomation a, Entity e) {
    return namespaces.watches(a, e.getMetadata().getNamespace());
  }

  private static boolean ofBlueprint(Entity e, String blueprint) {
    return e != null && e.getSpec() != null && Objects.equals(e.getSpec().blueprint, blueprint);
  }

  private boolean afterFloor(CompiledAutomation a, Instant time) {
    Instant floor = floors.get(a.key());
    return time != null && (floor == null || time.isAfter(floor));
  }

  private static String key(Automation automation) {
    return automation.getMetadata().getNamespace() + "/" + automation.getMetadata().getName();
  }

  static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public void close() {
    leading = false;
    queue.close();
    timer.shutdownNow();
  }
}
