package dev.portolan.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.kit.Messages;
import dev.portolan.kit.Problem;
import dev.portolan.kit.StatusWriter;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.ActionStatus;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Action once: checks it, waits for its approval when the definition asks for one, starts
 * its Job, follows the Job to its end, collects the outputs, makes or deletes the entity for Create
 * and Delete actions, and prunes the definition's history. The Job is named after the Action and
 * owned by it, so whatever happens to the operator, one Action never starts two Jobs.
 */
// Approvals are annotations, which do not change the generation: every change must reach the
// reconciler.
@ControllerConfiguration(name = "action", generationAwareEventProcessing = false)
public final class ActionReconciler implements Reconciler<Action> {
  private static final Logger LOG = LoggerFactory.getLogger(ActionReconciler.class);
  static final String NO_ADMISSION_RECORD = "NoAdmissionRecord";
  static final String UNKNOWN_DEFINITION = "UnknownDefinition";
  static final String DEFINITION_NOT_READY = "DefinitionNotReady";
  static final String JOB_REJECTED = "JobRejected";
  static final String INVALID_OUTPUTS = "InvalidOutputs";
  static final String ACTIONS_DISABLED = "ActionsDisabled";
  private static final int LOG_TAIL_LINES = 20;

  private final CatalogIndex index;
  private final ActionDefinitionCompiler compiler;
  private final ActionChecks checks;
  private final ActionStatusBuilder statusBuilder;
  private final StatusWriter statusWriter;
  private final ActionEvents events;
  private final ActionMetrics metrics;
  private final Clock clock;
  private final boolean enabled;
  private final JobSignature signature;
  private InformerEventSource<Job, Action> jobs;

  public ActionReconciler(
      CatalogIndex index,
      ActionDefinitionCompiler compiler,
      ActionChecks checks,
      ActionStatusBuilder statusBuilder,
      StatusWriter statusWriter,
      ActionEvents events,
      ActionMetrics metrics,
      Clock clock) {
    this(
        index,
        compiler,
        checks,
        statusBuilder,
        statusWriter,
        events,
        metrics,
        clock,
        true,
        JobSignature.ephemeral());
  }

