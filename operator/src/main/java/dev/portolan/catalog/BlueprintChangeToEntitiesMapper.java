package dev.portolan.catalog;

import dev.portolan.kit.Changes;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.Set;

/**
 * Maps a change of a blueprint's spec (or its arrival or removal) to the entities to re-check: its
 * own entities, and the entities of the blueprints whose validity or mirrored values depend on it.
 * Status-only updates of the blueprint (its entity count) map to nothing.
 */
public final class BlueprintChangeToEntitiesMapper {
  private final CatalogLookup lookup;

  public BlueprintChangeToEntitiesMapper(CatalogLookup lookup) {
    this.lookup = lookup;
  }

  public Set<ResourceID> map(Blueprint oldBlueprint, Blueprint newBlueprint) {
    if (!Changes.specChanged(oldBlueprint, newBlueprint)) {
      return Set.of();
    }
    Blueprint changed = newBlueprint != null ? newBlueprint : oldBlueprint;
    String name = changed.getMetadata().getName();
    boolean existenceChanged = oldBlueprint == null || newBlueprint == null;
    Set<String> blueprints = new HashSet<>();
    blueprints.add(name);
    blueprints.addAll(BlueprintDependencies.dependentsOf(name, lookup, existenceChanged));
    Set<ResourceID> ids = new HashSet<>();
    for (String blueprint : blueprints) {
      for (Entity entity : lookup.entitiesOfBlueprint(blueprint)) {
        ids.add(ResourceID.fromResource(entity));
      }
    }
    return ids;
  }
}
