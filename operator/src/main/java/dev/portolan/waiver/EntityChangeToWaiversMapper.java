package dev.portolan.waiver;

import dev.portolan.model.Entity;
import dev.portolan.model.Waiver;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps an entity's arrival, removal or change of labels to the Waivers of its namespace whose list
 * of covered entities it may change. Status-only updates (the entity's grade) map to nothing.
 */
public final class EntityChangeToWaiversMapper {
  private final Function<String, List<Waiver>> waiversIn;

  public EntityChangeToWaiversMapper(Function<String, List<Waiver>> waiversIn) {
    this.waiversIn = waiversIn;
  }

  public Set<ResourceID> map(Entity oldEntity, Entity newEntity) {
    if (oldEntity != null
        && newEntity != null
        && Objects.equals(
            oldEntity.getMetadata().getLabels(), newEntity.getMetadata().getLabels())) {
      return Set.of();
    }
    Entity entity = newEntity != null ? newEntity : oldEntity;
    Set<ResourceID> ids = new HashSet<>();
    for (Waiver waiver : waiversIn.apply(entity.getMetadata().getNamespace())) {
      if ((oldEntity != null && WaiverMatcher.covers(waiver, oldEntity))
          || (newEntity != null && WaiverMatcher.covers(waiver, newEntity))) {
        ids.add(ResourceID.fromResource(waiver));
      }
    }
    return ids;
  }
}
