package dev.portolan.catalog;

import dev.portolan.kit.TriggerEventSource;

import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.RelationGrant;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Turns the changes the catalog index sees into reconciliation requests for the primaries they
 * affect, found by mappers, so that a controller re-checks exactly the resources a change touches.
 */
public final class CatalogEventSource<P extends HasMetadata> extends TriggerEventSource<P>
    implements CatalogListener {
  private final BiFunction<Entity, Entity, Set<ResourceID>> entityMapper;
  private final BiFunction<Blueprint, Blueprint, Set<ResourceID>> blueprintMapper;
  private final BiFunction<Scorecard, Scorecard, Set<ResourceID>> scorecardMapper;
  private final BiFunction<RelationGrant, RelationGrant, Set<ResourceID>> grantMapper;

  /** A source that hears entity and blueprint changes only. */
  public CatalogEventSource(
      String name,
      CatalogIndex index,
      BiFunction<Entity, Entity, Set<ResourceID>> entityMapper,
      BiFunction<Blueprint, Blueprint, Set<ResourceID>> blueprintMapper) {
    this(name, index, entityMapper, blueprintMapper, (before, after) -> Set.of());
  }

  public CatalogEventSource(
      String name,
      CatalogIndex index,
      BiFunction<Entity, Entity, Set<ResourceID>> entityMapper,
      BiFunction<Blueprint, Blueprint, Set<ResourceID>> blueprintMapper,
      BiFunction<Scorecard, Scorecard, Set<ResourceID>> scorecardMapper) {
    this(name, index, entityMapper, blueprintMapper, scorecardMapper, (before, after) -> Set.of());
  }

  public CatalogEventSource(
      String name,
      CatalogIndex index,
      BiFunction<Entity, Entity, Set<ResourceID>> entityMapper,
      BiFunction<Blueprint, Blueprint, Set<ResourceID>> blueprintMapper,
      BiFunction<Scorecard, Scorecard, Set<ResourceID>> scorecardMapper,
      BiFunction<RelationGrant, RelationGrant, Set<ResourceID>> grantMapper) {
    super(name);
    this.entityMapper = entityMapper;
    this.blueprintMapper = blueprintMapper;
    this.scorecardMapper = scorecardMapper;
    this.grantMapper = grantMapper;
    index.addListener(this);
  }

  @Override
  public void entityChanged(Entity oldEntity, Entity newEntity) {
    fire(entityMapper.apply(oldEntity, newEntity));
  }

  @Override
  public void blueprintChanged(Blueprint oldBlueprint, Blueprint newBlueprint) {
    fire(blueprintMapper.apply(oldBlueprint, newBlueprint));
  }

  @Override
  public void scorecardChanged(Scorecard oldScorecard, Scorecard newScorecard) {
    fire(scorecardMapper.apply(oldScorecard, newScorecard));
  }

  @Override
  public void relationGrantChanged(RelationGrant oldGrant, RelationGrant newGrant) {
    fire(grantMapper.apply(oldGrant, newGrant));
  }

  private void fire(Set<ResourceID> ids) {
    ids.forEach(this::trigger); // before start the controller reconciles everything anyway
  }
}
