package dev.portolan.controller;

import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.action.ActionEvents;
import dev.portolan.action.ActionMetrics;
import dev.portolan.action.ActionOutcome;
import dev.portolan.action.ActionPhases;
import dev.portolan.action.ActionRun;
import dev.portolan.action.CompiledActionDefinition;
import dev.portolan.action.EntityEffects;
import dev.portolan.action.JobFollower;
import dev.portolan.action.JobLauncher;
import dev.portolan.action.JobTemplate;
import dev.portolan.action.JobToOwningActionMapper;
import dev.portolan.action.ObservedJob;
import dev.portolan.action.RunFacts;
import dev.portolan.action.RunHistoryPruner;
import dev.portolan.action.RunStep;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.LoadGate;
import dev.portolan.kit.StatusWriter;
import dev.portolan.model.Action;
import dev.portolan.model.ActionStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;

/**
 * Runs each Action once: gathers what the run's state machine ({@link ActionRun}) needs (the
 * definition, the Job its status records), asks it for the next step, has the collaborators carry
 * the step out (start the Job, make or delete the entity), reports the phase the run enters and
 * writes its status, then prunes the definition's history once the run has finished. The Job is
 * named after the Action and owned by it, so whatever happens to the operator, one Action never
 * starts two Jobs.
 */
// Approvals are annotations, which do not change the generation: every change must reach the
// reconciler.
@ControllerConfiguration(name = "action", generationAwareEventProcessing = false)
public final class ActionReconciler implements Reconciler<Action> {
  private final CatalogIndex index;
  private final LoadGate<Action> loading;
  private final ActionDefinitionCompiler compiler;
  private final ActionRun run;
  private final JobLauncher launcher;
  private final JobFollower follower;
  private final EntityEffects effects;
  private final RunHistoryPruner pruner;
  private final StatusWriter statusWriter;
  private final ActionEvents events;
  private final ActionMetrics metrics;
  private final ErrorStatus errorStatus;
  private InformerEventSource<Job, Action> jobs;

  public ActionReconciler(
      CatalogIndex index,
      ActionDefinitionCompiler compiler,
      ActionRun run,
      JobLauncher launcher,
      JobFollower follower,
      EntityEffects effects,
      RunHistoryPruner pruner,
      StatusWriter statusWriter,
      ActionEvents events,
      ActionMetrics metrics,
      ErrorStatus errorStatus) {
    this.index = index;
    this.loading = new LoadGate<>("catalog-loaded", index::isLoaded);
    this.compiler = compiler;
    this.run = run;
    this.launcher = launcher;
    this.follower = follower;
    this.effects = effects;
    this.pruner = pruner;
    this.statusWriter = statusWriter;
    this.events = events;
    this.metrics = metrics;
    this.errorStatus = errorStatus;
  }

  /** The Jobs labelled as runs', each mapped to the Action that owns it. */
  @Override
  public List<EventSource<?, Action>> prepareEventSources(EventSourceContext<Action> context) {
    jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, Action.class)
                .withName("jobs")
                .withLabelSelector(JobTemplate.ACTION_LABEL)
                .withSecondaryToPrimaryMapper(new JobToOwningActionMapper())
                .build(),
            context);
    return List.of(loading, jobs);
  }

  @Override
  public UpdateControl<Action> reconcile(Action action, Context<Action> context) {
    if (!loading.admits(action)) {
      return UpdateControl.noUpdate(); // asked for again once the catalog has loaded
    }
    CompiledActionDefinition definition =
        index.actionDefinition(action.getSpec().definition).map(compiler::compile).orElse(null);
    ObservedJob recorded = RunFacts.hasRecordedJob(action) ? follower.recorded(action, jobs) : null;
    RunFacts facts = RunFacts.of(action, definition, recorded);

    RunStep step = run.next(facts);
    if (step instanceof RunStep.Nothing) {
      prune(action, definition, context);
      return UpdateControl.noUpdate();
    }
    if (step instanceof RunStep.Launch launch) {
      step = run.launched(action, launch, launcher.launch(action, launch, jobs));
    }
    if (step instanceof RunStep.ApplyEffect apply) {
      step = run.applied(apply, effects.apply(action, apply.effect()));
    }
    // A launch ends settled or with an effect to apply, and an applied effect ends settled.
    RunStep.Settled settled = (RunStep.Settled) step;
    ActionOutcome outcome = settled.outcome();
    String before = action.getStatus() == null ? null : action.getStatus().phase;
    if (!Objects.equals(before, outcome.phase())) {
      // Told before the status says it: a crash in between leaves the status to be written again on
      // the next try, which finds the Event made (its name is the run's and the phase's) and counts
      // nothing twice.
      if (events.enteredPhase(action, outcome.warning(), outcome.phase(), outcome.message())) {
        metrics.entered(action.getSpec().definition, outcome.phase());
      }
    }
    statusWriter.write(action, context, current -> run.status(current, facts, settled));
    if (ActionPhases.finished(outcome.phase())) {
      prune(action, definition, context);
    }
    return UpdateControl.noUpdate();
  }

  private void prune(Action action, CompiledActionDefinition definition, Context<Action> context) {
    pruner.prune(
        action, definition, context.getPrimaryCache().list(action.getMetadata().getNamespace()));
  }

  /**
   * A reconcile that threw (the API server did not answer a launch or an entity's change, say)
   * shows in the status as a {@code ReconcileFailed} condition; the SDK retries it.
   */
  @Override
  public ErrorStatusUpdateControl<Action> updateErrorStatus(
      Action action, Context<Action> context, Exception e) {
    return errorStatus.record(action, context, e, ActionStatus::new);
  }
}
