package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Actions end to end against the in-memory API server, with the examples' definitions: the test
 * plays the parts the mock server lacks (admission, through the same decisions the webhook makes;
 * and the Job controller with its Pod), and asserts what a user reads on the Action and its Job.
 */
class ActionReconciliationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String NS = "team-checkout";

  /** The signing key, kept across the restarts a test makes, as the chart's Secret keeps it. */
  private static final JobSignature KEY = JobSignature.ephemeral();

  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private PortolanOperator operator;

  @BeforeEach
  void start() throws Exception {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    cluster.apply(ExampleResources.load(client, Path.of("../examples")));
    operator = new PortolanOperator(client, Clock.systemUTC(), null, "default", true, KEY).start();
    await()
        .atMost(WAIT)
        .until(
            () ->
                ready("restart-service")
                    && ready("scaffold-service")
                    && ready("decommission-service"));
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
  }

  private boolean ready(String definition) {
    ActionDefinition found = client.resources(ActionDefinition.class).withName(definition).get();
    return found != null
        && found.getStatus() != null
        && Conditions.isTrue(found.getStatus().conditions, "Ready");
  }

  /** Creates an Action as the API server would after the webhook: with the requester recorded. */
  private Action createAs(String user, List<String> groups, String spec) {
    Action action =
        Serialization.unmarshal(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: Action
        metadata: {generateName: run-, namespace: %s}
        spec: %s
        """
                .formatted(NS, spec),
            Action.class);
    ActionAdmission.Decision decision =
        operator.admission().create(action, new ActionRecords.Identity(user, groups, null));
    assertThat(decision.allowed()).as(decision.message()).isTrue();
    action.getMetadata().setAnnotations(new LinkedHashMap<>(decision.annotations()));
    return client.resource(action).create();
  }

  private ActionAdmission.Decision decide(
      Action action, String user, List<String> groups, String decision) {
    Action old = fresh(action);
    Action changed = Serialization.clone(old);
    changed.getMetadata().getAnnotations().put(ActionRecords.APPROVAL, decision);
    ActionAdmission.Decision answer =
        operator.admission().update(changed, old, new ActionRecords.Identity(user, groups, null));
    if (answer.allowed()) {
      changed.getMetadata().getAnnotations().putAll(answer.annotations());
      client.resource(changed).update();
    }
    return answer;
  }

  private Action fresh(Action action) {
    return client
        .resources(Action.class)
        .inNamespace(NS)
        .withName(action.getMetadata().getName())
        .get();
  }

  private Action awaitPhase(Action action, String phase) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Action now = fresh(action);
              return now != null && now.getStatus() != null && phase.equals(now.getStatus().phase);
            });
    return fresh(action);
  }

  private Job job(Action action) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName(action.getMetadata().getName())
        .get();
  }

  private List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace(NS).list().getItems();
  }

  private int finished;

  /** Plays the Job controller and kubelet: one Pod that ended, and the Job's final condition. */
  private void finish(Job job, boolean succeeded, String terminationMessage) {
    String end = "2026-11-29T10:%02d:07Z".formatted(finished++);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-x1")
            .withNamespace(NS)
            .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withPhase(succeeded ? "Succeeded" : "Failed")
            .addNewContainerStatus()
            .withName(job.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
            .withNewState()
            .withNewTerminated()
            .withExitCode(succeeded ? 0 : 3)
            .withMessage(terminationMessage)
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    client.resource(pod).create();
    Job done = Serialization.clone(job);
    done.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
    done.getStatus().setStartTime("2026-11-29T10:00:00Z");
    if (succeeded) {
      done.getStatus().setCompletionTime(end);
      done.getStatus().setSucceeded(1);
    } else {
      done.getStatus().setFailed(1);
    }
    done.getStatus()
        .setConditions(
            List.of(
                new JobConditionBuilder()
                    .withType(succeeded ? "Complete" : "Failed")
                    .withStatus("True")
                    .withReason(succeeded ? null : "BackoffLimitExceeded")
                    .withMessage(succeeded ? null : "Job has reached the specified backoff limit")
                    .withLastTransitionTime(end)
                    .build()));
    client.batch().v1().jobs().resource(done).updateStatus();
  }

  private static Map<String, String> env(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
  }

  @Test
  void anAllowedDeveloperRunsADay2ActionThroughItsJobToSucceededWithOutputs() {
    Action action =
        createAs(
            "alice",
            List.of("developers", "system:authenticated"),
            "{definition: restart-service, entity: cart, inputs: {reason: memory leak after deploy}}");
    Action running = awaitPhase(action, ActionPhases.RUNNING);
    assertThat(running.getStatus().requestedBy.username).isEqualTo("alice");
    assertThat(running.getStatus().requestedBy.groups)
        .containsExactly("developers", "system:authenticated");
    assertThat(running.getStatus().job).isEqualTo(action.getMetadata().getName());

    Job job = job(action);
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Action");
              assertThat(o.getUid()).isEqualTo(action.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
    assertThat(env(job))
        .containsEntry("INPUT_REASON", "memory leak after deploy")
        .containsEntry("ENTITY_NAME", "cart")
        .containsEntry("ENTITY_NAMESPACE", NS)
        .containsEntry("ACTION_REQUESTED_BY", "alice");
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("portolan-action-runner");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    var security = pod.getContainers().get(0).getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/portolan");
              assertThat(m.getReadOnly()).isTrue();
            });
    String entityJson =
        job.getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(JobTemplate.ENTITY_ANNOTATION);
    assertThat(Serialization.unmarshal(entityJson, Entity.class).getSpec().title).isEqualTo("Cart");

    finish(
        job,
        true,
        "{\"restartedAt\":\"2026-11-29T10:00:06Z\",\"reason\":\"memory leak after deploy\"}");
    Action done = awaitPhase(action, ActionPhases.SUCCEEDED);
    assertThat(done.getStatus().outputs.get("restartedAt").asText())
        .isEqualTo("2026-11-29T10:00:06Z");
    assertThat(done.getStatus().startTime).isEqualTo("2026-11-29T10:00:00Z");
    assertThat(done.getStatus().completionTime).isEqualTo("2026-11-29T10:00:07Z");
    assertThat(done.getStatus().message)
        .isEqualTo("Job " + job.getMetadata().getName() + " completed");
    assertThat(Conditions.isTrue(done.getStatus().conditions, ActionStatusBuilder.COMPLETE))
        .isTrue();

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(events(action)).contains("Running", "Succeeded"));
    assertThat(operator.metrics().scrape())
        .contains(
            "portolan_action_runs_total{definition=\"restart-service\",phase=\"Succeeded\"} 1.0");
  }

  private List<String> events(Action action) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> action.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  @Test
  void everyPhaseOfAKnownDefinitionIsCountedFromTheStart() {
    assertThat(operator.metrics().scrape())
        .contains(
            "portolan_action_runs_total{definition=\"restart-service\",phase=\"Succeeded\"} 0.0")
        .contains(
            "portolan_action_runs_total{definition=\"scaffold-service\",phase=\"WaitingForApproval\"} 0.0")
        .contains("portolan_status_writes_total{kind=\"Action\"} 0.0");
  }

  @Test
  void aPhaseReportedByAnOperatorThatDiedBeforeWritingTheStatusIsNeitherReportedNorCountedAgain() {
    operator.close();
    Action action =
        createAs(
            "mallory",
            List.of("contractors"),
            "{definition: restart-service, entity: cart, inputs: {reason: because I can}}");
    // What the operator that died had done: the Event of the phase it was about to write.
    new ActionEvents(client, Clock.systemUTC())
        .enteredPhase(action, true, ActionPhases.FAILED, "from the last process");
    operator = new PortolanOperator(client, Clock.systemUTC(), null, "default", true, KEY).start();

    Action failed = awaitPhase(action, ActionPhases.FAILED);
    assertThat(failed.getStatus().message)
        .startsWith("requester mallory may not run restart-service");
    assertThat(events(action)).containsExactly("Failed");
    assertThat(operator.metrics().scrape())
        .contains(
            "portolan_action_runs_total{definition=\"restart-service\",phase=\"Failed\"} 0.0");
  }

  @Test
  void eachPhaseIsReportedOnceWithAnEventNamedAfterTheRunAndThePhase() {
    Action action =
        createAs(
            "mallory",
            List.of("contractors"),
            "{definition: restart-service, entity: cart, inputs: {reason: because I can}}");
    awaitPhase(action, ActionPhases.FAILED);
    assertThat(
            new ActionEvents(client, Clock.systemUTC())
                .enteredPhase(fresh(action), true, ActionPhases.FAILED, "again"))
        .as("a second report of the same phase")
        .isFalse();
    assertThat(events(action)).containsExactly("Failed");
    assertThat(operator.metrics().scrape())
        .contains(
            "portolan_action_runs_total{definition=\"restart-service\",phase=\"Failed\"} 1.0");
  }

  @Test
  void aRequesterWhoIsNotAllowedGetsFailedWithTheReasonAndNoJob() {
    Action action =
        createAs(
            "mallory",
            List.of("contractors"),
            "{definition: restart-service, entity: cart, inputs: {reason: because I can}}");
    Action failed = awaitPhase(action, ActionPhases.FAILED);
    Condition accepted =
        Conditions.find(failed.getStatus().conditions, ActionStatusBuilder.ACCEPTED).orElseThrow();
    assertThat(accepted.getReason()).isEqualTo(ActionChecks.NOT_ALLOWED);
    assertThat(failed.getStatus().message)
        .isEqualTo(
            "requester mallory may not run restart-service: it is allowed for"
                + " groups [developers, platform-leads]");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void everyProblemWithTheInputsAndTheEntityIsListedAndNothingRuns() {
    Action action =
        createAs(
            "alice",
            List.of("developers"),
            "{definition: restart-service, entity: cart-cache, inputs: {reason: oops, force: true}}");
    Action failed = awaitPhase(action, ActionPhases.FAILED);
    assertThat(failed.getStatus().message)
        .isEqualTo(
            "spec.inputs.reason: must be at least 5 characters long (got \"oops\"); "
                + "spec.inputs.force: is not declared by action definition restart-service; remove it or declare it under its"
                + " spec.inputs.properties; "
                + "spec.entity: team-checkout/cart-cache is a database, but restart-service acts on service entities");
    assertThat(failed.getStatus().problems)
        .extracting(p -> p.field)
        .containsExactly("spec.inputs.reason", "spec.inputs.force", "spec.entity");
    assertThat(failed.getStatus().problems.get(2).message)
        .isEqualTo(
            "spec.entity: team-checkout/cart-cache is a database, but restart-service acts on service entities");
    assertThat(
            Conditions.find(failed.getStatus().conditions, ActionStatusBuilder.ACCEPTED)
                .orElseThrow()
                .getReason())
        .isEqualTo("MultipleProblems");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void anUnknownDefinitionOrAMissingAdmissionRecordFailsClearly() {
    Action unknown =
        createAs("alice", List.of("developers"), "{definition: no-such-thing, entity: cart}");
    assertThat(awaitPhase(unknown, ActionPhases.FAILED).getStatus().message)
        .isEqualTo(
            "spec.definition: no ActionDefinition named no-such-thing; `kubectl get actiondefinitions` lists them");

    Action forged =
        client
            .resource(
                Serialization.unmarshal(
                    """
        apiVersion: portolan.dev/v1alpha1
        kind: Action
        metadata: {name: unrecorded, namespace: team-checkout}
        spec: {definition: restart-service, entity: cart, inputs: {reason: no webhook here}}
        """,
                    Action.class))
            .create();
    Action failed = awaitPhase(forged, ActionPhases.FAILED);
    assertThat(
            Conditions.find(failed.getStatus().conditions, ActionStatusBuilder.ACCEPTED)
                .orElseThrow()
                .getReason())
        .isEqualTo(ActionRun.NO_ADMISSION_RECORD);
    assertThat(jobs()).isEmpty();
  }

  @Test
  void anApprovalGatedActionWaitsUntilAnApproverApprovesThenCreatesTheEntityFromItsOutputs() {
    Action action =
        createAs(
            "alice",
            List.of("developers"),
            "{definition: scaffold-service, inputs: {name: payments-ui, system: platform/payments}}");
    Action waiting = awaitPhase(action, ActionPhases.WAITING_FOR_APPROVAL);
    assertThat(waiting.getStatus().message)
        .startsWith("waiting for approval by groups [platform-leads]");
    assertThat(jobs()).isEmpty();

    ActionAdmission.Decision byDeveloper =
        decide(action, "dave", List.of("developers"), ActionRecords.APPROVED);
    assertThat(byDeveloper.allowed()).isFalse();
    assertThat(byDeveloper.message())
        .isEqualTo(
            "metadata.annotations[portolan.dev/approval]: dave is not an approver"
                + " of scaffold-service; its approvers are groups [platform-leads]");

    assertThat(decide(action, "bob", List.of("platform-leads"), ActionRecords.APPROVED).allowed())
        .isTrue();
    Action running = awaitPhase(action, ActionPhases.RUNNING);
    assertThat(running.getStatus().approvedBy.username).isEqualTo("bob");
    assertThat(running.getStatus().approvalTime).isNotNull();
    Job job = job(action);
    assertThat(env(job)).containsEntry("INPUT_LANGUAGE", "go").doesNotContainKey("ENTITY_NAME");

    finish(
        job,
        true,
        "{\"name\":\"payments-ui\",\"title\":\"Payments UI\",\"properties\":{\"language\":\"go\"},"
            + "\"relations\":{\"system\":\"platform/payments\"}}");
    Action done = awaitPhase(action, ActionPhases.SUCCEEDED);
    assertThat(done.getStatus().message).endsWith("; created entity team-checkout/payments-ui");
    Entity created = client.resources(Entity.class).inNamespace(NS).withName("payments-ui").get();
    assertThat(created.getSpec().blueprint).isEqualTo("service");
    assertThat(created.getSpec().title).isEqualTo("Payments UI");
    assertThat(created.getMetadata().getAnnotations())
        .containsEntry(ActionOutputs.CREATED_BY_ANNOTATION, action.getMetadata().getUid());
  }

  @Test
  void aJobSomeoneElseMadeInTheActionsNameIsNotFollowedBeforeTheRunPassesItsGates() {
    Action action =
        createAs(
            "alice",
            List.of("developers"),
            "{definition: scaffold-service, inputs: {name: sneaky, system: platform/payments}}");
    awaitPhase(action, ActionPhases.WAITING_FOR_APPROVAL);
    Job forged =
        new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
            .withNewMetadata()
            .withName(action.getMetadata().getName())
            .withNamespace(NS)
            .addToLabels(JobTemplate.ACTION_LABEL, action.getMetadata().getName())
            .addNewOwnerReference()
            .withApiVersion("portolan.dev/v1alpha1")
            .withKind("Action")
            .withName(action.getMetadata().getName())
            .withUid(action.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels(JobTemplate.ACTION_LABEL, action.getMetadata().getName())
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("x")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    finish(client.resource(forged).create(), true, "{\"name\":\"sneaky\"}");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> ActionPhases.WAITING_FOR_APPROVAL.equals(fresh(action).getStatus().phase));
    assertThat(client.resources(Entity.class).inNamespace(NS).withName("sneaky").get()).isNull();

    // Approved, the run does not adopt the Job either: it lacks the operator's signature.
    assertThat(decide(action, "bob", List.of("platform-leads"), ActionRecords.APPROVED).allowed())
        .isTrue();
    Action refused = awaitPhase(action, ActionPhases.FAILED);
    assertThat(refused.getStatus().message)
        .isEqualTo(
            "a Job named "
                + action.getMetadata().getName()
                + " already exists and belongs to something else");
    assertThat(client.resources(Entity.class).inNamespace(NS).withName("sneaky").get()).isNull();
  }

  @Test
  void withoutAWebhookEveryActionIsRefused() {
    operator.close();
    operator = new PortolanOperator(client, Clock.systemUTC(), null, "default", false, KEY).start();
    Action action =
        createAs(
            "alice",
            List.of("developers"),
            "{definition: restart-service, entity: cart, inputs: {reason: typed records}}");
    Action failed = awaitPhase(action, ActionPhases.FAILED);
    assertThat(
            Conditions.find(failed.getStatus().conditions, ActionStatusBuilder.ACCEPTED)
                .orElseThrow()
                .getReason())
        .isEqualTo(ActionRun.ACTIONS_DISABLED);
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aRejectedActionEndsRejectedWithoutAJob() {
    Action action =
        createAs(
            "alice",
            List.of("developers"),
            "{definition: scaffold-service, inputs: {name: rejected-one, system: platform/payments}}");
    awaitPhase(action, ActionPhases.WAITING_FOR_APPROVAL);
    assertThat(decide(action, "bob", List.of("platform-leads"), ActionRecords.REJECTED).allowed())
        .isTrue();
    Action rejected = awaitPhase(action, ActionPhases.REJECTED);
    assertThat(rejected.getStatus().message).isEqualTo("rejected by bob");
    assertThat(rejected.getStatus().approvedBy.username).isEqualTo("bob");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aFailedJobFailsTheActionWithTheJobsReasonAndWhatThePodReported() {
    Action action =
        createAs(
            "alice",
            List.of("developers"),
            "{definition: restart-service, entity: cart, inputs: {reason: stuck connections}}");
    awaitPhase(action, ActionPhases.RUNNING);
    finish(job(action), false, "error: deployments.apps \"cart\" not found");
    Action failed = awaitPhase(action, ActionPhases.FAILED);
    assertThat(failed.getStatus().message)
        .isEqualTo(
            "Job "
                + action.getMetadata().getName()
                + " failed"
                + " (BackoffLimitExceeded: Job has reached the specified backoff limit); Pod "
                + action.getMetadata().getName()
                + "-x1 reported: error: deployments.apps \"cart\" not found");
    assertThat(
            Conditions.find(failed.getStatus().conditions, ActionStatusBuilder.COMPLETE)
                .orElseThrow()
                .getReason())
        .isEqualTo("BackoffLimitExceeded");
  }

  @Test
  void aDeleteActionDeletesItsEntityWhenTheJobSucceeds() {
    Action action =
        createAs(
            "alice",
            List.of("developers"),
            "{definition: decommission-service, entity: cart," + " inputs: {confirm: true}}");
    awaitPhase(action, ActionPhases.WAITING_FOR_APPROVAL);
    assertThat(
            decide(action, "alice", List.of("platform-leads", "developers"), ActionRecords.APPROVED)
                .message())
        .isEqualTo(
            "metadata.annotations[portolan.dev/approval]: alice requested this Action and cannot also approve"
                + " it; ask another approver");
    assertThat(decide(action, "bob", List.of("platform-leads"), ActionRecords.APPROVED).allowed())
        .isTrue();
    awaitPhase(action, ActionPhases.RUNNING);
    finish(job(action), true, "");
    assertThat(awaitPhase(action, ActionPhases.SUCCEEDED).getStatus().message)
        .endsWith("; deleted entity team-checkout/cart");
    await()
        .atMost(WAIT)
        .until(() -> client.resources(Entity.class).inNamespace(NS).withName("cart").get() == null);
  }

  @Test
  void aRestartedOperatorFollowsTheRunningJobAndNeverStartsASecond() {
    Action action =
        createAs(
            "alice",
            List.of("developers"),
            "{definition: restart-service, entity: cart, inputs: {reason: restart during restart}}");
    awaitPhase(action, ActionPhases.RUNNING);
    operator.close();
    operator = new PortolanOperator(client, Clock.systemUTC(), null, "default", true, KEY).start();
    await().atMost(WAIT).until(operator::isReady);
    assertThat(jobs()).hasSize(1);
    finish(job(action), true, "{\"ok\":true}");
    assertThat(awaitPhase(action, ActionPhases.SUCCEEDED).getStatus().outputs).containsKey("ok");
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void historyKeepsExactlyKeepFinishedRunsPerDefinitionAndNamespace() {
    client
        .resources(ActionDefinition.class)
        .withName("restart-service")
        .edit(
            d -> {
              d.getSpec().history.keep = 2;
              return d;
            });
    List<Action> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Action action =
          createAs(
              "alice",
              List.of("developers"),
              "{definition: restart-service, entity: cart, inputs: {reason: run number "
                  + i
                  + "}}");
      awaitPhase(action, ActionPhases.RUNNING);
      finish(job(action), true, "{}");
      awaitPhase(action, ActionPhases.SUCCEEDED);
      runs.add(action);
    }
    Predicate<Action> kept = a -> fresh(a) != null;
    await().atMost(WAIT).until(() -> runs.stream().filter(kept).count() == 2);
    assertThat(runs.stream().filter(kept).map(a -> a.getMetadata().getName()))
        .containsExactly(runs.get(2).getMetadata().getName(), runs.get(3).getMetadata().getName());
  }
}
