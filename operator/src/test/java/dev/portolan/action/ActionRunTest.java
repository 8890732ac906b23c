package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.catalog.EntityRef;
import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinitionSpec;
import dev.portolan.model.ActionStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each transition of a run's state machine, from the facts a reconcile gathers. */
class ActionRunTest {
  private static final String NOW = "2026-12-02T10:00:00Z";
  private static final Clock CLOCK = Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC);
  private static final String ALICE = "{\"username\":\"alice\",\"groups\":[\"developers\"]}";
  private static final String BOB =
      "{\"username\":\"bob\",\"groups\":[\"leads\"],\"time\":\"2026-12-02T09:30:00Z\"}";
  private static final String JOB_TEMPLATE =
      """
      job:
        template:
          spec:
            containers: [{name: run, image: busybox}]
      """;

  private final ActionDefinitionCompiler compiler = new ActionDefinitionCompiler(new CelEngine());
  private final Fixtures.Catalog catalog =
      new Fixtures.Catalog()
          .add(
              Fixtures.blueprint(
                  """
                  metadata: {name: service}
                  spec: {title: Service, properties: {tier: {type: string}}}
                  """))
          .add(
              Fixtures.entity(
                  """
                  metadata: {name: cart, namespace: team-a}
                  spec: {blueprint: service, title: Cart, properties: {tier: frontend}}
                  """));
  private final ActionRun run = run(true);

  private ActionRun run(boolean enabled) {
    return new ActionRun(
        new ActionChecks(catalog, blueprint -> Map.of()),
        catalog,
        new ActionStatusBuilder(new Conditions(CLOCK)),
        CLOCK,
        enabled);
  }

  private CompiledActionDefinition definition(String yaml) {
    return compiler.compile("def", Serialization.unmarshal(yaml, ActionDefinitionSpec.class));
  }

  private CompiledActionDefinition day2() {
    return definition(
        """
        blueprint: service
        operation: Day2
        inputs: {properties: {reason: {type: string, minLength: 5}}, required: [reason]}
        allowed: {groups: [developers]}
        """
            + JOB_TEMPLATE);
  }

  private CompiledActionDefinition create() {
    return definition(
        """
        blueprint: service
        operation: Create
        approval: {required: true, approvers: {groups: [leads]}}
        """
            + JOB_TEMPLATE);
  }

  private CompiledActionDefinition delete() {
    return definition(
        """
        blueprint: service
        operation: Delete
        """
            + JOB_TEMPLATE);
  }

  private static Action action(String spec, Map<String, String> annotations) {
    Action action =
        Serialization.unmarshal(
            """
            apiVersion: portolan.dev/v1alpha1
            kind: Action
            metadata: {name: run-1, namespace: team-a, uid: uid-1, generation: 1}
            spec: %s
            """
                .formatted(spec),
            Action.class);
    action.getMetadata().setAnnotations(new LinkedHashMap<>(annotations));
    return action;
  }

  private static Action restart() {
    return action(
        "{definition: def, entity: cart, inputs: {reason: memory leak}}",
        Map.of(ActionRecords.REQUESTED_BY, ALICE));
  }

  /** A run whose status records its Job, as after a launch. */
  private static Action running(Action action) {
    ActionStatus status = new ActionStatus();
    status.phase = ActionPhases.RUNNING;
    status.job = "run-1";
    action.setStatus(status);
    return action;
  }

  private static ObservedJob ours(ObservedJob.Ending ending, ObservedJob.PodReport pod) {
    return new ObservedJob("run-1", true, true, "2026-12-02T09:00:00Z", 1, ending, pod);
  }

  private static ObservedJob.Ending succeeded() {
    return new ObservedJob.Ending(true, "2026-12-02T09:05:00Z", null, null);
  }

  private static ObservedJob.PodReport reported(String message) {
    return new ObservedJob.PodReport("run-1-x1", message, null);
  }

  private RunStep next(Action action, CompiledActionDefinition definition) {
    return run.next(RunFacts.of(action, definition, null));
  }

  private RunStep follow(Action action, CompiledActionDefinition definition, ObservedJob job) {
    return run.next(RunFacts.of(running(action), definition, job));
  }

  private static RunStep.Fail failed(RunStep step) {
    assertThat(step).isInstanceOf(RunStep.Fail.class);
    return (RunStep.Fail) step;
  }

  @Test
  void aFinishedRunHasNothingLeftToDo() {
    Action action = restart();
    action.setStatus(new ActionStatus());
    action.getStatus().phase = ActionPhases.SUCCEEDED;
    action.getStatus().job = "run-1";
    assertThat(run.next(RunFacts.of(action, day2(), null))).isInstanceOf(RunStep.Nothing.class);
    assertThat(RunFacts.hasRecordedJob(action)).isFalse();
  }

  @Test
  void withoutTheWebhookEveryNewRunIsRefusedAndNeverAccepted() {
    RunStep.Fail fail = failed(run(false).next(RunFacts.of(restart(), day2(), null)));
    assertThat(fail.accepted()).isFalse();
    assertThat(fail.outcome().reason()).isEqualTo(ActionRun.ACTIONS_DISABLED);
    assertThat(fail.outcome().message()).contains("chart value webhook.enabled=false");
    assertThat(fail.outcome().completionTime()).isEqualTo(NOW);
  }

  @Test
  void aRunWithoutTheRecordOfWhoAskedIsRefused() {
    RunStep.Fail fail =
        failed(
            next(action("{definition: def, entity: cart, inputs: {reason: x}}", Map.of()), day2()));
    assertThat(fail.accepted()).isFalse();
    assertThat(fail.outcome().reason()).isEqualTo(ActionRun.NO_ADMISSION_RECORD);
    assertThat(fail.outcome().message())
        .startsWith("metadata.annotations[portolan.dev/requested-by] is missing or unreadable");
  }

  @Test
  void anUnknownOrUnreadyDefinitionRefusesTheRunNamingIt() {
    assertThat(failed(next(restart(), null)).outcome().message())
        .isEqualTo(
            "spec.definition: no ActionDefinition named def; `kubectl get actiondefinitions` lists them");

    RunStep.Fail invalid =
        failed(
            next(
                restart(),
                definition("blueprint: service\noperation: Day2\ncondition: \"1 +\"\n")));
    assertThat(invalid.outcome().reason()).isEqualTo(ActionRun.DEFINITION_NOT_READY);
    assertThat(invalid.outcome().message()).startsWith("ActionDefinition def is not ready: ");

    RunStep.Fail noBlueprint =
        failed(
            next(restart(), definition("blueprint: database\noperation: Day2\n" + JOB_TEMPLATE)));
    assertThat(noBlueprint.outcome().reason()).isEqualTo(ActionRun.DEFINITION_NOT_READY);
    assertThat(noBlueprint.outcome().message())
        .isEqualTo("ActionDefinition def acts on blueprint database, which does not exist");
  }

  @Test
  void failedChecksRefuseTheRunWithTheirReasonOrMultipleProblems() {
    Action mallory =
        action(
            "{definition: def, entity: cart, inputs: {reason: because}}",
            Map.of(ActionRecords.REQUESTED_BY, "{\"username\":\"mallory\",\"groups\":[]}"));
    RunStep.Fail one = failed(next(mallory, day2()));
    assertThat(one.accepted()).isFalse();
    assertThat(one.outcome().reason()).isEqualTo(ActionChecks.NOT_ALLOWED);

    Action several =
        action(
            "{definition: def, entity: nowhere, inputs: {reason: oops}}",
            Map.of(ActionRecords.REQUESTED_BY, ALICE));
    RunStep.Fail many = failed(next(several, day2()));
    assertThat(many.outcome().reason()).isEqualTo("MultipleProblems");
    assertThat(many.outcome().message())
        .startsWith("spec.inputs.reason: must be at least 5 characters long")
        .contains("; spec.entity: ");
  }

  @Test
  void aRunThatPassesItsGatesLaunchesTheJobItsTemplateBuilds() {
    CompiledActionDefinition definition = day2();
    RunStep step = next(restart(), definition);
    assertThat(step).isInstanceOf(RunStep.Launch.class);
    RunStep.Launch launch = (RunStep.Launch) step;
    assertThat(launch.definition()).isSameAs(definition);
    Job job = launch.job();
    assertThat(job.getMetadata().getName()).isEqualTo("run-1");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("INPUT_REASON", "memory leak"),
            org.assertj.core.groups.Tuple.tuple("ENTITY_NAME", "cart"));
    assertThat(job.getMetadata().getAnnotations())
        .as("signed by the launcher, not here")
        .isNullOrEmpty();
  }

  @Test
  void anApprovalGatedRunWaitsThenIsRejectedRefusedOrLaunchedByTheDecision() {
    String spec = "{definition: def, inputs: {}}";
    RunStep waiting = next(action(spec, Map.of(ActionRecords.REQUESTED_BY, ALICE)), create());
    assertThat(waiting).isInstanceOf(RunStep.WaitForApproval.class);
    assertThat(((RunStep.Settled) waiting).outcome().message())
        .isEqualTo(
            "waiting for approval by groups [leads] (kubectl annotate action run-1"
                + " portolan.dev/approval=approved)");

    Map<String, String> rejected =
        Map.of(
            ActionRecords.REQUESTED_BY, ALICE,
            ActionRecords.DECIDED_BY, BOB,
            ActionRecords.APPROVAL, ActionRecords.REJECTED);
    RunStep.Fail rejection = failed(next(action(spec, rejected), create()));
    assertThat(rejection.accepted()).isTrue();
    assertThat(rejection.outcome().phase()).isEqualTo(ActionPhases.REJECTED);
    assertThat(rejection.outcome().message()).isEqualTo("rejected by bob");
    assertThat(rejection.outcome().completionTime()).isEqualTo("2026-12-02T09:30:00Z");

    Map<String, String> byOutsider =
        Map.of(
            ActionRecords.REQUESTED_BY,
            ALICE,
            ActionRecords.DECIDED_BY,
            "{\"username\":\"eve\",\"groups\":[\"developers\"]}",
            ActionRecords.APPROVAL,
            ActionRecords.APPROVED);
    RunStep.Fail notApproved = failed(next(action(spec, byOutsider), create()));
    assertThat(notApproved.outcome().reason()).isEqualTo("NotApproved");
    assertThat(notApproved.outcome().message())
        .isEqualTo("the recorded decision (approved by eve) is not an approval by groups [leads]");

    Map<String, String> approved =
        Map.of(
            ActionRecords.REQUESTED_BY, ALICE,
            ActionRecords.DECIDED_BY, BOB,
            ActionRecords.APPROVAL, ActionRecords.APPROVED);
    assertThat(next(action(spec, approved), create())).isInstanceOf(RunStep.Launch.class);
  }

  @Test
  void aRecordedJobThatIsGoneOrNotOursFailsTheRun() {
    RunStep.Fail gone = failed(follow(restart(), day2(), ObservedJob.missing("run-1")));
    assertThat(gone.accepted()).isTrue();
    assertThat(gone.outcome().reason()).isEqualTo("JobDeleted");
    assertThat(gone.outcome().message()).isEqualTo("Job run-1 was deleted before it finished");

    RunStep.Fail foreign = failed(follow(restart(), day2(), ObservedJob.foreign("run-1")));
    assertThat(foreign.accepted()).isFalse();
    assertThat(foreign.outcome().reason()).isEqualTo(ActionRun.JOB_REJECTED);
    assertThat(foreign.outcome().message())
        .isEqualTo("Job run-1 is not the one this Action started");
  }

  @Test
  void aRecordedJobIsFollowedWithoutTheGatesWhileItRuns() {
    Action unrecorded = action("{definition: def, entity: cart}", Map.of());
    RunStep step = follow(unrecorded, null, ours(null, null));
    assertThat(step).isInstanceOf(RunStep.Follow.class);
    ActionOutcome outcome = ((RunStep.Follow) step).outcome();
    assertThat(outcome.phase()).isEqualTo(ActionPhases.RUNNING);
    assertThat(outcome.message()).isEqualTo("Job run-1 is running (1 active Pod)");
    assertThat(outcome.job()).isEqualTo("run-1");
    assertThat(outcome.startTime()).isEqualTo("2026-12-02T09:00:00Z");

    ObservedJob two = new ObservedJob("run-1", true, true, null, 2, null, null);
    assertThat(((RunStep.Follow) follow(restart(), day2(), two)).outcome().message())
        .isEqualTo("Job run-1 is running (2 active Pods)");
  }

  @Test
  void aFailedJobFailsTheRunWithItsReasonAndWhatItsPodReported() {
    ObservedJob.Ending backoff =
        new ObservedJob.Ending(
            false, "2026-12-02T09:07:00Z", "BackoffLimitExceeded", "Job has reached the limit");
    RunStep.Fail reported = failed(follow(restart(), day2(), ours(backoff, reported("no such"))));
    assertThat(reported.accepted()).isTrue();
    assertThat(reported.outcome().reason()).isEqualTo("BackoffLimitExceeded");
    assertThat(reported.outcome().message())
        .isEqualTo(
            "Job run-1 failed (BackoffLimitExceeded: Job has reached the limit); Pod run-1-x1"
                + " reported: no such");
    assertThat(reported.outcome().completionTime()).isEqualTo("2026-12-02T09:07:00Z");

    ObservedJob.PodReport logged = new ObservedJob.PodReport("run-1-x1", null, "line 1\nline 2");
    RunStep.Fail fromLog =
        failed(
            follow(
                restart(), day2(), ours(new ObservedJob.Ending(false, null, null, null), logged)));
    assertThat(fromLog.outcome().reason()).isEqualTo("JobFailed");
    assertThat(fromLog.outcome().message())
        .isEqualTo("Job run-1 failed (JobFailed); log of Pod run-1-x1:\nline 1\nline 2");
    assertThat(fromLog.outcome().completionTime()).isEqualTo(NOW);

    String longReport = "x".repeat(3000);
    assertThat(
            failed(follow(restart(), day2(), ours(backoff, reported(longReport))))
                .outcome()
                .message())
        .endsWith("reported: ..." + "x".repeat(2045));
  }

  @Test
  void aSucceededJobSucceedsTheRunWithTheOutputsItsPodReported() {
    RunStep step =
        follow(restart(), day2(), ours(succeeded(), reported("{\"restartedAt\":\"09:04\"}")));
    assertThat(step).isInstanceOf(RunStep.Succeed.class);
    ActionOutcome done = ((RunStep.Succeed) step).outcome();
    assertThat(done.reason()).isEqualTo("JobSucceeded");
    assertThat(done.message()).isEqualTo("Job run-1 completed");
    assertThat(done.outputs().get("restartedAt").asText()).isEqualTo("09:04");
    assertThat(done.completionTime()).isEqualTo("2026-12-02T09:05:00Z");

    ActionOutcome plain =
        ((RunStep.Succeed) follow(restart(), day2(), ours(succeeded(), reported("done"))))
            .outcome();
    assertThat(plain.message())
        .isEqualTo(
            "Job run-1 completed; its termination message is not a JSON object, so it has no"
                + " outputs");
    assertThat(plain.outputs()).isNull();

    assertThat(((RunStep.Succeed) follow(restart(), day2(), ours(succeeded(), null))).outcome())
        .isEqualTo(
            ActionOutcome.of(ActionPhases.SUCCEEDED, "JobSucceeded", "Job run-1 completed")
                .withJob("run-1", "2026-12-02T09:00:00Z")
                .finishedAt("2026-12-02T09:05:00Z"));
  }

  @Test
  void aSucceededCreateRunAsksForItsEntityOrFailsOnOutputsThatDescribeNone() {
    Action scaffold = action("{definition: def}", Map.of(ActionRecords.REQUESTED_BY, ALICE));
    RunStep step =
        follow(
            scaffold,
            create(),
            ours(succeeded(), reported("{\"name\":\"payments-ui\",\"title\":\"Payments UI\"}")));
    assertThat(step).isInstanceOf(RunStep.ApplyEffect.class);
    RunStep.ApplyEffect apply = (RunStep.ApplyEffect) step;
    assertThat(apply.effect()).isInstanceOf(EntityEffect.CreateEntity.class);
    var entity = ((EntityEffect.CreateEntity) apply.effect()).entity();
    assertThat(apply.effect().ref()).isEqualTo("team-a/payments-ui");
    assertThat(entity.getSpec().blueprint).isEqualTo("service");
    assertThat(entity.getSpec().title).isEqualTo("Payments UI");
    assertThat(entity.getMetadata().getAnnotations())
        .containsEntry(ActionOutputs.CREATED_BY_ANNOTATION, "uid-1");
    assertThat(apply.done().phase()).isEqualTo(ActionPhases.SUCCEEDED);

    RunStep.Fail noJson = failed(follow(scaffold, create(), ours(succeeded(), reported("hi"))));
    assertThat(noJson.accepted()).isTrue();
    assertThat(noJson.outcome().reason()).isEqualTo(JobOutcomes.INVALID_OUTPUTS);
    assertThat(noJson.outcome().message())
        .isEqualTo(
            "the Job succeeded but reported no JSON object in its termination message (got: hi),"
                + " so no entity was created");
    assertThat(noJson.outcome().job()).isEqualTo("run-1");

    RunStep.Fail badName =
        failed(follow(scaffold, create(), ours(succeeded(), reported("{\"name\":\"Not OK\"}"))));
    assertThat(badName.outcome().message()).startsWith("status.outputs.name: ");
  }

  @Test
  void aSucceededDeleteRunAsksForItsEntityToBeDeletedIfItNamesOne() {
    RunStep step = follow(restart(), delete(), ours(succeeded(), null));
    assertThat(step).isInstanceOf(RunStep.ApplyEffect.class);
    assertThat(((RunStep.ApplyEffect) step).effect())
        .isEqualTo(new EntityEffect.DeleteEntity(new EntityRef("team-a", "cart")));

    RunStep.Fail nothingNamed =
        failed(follow(action("{definition: def}", Map.of()), delete(), ours(succeeded(), null)));
    assertThat(nothingNamed.outcome().reason()).isEqualTo("EntityNotDeleted");
    assertThat(nothingNamed.outcome().message())
        .isEqualTo(
            "the Job succeeded but the Action names no entity to delete (its definition became a"
                + " Delete action after it started)");
  }

  @Test
  void afterALaunchTheRunFollowsItsJobOrFailsWhenTheNameIsTakenOrTheJobRefused() {
    CompiledActionDefinition definition = day2();
    Action action = restart();
    RunStep.Launch launch = (RunStep.Launch) next(action, definition);

    RunStep created = run.launched(action, launch, new LaunchResult.Created("run-1"));
    assertThat(created).isInstanceOf(RunStep.Follow.class);
    assertThat(((RunStep.Follow) created).outcome())
        .isEqualTo(
            ActionOutcome.of(ActionPhases.RUNNING, "JobCreated", "Job run-1 created")
                .withJob("run-1", null));

    RunStep found =
        run.launched(action, launch, new LaunchResult.Found(ours(succeeded(), reported("{}"))));
    assertThat(found).isInstanceOf(RunStep.Succeed.class);

    for (LaunchResult taken :
        new LaunchResult[] {
          new LaunchResult.Found(ObservedJob.foreign("run-1")), new LaunchResult.Taken()
        }) {
      RunStep.Fail fail = failed(run.launched(action, launch, taken));
      assertThat(fail.accepted()).isTrue();
      assertThat(fail.outcome().reason()).isEqualTo(ActionRun.JOB_REJECTED);
      assertThat(fail.outcome().message())
          .isEqualTo("a Job named run-1 already exists and belongs to something else");
    }

    RunStep.Fail refused =
        failed(run.launched(action, launch, new LaunchResult.Refused("spec.template: invalid")));
    assertThat(refused.outcome().message())
        .isEqualTo(
            "the API server refused the Job built from def's spec.job: spec.template: invalid");
    assertThat(refused.outcome().completionTime()).isEqualTo(NOW);
  }

  @Test
  void anAppliedEffectSucceedsTheRunAndARefusedOneFailsIt() {
    ActionOutcome done =
        ActionOutcome.of(ActionPhases.SUCCEEDED, "JobSucceeded", "Job run-1 completed")
            .withJob("run-1", "2026-12-02T09:00:00Z")
            .finishedAt("2026-12-02T09:05:00Z");
    var entity =
        Fixtures.entity("metadata: {name: new, namespace: team-a}\nspec: {blueprint: service}");
    RunStep.ApplyEffect create =
        new RunStep.ApplyEffect(new EntityEffect.CreateEntity(entity), done);
    RunStep.ApplyEffect delete =
        new RunStep.ApplyEffect(
            new EntityEffect.DeleteEntity(new EntityRef("team-a", "cart")), done);

    ActionOutcome created =
        ((RunStep.Succeed) run.applied(create, EntityEffect.Result.done())).outcome();
    assertThat(created.reason()).isEqualTo("EntityCreated");
    assertThat(created.message()).isEqualTo("Job run-1 completed; created entity team-a/new");
    assertThat(created.completionTime()).isEqualTo("2026-12-02T09:05:00Z");

    RunStep.Fail notCreated =
        failed(run.applied(create, EntityEffect.Result.refused("an entity of that name exists")));
    assertThat(notCreated.outcome().reason()).isEqualTo("EntityNotCreated");
    assertThat(notCreated.outcome().message())
        .isEqualTo("could not create entity team-a/new: an entity of that name exists");

    assertThat(((RunStep.Succeed) run.applied(delete, EntityEffect.Result.done())).outcome())
        .satisfies(
            o -> {
              assertThat(o.reason()).isEqualTo("EntityDeleted");
              assertThat(o.message()).isEqualTo("Job run-1 completed; deleted entity team-a/cart");
            });
    RunStep.Fail notDeleted = failed(run.applied(delete, EntityEffect.Result.refused("forbidden")));
    assertThat(notDeleted.outcome().reason()).isEqualTo("EntityNotDeleted");
    assertThat(notDeleted.outcome().message())
        .isEqualTo("the Job succeeded but entity team-a/cart could not be deleted: forbidden");
  }

  @Test
  void theStatusOfASettledStepShowsTheRequesterTheApprovalAndWhetherTheRunWasAccepted() {
    Action action = restart();
    RunFacts facts = RunFacts.of(action, day2(), null);
    RunStep.Fail refused = failed(run(false).next(facts));
    ActionStatus status = run.status(null, facts, refused);
    assertThat(status.phase).isEqualTo(ActionPhases.FAILED);
    assertThat(status.requestedBy.username).isEqualTo("alice");
    assertThat(status.observedGeneration).isEqualTo(1L);
    assertThat(
            Conditions.find(status.conditions, ActionStatusBuilder.ACCEPTED)
                .orElseThrow()
                .getReason())
        .isEqualTo(ActionRun.ACTIONS_DISABLED);
    assertThat(Conditions.find(status.conditions, ActionStatusBuilder.APPROVED)).isEmpty();

    Action gated =
        action("{definition: def, inputs: {}}", Map.of(ActionRecords.REQUESTED_BY, ALICE));
    RunFacts waitingFacts = RunFacts.of(gated, create(), null);
    ActionStatus waiting = run.status(null, waitingFacts, (RunStep.Settled) run.next(waitingFacts));
    assertThat(waiting.phase).isEqualTo(ActionPhases.WAITING_FOR_APPROVAL);
    assertThat(
            Conditions.find(waiting.conditions, ActionStatusBuilder.APPROVED)
                .orElseThrow()
                .getStatus())
        .isEqualTo(Conditions.UNKNOWN);
    assertThat(Conditions.isTrue(waiting.conditions, ActionStatusBuilder.ACCEPTED)).isTrue();
  }
}
