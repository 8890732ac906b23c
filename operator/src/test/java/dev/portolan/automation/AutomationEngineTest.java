package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.Fixtures;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Conditions;
import dev.portolan.kit.IndexedItemStore;
import dev.portolan.model.Action;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationStatus;
import dev.portolan.model.AutomationStatus.Firing;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against a mock API server: what it creates, and what the tally then shows. */
@EnableKubernetesMockClient(crud = true)
class AutomationEngineTest {
  KubernetesClient client;
  KubernetesMockServer server;

  private final CatalogIndex index = CatalogIndex.create(null);
  private final IndexedItemStore<Entity> entities = index.claim(Entity.class);
  private final IndexedItemStore<Automation> automations = index.claim(Automation.class);
  private final IndexedItemStore<Action> actions = index.claim(Action.class);
  private final AutomationCompiler compiler = new AutomationCompiler(new CelEngine());
  private final FiringTally tally = new FiringTally();
  private final Instant created = Instant.now().minus(Duration.ofHours(1));
  private ImpersonatingRunStarter runs;
  private AutomationEngine engine;

  @BeforeEach
  void setUp() {
    runs = new ImpersonatingRunStarter(client.getConfiguration());
    engine = engine(tally);
  }

  private AutomationEngine engine(FiringTally tally) {
    return engine(tally, runs, Clock.systemUTC());
  }

  private AutomationEngine engine(FiringTally tally, RunStarter runs, Clock clock) {
    AutomationEngine e =
        new AutomationEngine(
            index,
            compiler,
            new OccurrenceVariables(b -> Map.of()),
            runs,
            new CronSchedules(),
            new SecretWebhookNotifications(
                this.runs::clientFor, new WebhookNotifier(Clock.systemUTC())),
            new AutomationEvents(client, Clock.systemUTC()),
            new NamespaceScope(ns -> Map.of(), (user, ns) -> true, Clock.systemUTC()),
            tally,
            clock,
            4);
    index.addListener(e);
    return e;
  }

  @AfterEach
  void tearDown() {
    engine.close();
    runs.close();
    index.close();
  }

  private void automation(String name, String trigger, String effects) {
    automation(name, trigger, effects, "");
  }

  private Automation automation(String name, String trigger, String effects, String moreSpec) {
    Automation automation =
        Serialization.unmarshal(
            "apiVersion: portolan.dev/v1alpha1\nkind: Automation\nmetadata: {name: "
                + name
                + ", namespace: team-a, uid: auto-uid-"
                + name
                + ", generation: 1, creationTimestamp: '"
                + created
                + "'}\nspec:\n  serviceAccountName: remediator\n  trigger: "
                + trigger
                + "\n  effects: "
                + effects
                + "\n"
                + moreSpec,
            Automation.class);
    automations.put(automations.getKey(automation), automation);
    return automation;
  }

  private Entity entity(String name) {
    return entity(name, Instant.now().minusSeconds(5));
  }

  private Entity entity(String name, Instant createdAt) {
    Entity entity =
        Fixtures.entity(
            "metadata: {name: "
                + name
                + ", namespace: team-a, uid: uid-"
                + name
                + ", resourceVersion: '1', creationTimestamp: '"
                + createdAt
                + "'}\nspec: {blueprint: service, owner: a}\n");
    entities.put(entities.getKey(entity), entity);
    return entity;
  }

  private List<Action> createdActions() {
    return client.resources(Action.class).inNamespace("team-a").list().getItems();
  }

