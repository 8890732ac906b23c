package dev.portolan.controller;

import dev.portolan.catalog.CatalogEventSource;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.guardrail.EnforcementStatusBuilder;
import dev.portolan.guardrail.GuardrailPolicy;
import dev.portolan.guardrail.GuardrailTally;
import dev.portolan.kit.CoalescingTrigger;
import dev.portolan.kit.LoadGate;
import dev.portolan.kit.Problem;
import dev.portolan.kit.StatusWriter;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardStatus;
import dev.portolan.scorecard.BlueprintChangeToScorecardsMapper;
import dev.portolan.scorecard.CompiledScorecard;
import dev.portolan.scorecard.EntityGradeChangeToScorecardsMapper;
import dev.portolan.scorecard.OwnerLevels;
import dev.portolan.scorecard.ScorecardChecker;
import dev.portolan.scorecard.ScorecardCompiler;
import dev.portolan.scorecard.ScorecardHistory;
import dev.portolan.scorecard.ScorecardMetrics;
import dev.portolan.scorecard.ScorecardStatusBuilder;
import dev.portolan.scorecard.ScorecardTally;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * Keeps each scorecard's status true: whether it is valid (its blueprint exists, its filter and
 * rules compile to booleans, its levels are distinct), and the aggregate of the grades its entities
 * hold. The grades themselves are written by the Entity reconciler; this one re-runs when a grade
 * for it changes, when its blueprint appears or goes, and when its own spec changes. Its guardrail
 * ({@code spec.enforcement}) adds the {@code Enforcing} condition and the counts this process's
 * admission webhook keeps ({@link GuardrailTally}), written at most every two seconds. The status
 * keeps a daily history of the level counts ({@link ScorecardHistory}); the reconcile is scheduled
 * again when the next UTC day begins, so each day gets its point. Only the leader reconciles, so
 * only the leader writes the history and sets the gauges.
 */
@ControllerConfiguration(name = "scorecard")
public final class ScorecardReconciler implements Reconciler<Scorecard> {
  private final CatalogIndex index;
  private final LoadGate<Scorecard> loading;
  private final ScorecardCompiler compiler;
  private final ScorecardStatusBuilder statusBuilder;
  private final StatusWriter statusWriter;
  private final ErrorStatus errorStatus;
  private final ScorecardMetrics metrics;
  private final java.time.Clock clock;
  private final EnforcementStatusBuilder enforcementBuilder;
  private final GuardrailTally judgements;
  private final CoalescingTrigger<Scorecard> judged =
      new CoalescingTrigger<>("guardrail-judgements", JUDGEMENTS_WRITTEN_EVERY);

  private static final java.time.Duration JUDGEMENTS_WRITTEN_EVERY =
      java.time.Duration.ofSeconds(2);

  public ScorecardReconciler(
      CatalogIndex index,
      ScorecardCompiler compiler,
      ScorecardStatusBuilder statusBuilder,
      EnforcementStatusBuilder enforcementBuilder,
      GuardrailTally judgements,
      StatusWriter statusWriter,
      ScorecardMetrics metrics,
      ErrorStatus errorStatus,
      java.time.Clock clock) {
    this.clock = clock;
    this.index = index;
    this.loading = new LoadGate<>("catalog-loaded", index::isLoaded);
    this.compiler = compiler;
    this.statusBuilder = statusBuilder;
    this.enforcementBuilder = enforcementBuilder;
    this.judgements = judgements;
    this.statusWriter = statusWriter;
    this.errorStatus = errorStatus;
    this.metrics = metrics;
    judgements.onChange(name -> judged.trigger(new ResourceID(name)));
  }

  @Override
  public UpdateControl<Scorecard> reconcile(Scorecard scorecard, Context<Scorecard> context) {
    if (!loading.admits(scorecard)) {
      return UpdateControl.noUpdate(); // asked for again once the catalog has loaded
    }
    String name = scorecard.getMetadata().getName();
    CompiledScorecard compiled = compiler.compile(scorecard);
    List<Problem> problems = ScorecardChecker.check(compiled, index);
    java.util.Collection<dev.portolan.model.Entity> entities =
        compiled.blueprint() == null ? List.of() : index.entitiesOfBlueprint(compiled.blueprint());
    ScorecardTally tally = ScorecardTally.of(name, scorecard.getSpec(), entities);
    Long generation = scorecard.getMetadata().getGeneration();
    GuardrailPolicy.Resolution enforcement = GuardrailPolicy.of(scorecard);
    GuardrailTally.Counts counts = judgements.of(name);
    statusWriter.write(
        scorecard,
        context,
        current ->
            enforcementBuilder.build(
                statusBuilder.build(current, problems, tally, generation),
                current,
                problems,
                enforcement,
                counts,
                generation));
    if (index.scorecard(name).isPresent()) { // not deleted meanwhile: its gauges were removed then
      metrics.record(name, tally);
      metrics.recordOwners(name, OwnerLevels.of(name, scorecard.getSpec(), entities));
    }
    // Once a day at least, so that every UTC day has its point even when nothing changes.
    return UpdateControl.<Scorecard>noUpdate()
        .rescheduleAfter(ScorecardHistory.untilNextDay(clock.instant()).plusSeconds(1));
  }

  /**
   * A reconcile that threw shows in the status as a {@code ReconcileFailed} condition; the SDK
   * retries it.
   */
  @Override
  public ErrorStatusUpdateControl<Scorecard> updateErrorStatus(
      Scorecard scorecard, Context<Scorecard> context, Exception e) {
    return errorStatus.record(scorecard, context, e, ScorecardStatus::new);
  }

  @Override
  public List<EventSource<?, Scorecard>> prepareEventSources(
      EventSourceContext<Scorecard> context) {
    var grades = new EntityGradeChangeToScorecardsMapper();
    var blueprints = new BlueprintChangeToScorecardsMapper(index);
    return List.of(
        loading,
        new CatalogEventSource<>("catalog-changes", index, grades::map, blueprints::map),
        judged);
  }
}