  /**
   * @param enabled false where no admission webhook records identities: then every new Action is
   *     refused, since its records could have been typed by anyone
   * @param signature signs the Jobs this operator starts; only signed Jobs are followed
   */
  public ActionReconciler(
      CatalogIndex index,
      ActionDefinitionCompiler compiler,
      ActionChecks checks,
      ActionStatusBuilder statusBuilder,
      StatusWriter statusWriter,
      ActionEvents events,
      ActionMetrics metrics,
      Clock clock,
      boolean enabled,
      JobSignature signature) {
    this.enabled = enabled;
    this.signature = signature;
    this.index = index;
    this.compiler = compiler;
    this.checks = checks;
    this.statusBuilder = statusBuilder;
    this.statusWriter = statusWriter;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Action>> prepareEventSources(EventSourceContext<Action> context) {
    jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, Action.class)
                .withName("jobs")
                .withLabelSelector(JobTemplate.ACTION_LABEL)
                .withSecondaryToPrimaryMapper(ActionReconciler::owningAction)
                .build(),
            context);
    return List.of(jobs);
  }

  private static Set<ResourceID> owningAction(HasMetadata job) {
    return job.getMetadata().getOwnerReferences() == null
        ? Set.of()
        : job.getMetadata().getOwnerReferences().stream()
            .filter(
                o ->
                    "Action".equals(o.getKind())
                        && o.getApiVersion() != null
                        && o.getApiVersion().startsWith("portolan.dev/"))
            .map(o -> new ResourceID(o.getName(), job.getMetadata().getNamespace()))
            .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<Action> reconcile(Action action, Context<Action> context) {
    if (!index.isLoaded()) {
      return UpdateControl.<Action>noUpdate().rescheduleAfter(CatalogIndex.LOADING_RETRY);
    }
    ActionStatus current = action.getStatus();
    if (current != null && ActionPhases.finished(current.phase)) {
      pruneHistory(action, context);
      return UpdateControl.noUpdate();
    }
    Optional<ActionRecords.Identity> requester = ActionRecords.requester(action);
    Optional<ActionDefinition> definition = index.actionDefinition(action.getSpec().definition);
    CompiledActionDefinition compiled = definition.map(compiler::compile).orElse(null);
    boolean approvalRequired = compiled != null && compiled.requiresApproval();
    ActionRecords.Identity decider =
        approvalRequired ? ActionRecords.decider(action).orElse(null) : null;

    Step step = decide(action, context, requester.orElse(null), compiled, decider);
    String before = current == null ? null : current.phase;
    ActionRecords.Identity requesterShown = requester.orElse(null);
    if (!Objects.equals(before, step.outcome().phase())) {
      // Told before the status says it: a crash in between leaves the status to be written again on
      // the next try,
      // which finds the Event made (its name is the run's and the phase's) and counts nothing
      // twice.
      if (events.enteredPhase(
          action, step.outcome().warning(), step.outcome().phase(), step.outcome().message())) {
        metrics.entered(action.getSpec().definition, step.outcome().phase());
      }
    }
    statusWriter.write(
        action,
        context,
        status ->
            statusBuilder.build(
                status,
                step.outcome(),
                requesterShown,
                decider,
                approvalRequired,
                step.accepted(),
                action.getMetadata().getGeneration()));
    if (ActionPhases.finished(step.outcome().phase())) {
      pruneHistory(action, context);
    }
    return UpdateControl.noUpdate();
  }

  /** An outcome, and whether the run passed its checks. */
  private record Step(ActionOutcome outcome, boolean accepted) {
    static Step refused(String reason, String message, Clock clock) {
      return new Step(
          ActionOutcome.of(ActionPhases.FAILED, reason, message).finishedAt(now(clock)), false);
    }
  }

  private Step decide(
      Action action,
      Context<Action> context,
      ActionRecords.Identity requester,
      CompiledActionDefinition definition,
      ActionRecords.Identity decider) {
    String jobName = JobTemplate.jobName(action);
    if (action.getStatus() != null && action.getStatus().job != null) {
      // The run passed every gate when its Job was recorded: follow that Job to its end.
      Optional<Job> job = existingJob(action, context, jobName);
      if (job.isEmpty()) {
        return new Step(
            ActionOutcome.of(
                    ActionPhases.FAILED,
                    "JobDeleted",
                    "Job " + action.getStatus().job + " was deleted before it finished")
                .finishedAt(now(clock)),
            true);
      }
      if (!ownedBy(job.get(), action)) {
        return Step.refused(
            JOB_REJECTED, "Job " + jobName + " is not the one this Action started", clock);
      }
      return new Step(follow(action, job.get(), definition, context), true);
    }
    if (!enabled) {
      return Step.refused(
          ACTIONS_DISABLED,
          "actions are disabled in this installation because the admission webhook"
              + " that records who asks and who approves is off (chart value webhook.enabled=false); enable it to run"
              + " actions",
          clock);
    }
    // Every gate comes before any Job is looked at, so a Job someone else made in the Action's
    // name is never followed for a run that has not passed them.
    if (requester == null) {
      return Step.refused(
          NO_ADMISSION_RECORD,
          "metadata.annotations["
              + ActionRecords.REQUESTED_BY
              + "] is missing or"
              + " unreadable: the Action did not pass Portolan's admission webhook, so who asked is unknown; install the"
              + " chart's webhook and create the Action again",
          clock);
    }
    if (definition == null) {
      return Step.refused(
          UNKNOWN_DEFINITION,
          "spec.definition: no ActionDefinition named "
              + action.getSpec().definition
              + "; `kubectl get actiondefinitions` lists them",
          clock);
    }
    if (!definition.valid()) {
      return Step.refused(
          DEFINITION_NOT_READY,
          "ActionDefinition "
              + definition.name()
              + " is not ready: "
              + Messages.join(definition.problems()),
          clock);
    }
    if (index.blueprint(definition.spec().blueprint).isEmpty()) {
      return Step.refused(
          DEFINITION_NOT_READY,
          "ActionDefinition "
              + definition.name()
              + " acts on blueprint "
              + definition.spec().blueprint
              + ", which does not exist",
          clock);
    }
    ActionChecks.Result checked = checks.check(action, definition, requester);
    if (!checked.passed()) {
      Set<String> reasons =
          checked.problems().stream().map(Problem::reason).collect(Collectors.toSet());
      return Step.refused(
          reasons.size() == 1 ? reasons.iterator().next() : "MultipleProblems",
          Messages.join(checked.problems()),
          clock);
    }
    if (definition.requiresApproval()) {
      if (decider == null) {
        return new Step(
            ActionOutcome.of(
                ActionPhases.WAITING_FOR_APPROVAL,
                "WaitingForApproval",
                "waiting for approval by "
                    + Subjects.describe(definition.spec().approval.approvers)
                    + " (kubectl annotate action "
                    + action.getMetadata().getName()
                    + " "
                    + ActionRecords.APPROVAL
                    + "=approved)"),
            true);
      }
      String decision = ActionRecords.approval(action).orElse("");
      if (ActionRecords.REJECTED.equals(decision)) {
        return new Step(
            ActionOutcome.of(ActionPhases.REJECTED, "Rejected", "rejected by " + decider.username())
                .finishedAt(decider.time() != null ? decider.time() : now(clock)),
            true);
      }
      if (!ActionRecords.APPROVED.equals(decision)
          || !Subjects.includes(definition.spec().approval.approvers, decider)) {
        return new Step(
            ActionOutcome.of(
                    ActionPhases.FAILED,
                    "NotApproved",
                    "the recorded decision ("
                        + decision
                        + " by "
                        + decider.username()
                        + ") is not an approval by "
                        + Subjects.describe(definition.spec().approval.approvers))
                .finishedAt(now(clock)),
            true);
      }
    }
    return new Step(start(action, definition, checked, requester, jobName, context), true);
  }

  private Optional<Job> existingJob(Action action, Context<Action> context, String jobName) {
    ResourceID id = new ResourceID(jobName, action.getMetadata().getNamespace());
    Optional<Job> cached = jobs.get(id);
    if (cached.isPresent() || action.getStatus() == null || action.getStatus().job == null) {
      return cached;
    }
    // The status names a Job the cache has not seen: ask the API server before calling it lost.
    return Optional.ofNullable(
        context
            .getClient()
            .batch()
            .v1()
            .jobs()
            .inNamespace(id.getNamespace().orElseThrow())
            .withName(jobName)
            .get());
  }

  private boolean ownedBy(Job job, Action action) {
    return signature.signed(job, action)
        && job.getMetadata().getOwnerReferences() != null
        && job.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                o ->
                    Boolean.TRUE.equals(o.getController())
                        && Objects.equals(o.getUid(), action.getMetadata().getUid()));
  }

  private ActionOutcome start(
      Action action,
      CompiledActionDefinition definition,
      ActionChecks.Result checked,
      ActionRecords.Identity requester,
      String jobName,
      Context<Action> context) {
    Job job = JobTemplate.build(action, definition, checked.inputs(), checked.entity(), requester);
    job.getMetadata()
        .setAnnotations(Map.of(JobSignature.ANNOTATION, signature.sign(action, jobName)));
    KubernetesClient client = context.getClient();
    Optional<Job> started = jobs.get(new ResourceID(jobName, action.getMetadata().getNamespace()));
    if (started.isPresent()) {
      // Started before a restart, and the status write was lost; the gates have just passed again.
      return ownedBy(started.get(), action)
          ? follow(action, started.get(), definition, context)
          : ActionOutcome.of(
                  ActionPhases.FAILED,
                  JOB_REJECTED,
                  "a Job named " + jobName + " already exists and belongs to something else")
              .finishedAt(now(clock));
    }
    try {
      Job created = client.resource(job).create();
      jobs.handleRecentResourceCreate(ResourceID.fromResource(created), created);
      LOG.info(
          "Started Job {}/{} for Action {}",
          created.getMetadata().getNamespace(),
          jobName,
          definition.name());
      return ActionOutcome.of(ActionPhases.RUNNING, "JobCreated", "Job " + jobName + " created")
          .withJob(jobName, null);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        Job existing =
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(action.getMetadata().getNamespace())
                .withName(jobName)
                .get();
        if (existing != null && ownedBy(existing, action)) {
          return follow(action, existing, definition, context);
        }
        return ActionOutcome.of(
                ActionPhases.FAILED,
                JOB_REJECTED,
                "a Job named " + jobName + " already exists and belongs to something else")
            .finishedAt(now(clock));
      }
      if (transient_(e)) {
        throw e; // the Job may exist: try again rather than call the run refused
      }
      String why =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : e.getMessage();
      return ActionOutcome.of(
              ActionPhases.FAILED,
              JOB_REJECTED,
              "the API server refused the Job built from "
                  + definition.name()
                  + "'s spec.job: "
                  + why)
          .finishedAt(now(clock));
    }
  }

  private ActionOutcome follow(
      Action action, Job job, CompiledActionDefinition definition, Context<Action> context) {
    String name = job.getMetadata().getName();
    String started = job.getStatus() == null ? null : job.getStatus().getStartTime();
    Optional<JobCondition> complete = condition(job, "Complete");
    Optional<JobCondition> failed = condition(job, "Failed");
    if (failed.isPresent()) {
      String finished =
          failed.get().getLastTransitionTime() != null
              ? failed.get().getLastTransitionTime()
              : now(clock);
      String detail = failureDetail(job, context);
      String reason = failed.get().getReason() != null ? failed.get().getReason() : "JobFailed";
      String message =
          "Job "
              + name
              + " failed ("
              + reason
              + (failed.get().getMessage() == null ? "" : ": " + failed.get().getMessage())
              + ")"
              + (detail.isEmpty() ? "" : "; " + detail);
      return ActionOutcome.of(ActionPhases.FAILED, reason, message)
          .withJob(name, started)
          .finishedAt(finished);
    }
    if (complete.isEmpty()) {
      int active =
          job.getStatus() == null || job.getStatus().getActive() == null
              ? 0
              : job.getStatus().getActive();
      return ActionOutcome.of(
              ActionPhases.RUNNING,
              "JobRunning",
              "Job "
                  + name
                  + " is running ("
                  + active
                  + " active Pod"
                  + (active == 1 ? "" : "s")
                  + ")")
          .withJob(name, started);
    }
    String finished =
        job.getStatus().getCompletionTime() != null
            ? job.getStatus().getCompletionTime()
            : now(clock);
    Optional<String> report =
        pods(job, context).stream()
            .filter(p -> p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()))
            .max(
                Comparator.comparing(
                    p ->
                        p.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : p.getMetadata().getCreationTimestamp()))
            .flatMap(ActionOutputs::terminationMessage);
    Optional<Map<String, JsonNode>> outputs = report.flatMap(ActionOutputs::parse);
    ActionOutcome done =
        ActionOutcome.of(ActionPhases.SUCCEEDED, "JobSucceeded", "Job " + name + " completed")
            .withJob(name, started)
            .finishedAt(finished);
    if (outputs.isPresent()) {
      done = done.withOutputs(outputs.get());
    }
    String operation = definition == null ? null : definition.spec().operation;
    if (CompiledActionDefinition.CREATE.equals(operation)) {
      return createEntity(
          action, definition, outputs.orElse(null), report.orElse(null), done, context);
    }
    if (CompiledActionDefinition.DELETE.equals(operation)) {
      return deleteEntity(action, done, context);
    }
    if (report.isPresent() && outputs.isEmpty()) {
      return new ActionOutcome(
          done.phase(),
          done.reason(),
          done.message() + "; its termination message is not a JSON object, so it has no outputs",
          done.job(),
          done.startTime(),
          done.completionTime(),
          null);
    }
    return done;
  }

  private ActionOutcome createEntity(
      Action action,
      CompiledActionDefinition definition,
      Map<String, JsonNode> outputs,
      String report,
      ActionOutcome done,
      Context<Action> context) {
    if (outputs == null) {
      return failedAfterJob(
          done,
          INVALID_OUTPUTS,
          "the Job succeeded but reported no JSON object in its termination"
              + " message"
              + (report == null ? "" : " (got: " + abbreviate(report) + ")")
              + ", so no entity was created");
    }
    ActionOutputs.NewEntity made = ActionOutputs.entity(outputs, definition, action);
    if (!made.problems().isEmpty()) {
      return failedAfterJob(done, INVALID_OUTPUTS, Messages.join(made.problems()));
    }
    Entity entity = made.entity();
    String ref = entity.getMetadata().getNamespace() + "/" + entity.getMetadata().getName();
    try {
      context.getClient().resource(entity).create();
    } catch (KubernetesClientException e) {
      if (transient_(e)) {
        throw e;
      }
      Entity existing =
          e.getCode() == 409
              ? context
                  .getClient()
                  .resources(Entity.class)
                  .inNamespace(entity.getMetadata().getNamespace())
                  .withName(entity.getMetadata().getName())
                  .get()
              : null;
      boolean ours =
          existing != null
              && existing.getMetadata().getAnnotations() != null
              && Objects.equals(
                  existing.getMetadata().getAnnotations().get(ActionOutputs.CREATED_BY_ANNOTATION),
                  action.getMetadata().getUid());
      if (!ours) {
        String why =
            e.getCode() == 409
                ? "an entity of that name already exists"
                : e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage()
                    : e.getMessage();
        return failedAfterJob(
            done, "EntityNotCreated", "could not create entity " + ref + ": " + why);
      }
    }
    return new ActionOutcome(
        done.phase(),
        "EntityCreated",
        done.message() + "; created entity " + ref,
        done.job(),
        done.startTime(),
        done.completionTime(),
        done.outputs());
  }

  private ActionOutcome deleteEntity(Action action, ActionOutcome done, Context<Action> context) {
    Optional<EntityRef> parsed =
        action.getSpec().entity == null
            ? Optional.empty()
            : EntityRef.parse(action.getSpec().entity, action.getMetadata().getNamespace());
    if (parsed.isEmpty()) {
      return failedAfterJob(
          done,
          "EntityNotDeleted",
          "the Job succeeded but the Action names no entity to delete"
              + " (its definition became a Delete action after it started)");
    }
    EntityRef ref = parsed.get();
    try {
      context
          .getClient()
          .resources(Entity.class)
          .inNamespace(ref.namespace())
          .withName(ref.name())
          .delete();
    } catch (KubernetesClientException e) {
      if (transient_(e)) {
        throw e;
      }
      return failedAfterJob(
          done,
          "EntityNotDeleted",
          "the Job succeeded but entity " + ref + " could not be deleted: " + e.getMessage());
    }
    return new ActionOutcome(
        done.phase(),
        "EntityDeleted",
        done.message() + "; deleted entity " + ref,
        done.job(),
        done.startTime(),
        done.completionTime(),
        done.outputs());
  }

  /** An answer that says nothing about the request: a timeout, throttling or a server error. */
  private static boolean transient_(KubernetesClientException e) {
    return e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
  }

  private static ActionOutcome failedAfterJob(ActionOutcome done, String reason, String message) {
    return new ActionOutcome(
        ActionPhases.FAILED,
        reason,
        message,
        done.job(),
        done.startTime(),
        done.completionTime(),
        done.outputs());
  }

  /**
   * What the failed Pod reported: its termination message (which, by default, is the tail of its
   * log when it failed), else the tail of its log when that can be read.
   */
  private String failureDetail(Job job, Context<Action> context) {
    Optional<Pod> pod =
        pods(job, context).stream()
            .filter(p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()))
            .max(
                Comparator.comparing(
                    p ->
                        p.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : p.getMetadata().getCreationTimestamp()));
    if (pod.isEmpty()) {
      return "";
    }
    Optional<String> reported = ActionOutputs.terminationMessage(pod.get());
    if (reported.isPresent()) {
      return "Pod "
          + pod.get().getMetadata().getName()
          + " reported: "
          + abbreviate(reported.get());
    }
    try {
      String log =
          context
              .getClient()
              .pods()
              .inNamespace(job.getMetadata().getNamespace())
              .withName(pod.get().getMetadata().getName())
              .tailingLines(LOG_TAIL_LINES)
              .getLog();
      if (log != null && !log.isBlank()) {
        return "log of Pod " + pod.get().getMetadata().getName() + ":\n" + abbreviate(log.strip());
      }
    } catch (KubernetesClientException e) {
      LOG.debug("No log for Pod {}: {}", pod.get().getMetadata().getName(), e.getMessage());
    }
    return "";
  }

  private static List<Pod> pods(Job job, Context<Action> context) {
    return context
        .getClient()
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel(
            JobTemplate.ACTION_LABEL, job.getMetadata().getLabels().get(JobTemplate.ACTION_LABEL))
        .list()
        .getItems()
        .stream()
        .filter(
            p ->
                p.getMetadata().getOwnerReferences() != null
                    && p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(
                            o ->
                                Boolean.TRUE.equals(o.getController())
                                    && Objects.equals(o.getUid(), job.getMetadata().getUid())))
        .toList();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /**
   * Deletes the finished runs of this Action's definition in its namespace beyond history.keep,
   * oldest first.
   */
  private void pruneHistory(Action action, Context<Action> context) {
    String definitionName = action.getSpec().definition;
    int keep =
        index
            .actionDefinition(definitionName)
            .map(compiler::compile)
            .map(CompiledActionDefinition::historyKeep)
            .orElse(-1);
    if (keep < 0) {
      return; // without its definition, nobody said how many to keep
    }
    String namespace = action.getMetadata().getNamespace();
    List<Action> finished =
        context
            .getPrimaryCache()
            .list(
                namespace,
                a ->
                    definitionName.equals(a.getSpec().definition)
                        && a.getStatus() != null
                        && ActionPhases.finished(a.getStatus().phase)
                        && a.getMetadata().getDeletionTimestamp() == null)
            .sorted(
                Comparator.comparing(ActionReconciler::finishedAt)
                    .thenComparing(a -> String.valueOf(a.getMetadata().getCreationTimestamp()))
                    .thenComparing(a -> a.getMetadata().getName())
                    .reversed())
            .toList();
    for (Action old : finished.subList(Math.min(keep, finished.size()), finished.size())) {
      try {
        context
            .getClient()
            .resource(old)
            .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
            .delete();
        LOG.info(
            "Pruned Action {}/{} ({} keeps {})",
            namespace,
            old.getMetadata().getName(),
            definitionName,
            keep);
      } catch (KubernetesClientException e) {
        LOG.warn(
            "Could not prune Action {}/{}: {}",
            namespace,
            old.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  private static String finishedAt(Action action) {
    String time = action.getStatus().completionTime;
    return time != null
        ? time
        : action.getMetadata().getCreationTimestamp() == null
            ? ""
            : action.getMetadata().getCreationTimestamp();
  }

  private static String abbreviate(String text) {
    return text.length() <= 2048 ? text : "..." + text.substring(text.length() - 2045);
  }

  private static String now(Clock clock) {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