  private FiringTally.Snapshot settled(FiringTally tally, String automation, long firings) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tally.snapshot(automation).recent().size() >= firings);
    return recorded(tally, automation);
  }

  /** Everything the tally recorded, as a watermark after it all would count it. */
  private static FiringTally.Snapshot recorded(FiringTally tally, String automation) {
    return tally.snapshot(automation, Instant.now().plus(Duration.ofDays(1)));
  }

  @Test
  void oneOccurrenceDeliveredTwiceStartsExactlyOneActionAsTheServiceAccount() throws Exception {
    automation(
        "remediate",
        "{entityCreated: {blueprint: service}}",
        "{startAction: {definition: fix, inputs: {reason: \"'new: ' + entity.name\"}}}");
    Entity api = entity("api");
    engine.start();
    engine.entityChanged(null, api); // the same creation, delivered again

    FiringTally.Snapshot snapshot = settled(tally, "team-a/remediate", 1);
    Thread.sleep(300); // a second firing, were there one, would show by now
    snapshot = recorded(tally, "team-a/remediate");
    var post = server.getLastRequest(); // the create, before the test lists what was made
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(post.getHeader("Impersonate-User"))
        .as("the Action is created as the automation's ServiceAccount")
        .isEqualTo("system:serviceaccount:team-a:remediator");
    assertThat(post.getHeader("Impersonate-Group"))
        .as("the API server adds a ServiceAccount's groups itself")
        .isNull();

    List<Action> made = createdActions();
    assertThat(made).hasSize(1);
    Action action = made.get(0);
    assertThat(action.getMetadata().getName())
        .isEqualTo(RunNames.run("remediate", OccurrenceIds.created("uid-api")))
        .matches("remediate-[0-9a-f]{10}");
    assertThat(action.getMetadata().getLabels())
        .containsEntry(RunNames.AUTOMATION_LABEL, "remediate");
    assertThat(action.getMetadata().getAnnotations())
        .containsEntry(RunNames.OCCURRENCE_ANNOTATION, "created/uid-api");
    assertThat(action.getSpec().definition).isEqualTo("fix");
    assertThat(action.getSpec().entity).isEqualTo("team-a/api");
    assertThat(action.getSpec().inputs.get("reason").asText()).isEqualTo("new: api");
    assertThat(snapshot.counts().runsStarted).isEqualTo(1L);
    assertThat(snapshot.counts().fired).isEqualTo(1L);
    assertThat(snapshot.recent())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.result).isEqualTo(Firing.STARTED);
              assertThat(f.run).isEqualTo(action.getMetadata().getName());
              assertThat(f.entity).isEqualTo("team-a/api");
              assertThat(f.trigger).isEqualTo("EntityCreated");
            });
  }

  @Test
  void aLevelChangeInTheSecondTheAutomationWasCreatedInStartsItsRun() {
    // The API server writes times to the second: an automation made at 12:00:00.2 and a level
    // that changed at 12:00:00.7 both read 12:00:00 (the full acceptance suite met this).
    String second = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    Automation automation =
        Serialization.unmarshal(
            "apiVersion: portolan.dev/v1alpha1\nkind: Automation\nmetadata: {name: drop,"
                + " namespace: team-a, uid: auto-uid-drop, generation: 1, creationTimestamp: '"
                + second
                + "'}\nspec:\n  serviceAccountName: remediator\n  trigger:"
                + " {scorecardLevelChanged: {scorecard: readiness}}\n  effects:"
                + " {startAction: {definition: fix}}\n",
            Automation.class);
    automations.put(automations.getKey(automation), automation);
    engine.start();
    Entity before = entity("api");
    Entity after =
        Fixtures.entity(
            "metadata: {name: api, namespace: team-a, uid: uid-api, resourceVersion: '2'}\n"
                + "spec: {blueprint: service, owner: a}\n"
                + "status: {scorecards: {readiness: {level: None, previousLevel: Bronze,"
                + " levelSince: '"
                + second
                + "'}}}\n");
    engine.entityChanged(before, after);

    FiringTally.Snapshot snapshot = settled(tally, "team-a/drop", 1);
    assertThat(snapshot.counts().runsStarted).isEqualTo(1L);
    assertThat(createdActions())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.getMetadata().getAnnotations())
                    .containsEntry(
                        RunNames.OCCURRENCE_ANNOTATION,
                        OccurrenceIds.levelChanged(
                            "uid-api", "readiness", second, "Bronze", "None")));
  }

  @Test
  void aLevelReachedAndLeftWithinOneSecondIsTwoChanges() {
    // CI met this: a scorecard graded an entity Bronze and, after a patch, None again within one
    // second; both grades read the same levelSince, and the drop was taken for the rise again.
    String second = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    automation(
        "drop",
        "{scorecardLevelChanged: {scorecard: readiness}}",
        "{startAction: {definition: fix}}",
        "  condition: \"from == 'Bronze'\"\n");
    engine.start();
    Entity none = entity("api");
    Entity bronze = graded(none, "2", "Bronze", "None", second);
    engine.entityChanged(none, bronze);
    Entity dropped = graded(bronze, "3", "None", "Bronze", second);
    engine.entityChanged(bronze, dropped);

    FiringTally.Snapshot snapshot = settled(tally, "team-a/drop", 2);
    assertThat(snapshot.recent())
        .extracting(f -> f.occurrence + " " + f.result + " " + f.reason)
        .containsExactlyInAnyOrder(
            OccurrenceIds.levelChanged("uid-api", "readiness", second, "None", "Bronze")
                + " Skipped ConditionFalse",
            OccurrenceIds.levelChanged("uid-api", "readiness", second, "Bronze", "None")
                + " Started null");
    assertThat(createdActions()).hasSize(1);
  }

  private Entity graded(
      Entity before, String resourceVersion, String level, String from, String since) {
    Entity after =
        Fixtures.entity(
            "metadata: {name: api, namespace: team-a, uid: uid-api, resourceVersion: '"
                + resourceVersion
                + "', creationTimestamp: '"
                + before.getMetadata().getCreationTimestamp()
                + "'}\nspec: {blueprint: service, owner: a}\n"
                + "status: {scorecards: {readiness: {level: "
                + level
                + ", previousLevel: "
                + from
                + ", levelSince: '"
                + since
                + "'}}}\n");
    entities.put(entities.getKey(after), after);
    return after;
  }

  @Test
  void aNewLeaderThatFindsTheRunMadeCountsItOnceAndMakesNoOther() {
    automation(
        "remediate", "{entityCreated: {blueprint: service}}", "{startAction: {definition: fix}}");
    entity("api");
    engine.start();
    settled(tally, "team-a/remediate", 1);
    engine.close();

    FiringTally next = new FiringTally();
    AutomationEngine successor = engine(next);
    try {
      successor.start(); // replays the creation: the Action is there (409)
      FiringTally.Snapshot snapshot = settled(next, "team-a/remediate", 1);
      assertThat(createdActions()).hasSize(1);
      assertThat(snapshot.counts().runsStarted).isEqualTo(1L);
      assertThat(snapshot.counts().failed).isZero();
      assertThat(snapshot.recent().get(0).result).isEqualTo(Firing.STARTED);
    } finally {
      successor.close();
    }
  }

  @Test
  void aRefusalIsAFailedFiringWithTheApiServersMessageAndAWarningEvent() {
    String refusal =
        "actions.portolan.dev is forbidden: User \"system:serviceaccount:team-a:remediator\""
            + " cannot create resource \"actions\" in API group \"portolan.dev\" in the namespace"
            + " \"team-a\"";
    server
        .expect()
        .post()
        .withPath("/apis/portolan.dev/v1alpha1/namespaces/team-a/actions")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage(refusal)
                .build())
        .always();
    automation(
        "remediate", "{entityCreated: {blueprint: service}}", "{startAction: {definition: fix}}");
    entity("api");
    engine.start();

    FiringTally.Snapshot snapshot = settled(tally, "team-a/remediate", 1);
    assertThat(snapshot.counts().failed).isEqualTo(1L);
    assertThat(snapshot.counts().runsStarted).isZero();
    Firing firing = snapshot.recent().get(0);
    assertThat(firing.result).isEqualTo(Firing.FAILED);
    assertThat(firing.reason).isEqualTo("Forbidden");
    assertThat(firing.message).isEqualTo(refusal);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("team-a").list().getItems())
                    .anySatisfy(
                        (Event e) -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getInvolvedObject().getKind()).isEqualTo("Automation");
                          assertThat(e.getMessage()).contains(refusal);
                        }));
  }

  @Test
  void anOwnRunFinishingIsSkippedAndStartsNothing() {
    automation(
        "redeploy",
        "{actionFinished: {definition: deploy}}",
        "{startAction: {definition: deploy, entity: \"action.entity\"}}");
    engine.start();
    Action own =
        Serialization.unmarshal(
            "apiVersion: portolan.dev/v1alpha1\nkind: Action\nmetadata: {name: redeploy-1, namespace:"
                + " team-a, uid: act-1, labels: {portolan.dev/automation: redeploy}, annotations:"
                + " {portolan.dev/automation-namespace: team-a}}\nspec: {definition: deploy, entity:"
                + " api}\nstatus: {phase: Succeeded, completionTime: '"
                + Instant.now()
                + "'}\n",
            Action.class);
    Action other =
        Serialization.unmarshal(
            "apiVersion: portolan.dev/v1alpha1\nkind: Action\nmetadata: {name: by-hand, namespace:"
                + " team-a, uid: act-2}\nspec: {definition: deploy, entity: api}\nstatus: {phase:"
                + " Succeeded, completionTime: '"
                + Instant.now()
                + "'}\n",
            Action.class);
    actions.put(actions.getKey(own), own);
    actions.put(actions.getKey(other), other);

    FiringTally.Snapshot snapshot = settled(tally, "team-a/redeploy", 2);
    assertThat(snapshot.recent())
        .extracting(f -> f.occurrence + " " + f.result + " " + f.reason)
        .containsExactlyInAnyOrder("finished/act-1 Skipped OwnRun", "finished/act-2 Started null");
    assertThat(createdActions())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.getMetadata().getAnnotations())
                    .containsEntry(RunNames.OCCURRENCE_ANNOTATION, "finished/act-2"));
  }

  /**
   * Starts runs through the API server, except the run of one occurrence: that start waits until
   * the operator is killed and never reaches the API server (killed between trigger and run start).
   */
  private static final class KilledBeforeOneRun implements RunStarter {
    private final RunStarter runs;
    private final String held;
    final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch killed = new CountDownLatch(1);

    KilledBeforeOneRun(RunStarter runs, String held) {
      this.runs = runs;
      this.held = held;
    }

    @Override
    public Outcome start(String namespace, String serviceAccount, Action action) {
      if (action.getMetadata().getName().equals(held)) {
        reached.countDown();
        try {
          killed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (killed.getCount() == 0) {
        throw new IllegalStateException("the operator is gone");
      }
      return runs.start(namespace, serviceAccount, action);
    }

    void kill() {
      killed.countDown();
    }
  }

  private final AutomationStatusBuilder statusBuilder =
      new AutomationStatusBuilder(new Conditions(Clock.systemUTC()));

  /** The status the Automation controller would write now from the engine's view. */
  private AutomationStatus statusNow(AutomationEngine engine, String name) {
    Automation automation = index.automation("team-a", name).orElseThrow();
    AutomationEngine.View view = engine.view(automation);
    return statusBuilder.build(
        automation.getStatus(),
        compiler.compile(automation),
        view.problems(),
        view.tally(),
        view.processedThrough(),
        view.deniedNamespaces(),
        1L);
  }

  /** The status is written: the Automation in the catalog carries it (the old leader's last). */
  private void written(String name, AutomationStatus status) {
    Automation automation = index.automation("team-a", name).orElseThrow();
    automation.setStatus(status);
    automations.put(automations.getKey(automation), automation);
  }

  private static String at(Instant base, int second) {
    return base.plusSeconds(second).toString();
  }

  @Test
  void aLeaderKilledMidBurstIsFollowedByOneThatCountsEveryOccurrenceExactlyOnce() {
    int n = 30;
    // A fixed minute for both leaders: the storm guard counts within it.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(20);
    automation(
        "remediate",
        "{entityCreated: {blueprint: service}}",
        "{startAction: {definition: fix}}",
        "  maxRunsPerMinute: 1000\n");
    for (int i = 0; i < n; i++) {
      // from 60 s before "now" to 2 s before it: the last few are within the grace
      entity(String.format("e%02d", i), now.minusSeconds(60 - 2L * i));
    }
    String held = RunNames.run("remediate", OccurrenceIds.created("uid-e10"));
    KilledBeforeOneRun killable = new KilledBeforeOneRun(runs, held);
    FiringTally first = new FiringTally();
    AutomationEngine leader = engine(first, killable, Clock.fixed(now, ZoneOffset.UTC));
    leader.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                killable.reached.getCount() == 0
                    && first.snapshot("team-a/remediate").recorded() == n - 1);

    AutomationStatus mid = statusNow(leader, "remediate");
    assertThat(mid.processedThrough)
        .as("the run still being started holds the watermark before it")
        .isEqualTo(now.minusSeconds(41).toString());
    assertThat(mid.counts.runsStarted)
        .as("only the ten occurrences at or before the watermark are counted")
        .isEqualTo(10L);
    written("remediate", mid);
    killable.kill();
    leader.close();

    FiringTally next = new FiringTally();
    AutomationEngine successor =
        engine(next, runs, Clock.fixed(now.plusSeconds(15), ZoneOffset.UTC));
    try {
      successor.start(); // replays the 20 after the watermark; 19 of their runs are there (409)
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  next.snapshot("team-a/remediate").recorded() >= n - 10
                      && next.oldestWorking("team-a/remediate") == null);
      AutomationStatus after = statusNow(successor, "remediate");
      assertThat(after.processedThrough).isEqualTo(now.plusSeconds(5).toString());
      assertThat(after.counts.fired).isEqualTo((long) n);
      assertThat(after.counts.runsStarted).isEqualTo((long) n);
      assertThat(after.counts.failed).isZero();
      assertThat(after.recent)
          .hasSize(AutomationStatus.RECENT)
          .extracting(f -> f.occurrence)
          .doesNotHaveDuplicates();
      List<Action> made = createdActions();
      assertThat(made).hasSize(n);
      assertThat(made)
          .extracting(a -> a.getMetadata().getAnnotations().get(RunNames.OCCURRENCE_ANNOTATION))
          .doesNotHaveDuplicates();
    } finally {
      successor.close();
    }
  }

  @Test
  void instantsPassedWhileNoLeaderRanFireOnReplayAndLetTheWatermarkPassThem() {
    // Each timer of an instant already past fires at once, maybe before it is recorded as armed:
    // one left behind as "due but not fired" held the watermark before it for good.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    automation(
        "reclaim",
        "{dateTimeReached: {blueprint: service, property: dueAt}}",
        "{startAction: {definition: fix}}",
        "  maxRunsPerMinute: 1000\n");
    int n = 100;
    for (int i = 0; i < n; i++) {
      Entity e =
          Fixtures.entity(
              "metadata: {name: d"
                  + i
                  + ", namespace: team-a, uid: uid-d"
                  + i
                  + ", resourceVersion: '1', creationTimestamp: '"
                  + now.minusSeconds(120)
                  + "'}\nspec: {blueprint: service, owner: a, properties: {dueAt: '"
                  + now.minusSeconds(30)
                  + "'}}\n");
      entities.put(entities.getKey(e), e);
    }
    engine.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                tally.snapshot("team-a/reclaim").recorded() == n
                    && tally.oldestWorking("team-a/reclaim") == null);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              AutomationStatus status = statusNow(engine, "reclaim");
              assertThat(Instant.parse(status.processedThrough))
                  .as("no timer is left due but not fired")
                  .isAfter(now.minusSeconds(30));
              assertThat(status.counts.runsStarted).isEqualTo((long) n);
            });
  }

  @Test
  void aReplayedOccurrenceWhoseRunIsThereIsStartedNotSkippedAsCausedByThatRun() {
    // The run acts on the entity and is not finished: the loop guard would take the replayed
    // occurrence for one its own run caused, and skip the very occurrence that started it.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    automation(
        "reclaim",
        "{dateTimeReached: {blueprint: service, property: dueAt}}",
        "{startAction: {definition: fix}}",
        "");
    String due = now.minusSeconds(30).toString();
    Entity e =
        Fixtures.entity(
            "metadata: {name: d0, namespace: team-a, uid: uid-d0, resourceVersion: '1',"
                + " creationTimestamp: '"
                + now.minusSeconds(120)
                + "'}\nspec: {blueprint: service, owner: a, properties: {dueAt: '"
                + due
                + "'}}\n");
    entities.put(entities.getKey(e), e);
    String occurrence = OccurrenceIds.dateTimeReached("uid-d0", "dueAt", due);
    Action run =
        Serialization.unmarshal(
            "apiVersion: portolan.dev/v1alpha1\nkind: Action\nmetadata: {name: "
                + RunNames.run("reclaim", occurrence)
                + ", namespace: team-a, uid: act-1, creationTimestamp: '"
                + now.minusSeconds(29)
                + "', labels: {portolan.dev/automation: reclaim}, annotations:"
                + " {portolan.dev/automation-namespace: team-a, portolan.dev/occurrence: '"
                + occurrence
                + "'}}\nspec: {definition: fix, entity: d0}\nstatus: {phase: Running}\n",
            Action.class);
    client.resources(Action.class).inNamespace("team-a").resource(run).create();
    actions.put(actions.getKey(run), run); // the last leader started it before it was killed

    engine.start();
    FiringTally.Snapshot snapshot = settled(tally, "team-a/reclaim", 1);
    assertThat(snapshot.recent())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.result).isEqualTo(Firing.STARTED);
              assertThat(f.reason).isNull();
              assertThat(f.run).isEqualTo(run.getMetadata().getName());
            });
    assertThat(snapshot.counts().runsStarted).isEqualTo(1L);
    assertThat(createdActions()).hasSize(1);
  }

  @Test
  void anOccurrenceWhoseRunAKilledLeaderStartedIsNotRefusedByTheStormGuardOnReplay() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(20);
    automation(
        "remediate",
        "{entityCreated: {blueprint: service}}",
        "{startAction: {definition: fix}}",
        "  maxRunsPerMinute: 5\n");
    String held = RunNames.run("remediate", OccurrenceIds.created("uid-e00"));
    KilledBeforeOneRun killable = new KilledBeforeOneRun(runs, held);
    FiringTally first = new FiringTally();
    AutomationEngine leader = engine(first, killable, Clock.fixed(now, ZoneOffset.UTC));
    leader.start();
    // e06..e09 come first and are started; e00 is admitted (its start held); e01..e05 are refused
    for (int i = 6; i <= 9; i++) {
      leader.entityChanged(null, entity("e0" + i, now.minusSeconds(50 - i)));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> first.snapshot("team-a/remediate").recorded() == 4);
    leader.entityChanged(null, entity("e00", now.minusSeconds(60)));
    await().atMost(Duration.ofSeconds(10)).until(() -> killable.reached.getCount() == 0);
    for (int i = 1; i <= 5; i++) {
      leader.entityChanged(null, entity("e0" + i, now.minusSeconds(60 - i)));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> first.snapshot("team-a/remediate").recorded() == 9);
    written("remediate", statusNow(leader, "remediate"));
    killable.kill();
    leader.close();
    List<Action> before = createdActions();
    assertThat(before).hasSize(4);
    for (Action action : before) {
      action.getMetadata().setCreationTimestamp(now.toString()); // in the guard's minute
      actions.put(actions.getKey(action), action); // what the next leader's informer lists
    }

    FiringTally next = new FiringTally();
    AutomationEngine successor =
        engine(next, runs, Clock.fixed(now.plusSeconds(15), ZoneOffset.UTC));
    try {
      successor.start(); // the same minute: the guard has 5 slots, 4 are the runs already there
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  next.snapshot("team-a/remediate").recorded() >= 10
                      && next.oldestWorking("team-a/remediate") == null);
      AutomationStatus after = statusNow(successor, "remediate");
      assertThat(after.recent)
          .filteredOn(
              f ->
                  List.of("team-a/e06", "team-a/e07", "team-a/e08", "team-a/e09")
                      .contains(f.entity))
          .as("the occurrences started before the kill are Started again, not refused")
          .extracting(f -> f.result)
          .containsExactly(Firing.STARTED, Firing.STARTED, Firing.STARTED, Firing.STARTED);
      assertThat(createdActions())
          .as("at most maxRunsPerMinute runs in the minute, the ones already there included")
          .hasSize(5);
      assertThat(after.counts.runsStarted).isEqualTo(5L);
      assertThat(after.counts.skipped).isEqualTo(5L);
    } finally {
      successor.close();
    }
  }
}
