package dev.portolan.waiver;

import dev.portolan.model.Entity;
import dev.portolan.model.Waiver;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps a Waiver's arrival, removal, or change of spec or annotations (a decision) to the entities
 * to grade again: those it covered before and those it covers now. A status-only update (the waiver
 * controller's own write) maps to nothing. Expiry needs no event: the entity is rescheduled at it.
 */
public final class WaiverChangeToEntitiesMapper {
  private final Function<String, List<Entity>> entitiesIn;

  /**
   * @param entitiesIn the entities of a namespace
   */
  public WaiverChangeToEntitiesMapper(Function<String, List<Entity>> entitiesIn) {
    this.entitiesIn = entitiesIn;
  }

  public Set<ResourceID> map(Waiver oldWaiver, Waiver newWaiver) {
    if (oldWaiver != null
        && newWaiver != null
        && Objects.equals(json(oldWaiver), json(newWaiver))
        && Objects.equals(annotations(oldWaiver), annotations(newWaiver))) {
      return Set.of();
    }
    Set<ResourceID> ids = new HashSet<>();
    add(oldWaiver, ids);
    add(newWaiver, ids);
    return ids;
  }

  private void add(Waiver waiver, Set<ResourceID> ids) {
    if (waiver == null || waiver.getSpec() == null) {
      return;
    }
    String namespace = waiver.getMetadata().getNamespace();
    if (waiver.getSpec().entity != null) {
      ids.add(new ResourceID(waiver.getSpec().entity, namespace));
      return;
    }
    for (Entity entity : entitiesIn.apply(namespace)) {
      if (WaiverMatcher.covers(waiver, entity)) {
        ids.add(ResourceID.fromResource(entity));
      }
    }
  }

  private static Map<String, String> annotations(Waiver waiver) {
    return waiver.getMetadata().getAnnotations() == null
        ? Map.of()
        : waiver.getMetadata().getAnnotations();
  }

  private static String json(Waiver waiver) {
    return waiver.getSpec() == null
        ? null
        : io.fabric8.kubernetes.client.utils.Serialization.asJson(waiver.getSpec());
  }
}
