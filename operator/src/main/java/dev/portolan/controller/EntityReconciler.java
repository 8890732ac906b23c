package dev.portolan.controller;

import dev.portolan.catalog.BlueprintChangeToEntitiesMapper;
import dev.portolan.catalog.CatalogEventSource;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogListener;
import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.catalog.EntityChangeToReferrersMapper;
import dev.portolan.catalog.EntityEvaluator;
import dev.portolan.catalog.EntityStatusBuilder;
import dev.portolan.catalog.RelationGrantChangeToEntitiesMapper;
import dev.portolan.kit.LoadGate;
import dev.portolan.kit.StatusWriter;
import dev.portolan.kit.TriggerEventSource;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Waiver;
import dev.portolan.scorecard.ScorecardChangeToEntitiesMapper;
import dev.portolan.scorecard.ScorecardGrader;
import dev.portolan.waiver.WaiverChangeToEntitiesMapper;
import dev.portolan.waiver.WaiverGrading;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Keeps each entity's status true: validity against its blueprint and the catalog, calculated and
 * mirrored values, and its grade on each scorecard of its blueprint. Re-runs for an entity when it
 * changes, when its blueprint changes, when an entity it relates to or mirrors through appears,
 * changes or goes, when a scorecard of its blueprint appears, changes its spec or goes, when a
 * waiver that covers it appears, is decided or goes, and at the second such a waiver expires.
 */
@ControllerConfiguration(name = "entity")
public final class EntityReconciler implements Reconciler<Entity> {
  private final CatalogIndex index;
  private final LoadGate<Entity> loading;
  private final EntityEvaluator evaluator;
  private final ScorecardGrader grader;
  private final EntityStatusBuilder statusBuilder;
  private final StatusWriter statusWriter;
  private final ErrorStatus errorStatus;
  private final TriggerEventSource<Entity> sourceChanges;
  private final WaiverGrading waivers;
  private final Clock clock;
  private final boolean waiversRecorded;

  /**
   * @param sourceChanges fired by discovery when a discovered entity's source object changes, so
   *     that scorecard rules reading {@code source} are graded again
   * @param waivers applies the active waivers that cover an entity to its grades
   * @param waiversRecorded whether an admission webhook records who approves waivers (without one
   *     no waiver applies)
   */
  public EntityReconciler(
      CatalogIndex index,
      EntityEvaluator evaluator,
      ScorecardGrader grader,
      EntityStatusBuilder statusBuilder,
      StatusWriter statusWriter,
      TriggerEventSource<Entity> sourceChanges,
      ErrorStatus errorStatus,
      WaiverGrading waivers,
      Clock clock,
      boolean waiversRecorded) {
    this.waivers = waivers;
    this.clock = clock;
    this.waiversRecorded = waiversRecorded;
    this.sourceChanges = sourceChanges;
    this.index = index;
    this.loading = new LoadGate<>("catalog-loaded", index::isLoaded);
    this.evaluator = evaluator;
    this.grader = grader;
    this.statusBuilder = statusBuilder;
    this.statusWriter = statusWriter;
    this.errorStatus = errorStatus;
  }

  @Override
  public UpdateControl<Entity> reconcile(Entity entity, Context<Entity> context) {
    if (!loading.admits(entity)) {
      return UpdateControl.noUpdate(); // asked for again once the catalog has loaded
    }
    EntityEvaluator.Evaluation evaluation = evaluator.evaluate(entity);
    Instant now = clock.instant();
    WaiverGrading.Graded graded =
        waivers.apply(
            entity,
            grader.grade(entity, evaluation),
            index.waiversIn(entity.getMetadata().getNamespace()),
            now,
            waiversRecorded);
    Map<String, ScorecardResult> grades = graded.grades();
    Long generation = entity.getMetadata().getGeneration();
    EntityStatus.Source source = DiscoveredEntities.source(entity);
    statusWriter.write(
        entity,
        context,
        current -> statusBuilder.build(current, evaluation, grades, generation, source));
    if (graded.nextExpiry().isPresent()) {
      // Graded again at the second the first covering waiver expires: a timer, not a poll.
      return UpdateControl.<Entity>noUpdate()
          .rescheduleAfter(Duration.between(now, graded.nextExpiry().get()).plusMillis(5));
    }
    return UpdateControl.noUpdate();
  }

  /**
   * A reconcile that threw shows in the status as a {@code ReconcileFailed} condition; the SDK
   * retries it.
   */
  @Override
  public ErrorStatusUpdateControl<Entity> updateErrorStatus(
      Entity entity, Context<Entity> context, Exception e) {
    return errorStatus.record(entity, context, e, EntityStatus::new);
  }

  @Override
  public List<EventSource<?, Entity>> prepareEventSources(EventSourceContext<Entity> context) {
    var referrers = new EntityChangeToReferrersMapper(index);
    var byBlueprint = new BlueprintChangeToEntitiesMapper(index);
    var byScorecard = new ScorecardChangeToEntitiesMapper(index);
    var byGrant = new RelationGrantChangeToEntitiesMapper(index);
    var byWaiver = new WaiverChangeToEntitiesMapper(index::entitiesIn);
    TriggerEventSource<Entity> waiverChanges = new TriggerEventSource<>("waiver-changes");
    index.addListener(
        new CatalogListener() {
          @Override
          public void waiverChanged(Waiver oldWaiver, Waiver newWaiver) {
            byWaiver.map(oldWaiver, newWaiver).forEach(waiverChanges::trigger);
          }
        });
    return List.of(
        loading,
        new CatalogEventSource<>(
            "catalog-changes",
            index,
            referrers::map,
            byBlueprint::map,
            byScorecard::map,
            byGrant::map),
        sourceChanges,
        waiverChanges);
  }
}
