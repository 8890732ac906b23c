package dev.portolan.catalog;

import dev.portolan.discovery.DiscoveredEntities;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * Keeps each entity's status true: validity against its blueprint and the catalog, calculated
 * and mirrored values. Re-runs for an entity when it changes, when its blueprint changes, and when
 * an entity it relates to or mirrors through appears, changes or goes.
 */
@ControllerConfiguration(name = "entity")
public final class EntityReconciler implements Reconciler<Entity> {
  private final CatalogIndex index;
  private final EntityEvaluator evaluator;
  private final EntityStatusBuilder statusBuilder;
  private final StatusWriter statusWriter;

  public EntityReconciler(CatalogIndex index, EntityEvaluator evaluator, EntityStatusBuilder statusBuilder,
      StatusWriter statusWriter) {
    this.index = index;
    this.evaluator = evaluator;
    this.statusBuilder = statusBuilder;
    this.statusWriter = statusWriter;
  }

  @Override
  public UpdateControl<Entity> reconcile(Entity entity, Context<Entity> context) {
    EntityEvaluator.Evaluation evaluation = evaluator.evaluate(entity);
    Long generation = entity.getMetadata().getGeneration();
    EntityStatus.Source source = DiscoveredEntities.source(entity);
    statusWriter.write(entity, context, current -> statusBuilder.build(current, evaluation, generation, source));
    return UpdateControl.noUpdate();
  }

  @Override
  public List<EventSource<?, Entity>> prepareEventSources(EventSourceContext<Entity> context) {
    var referrers = new EntityChangeToReferrersMapper(index);
    var byBlueprint = new BlueprintChangeToEntitiesMapper(index);
    return List.of(new CatalogEventSource<>("catalog-changes", index, referrers::map, byBlueprint::map));
  }
}
