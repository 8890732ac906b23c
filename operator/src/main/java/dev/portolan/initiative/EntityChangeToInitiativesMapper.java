package dev.portolan.initiative;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Entity;
import dev.portolan.model.Initiative;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps a change of an entity to the initiatives whose counts it may change: those over a scorecard
 * the entity holds a result of, before or after, when that result, or what spec.filter and
 * spec.owners read (its spec, labels, calculated and mirrored values), changed, or the entity
 * appeared or went. A status write that changes none of these maps to nothing.
 */
public final class EntityChangeToInitiativesMapper {
  private final CatalogIndex index;

  public EntityChangeToInitiativesMapper(CatalogIndex index) {
    this.index = index;
  }

  public Set<ResourceID> map(Entity oldEntity, Entity newEntity) {
    Set<String> scorecards = new HashSet<>(results(oldEntity).keySet());
    scorecards.addAll(results(newEntity).keySet());
    // Most entity changes concern scorecards no initiative counts: that costs one index lookup.
    scorecards.removeIf(scorecard -> index.initiativesOfScorecard(scorecard).isEmpty());
    if (scorecards.isEmpty()) {
      return Set.of();
    }
    boolean inputsChanged =
        oldEntity == null
            || newEntity == null
            || !same(oldEntity.getSpec(), newEntity.getSpec())
            || !Objects.equals(
                oldEntity.getMetadata().getLabels(), newEntity.getMetadata().getLabels())
            || !same(computed(oldEntity), computed(newEntity));
    Set<ResourceID> ids = new HashSet<>();
    for (String scorecard : scorecards) {
      if (inputsChanged
          || !same(results(oldEntity).get(scorecard), results(newEntity).get(scorecard))) {
        for (Initiative initiative : index.initiativesOfScorecard(scorecard)) {
          ids.add(new ResourceID(initiative.getMetadata().getName()));
        }
      }
    }
    return ids;
  }

  private static Map<String, ?> results(Entity entity) {
    return entity == null || entity.getStatus() == null || entity.getStatus().scorecards == null
        ? Map.of()
        : entity.getStatus().scorecards;
  }

  private static Object computed(Entity entity) {
    return entity.getStatus() == null
        ? null
        : Map.of(
            "calculated",
            Objects.requireNonNullElse(entity.getStatus().calculated, Map.of()),
            "mirrored",
            Objects.requireNonNullElse(entity.getStatus().mirrored, Map.of()));
  }

  private static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    var mapper = Serialization.jsonMapper();
    return mapper.valueToTree(a).equals(mapper.valueToTree(b));
  }
}
