package dev.portolan.catalog;

import dev.portolan.kit.Changes;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.Set;

/**
 * The catalog changes that the Blueprint controller must hear, mapped to the blueprints to
 * re-check.
 */
public final class BlueprintControllerMappers {
  private BlueprintControllerMappers() {}

  /**
   * A blueprint that appears, goes or changes its spec: re-check the blueprints whose relation
   * targets or mirrored paths read it.
   */
  public static Set<ResourceID> dependentBlueprints(
      Blueprint oldBlueprint, Blueprint newBlueprint, CatalogLookup lookup) {
    if (!Changes.specChanged(oldBlueprint, newBlueprint)) {
      return Set.of();
    }
    Blueprint changed = newBlueprint != null ? newBlueprint : oldBlueprint;
    Set<ResourceID> ids = new HashSet<>();
    for (String name :
        BlueprintDependencies.dependentsOf(changed.getMetadata().getName(), lookup, true)) {
      ids.add(new ResourceID(name));
    }
    return ids;
  }

  /** An entity that appears, goes or changes its blueprint: recount the blueprints concerned. */
  public static Set<ResourceID> countingBlueprints(Entity oldEntity, Entity newEntity) {
    String before = blueprintOf(oldEntity);
    String after = blueprintOf(newEntity);
    if (oldEntity != null && newEntity != null && java.util.Objects.equals(before, after)) {
      return Set.of();
    }
    Set<ResourceID> ids = new HashSet<>(2);
    if (before != null) {
      ids.add(new ResourceID(before));
    }
    if (after != null) {
      ids.add(new ResourceID(after));
    }
    return ids;
  }

  private static String blueprintOf(Entity entity) {
    return entity == null || entity.getSpec() == null ? null : entity.getSpec().blueprint;
  }
}
