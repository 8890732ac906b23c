package dev.portolan.scorecard;

import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.ScorecardResult;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps a change of an entity (its status included) to the scorecards whose aggregate it changes:
 * those whose result in {@code status.scorecards} appeared, went or differs, and, when the entity
 * itself appeared or went, every scorecard it holds a result of. Everything else maps to nothing,
 * so a catalog of thousands of entities does not re-aggregate on every status write.
 */
public final class EntityGradeChangeToScorecardsMapper {
  public Set<ResourceID> map(Entity oldEntity, Entity newEntity) {
    Map<String, ScorecardResult> before = results(oldEntity);
    Map<String, ScorecardResult> after = results(newEntity);
    Set<ResourceID> ids = new HashSet<>();
    Set<String> names = new HashSet<>(before.keySet());
    names.addAll(after.keySet());
    boolean membershipChanged =
        oldEntity == null
            || newEntity == null
            || !Objects.equals(blueprint(oldEntity), blueprint(newEntity));
    for (String name : names) {
      if (membershipChanged || !same(before.get(name), after.get(name))) {
        ids.add(new ResourceID(name));
      }
    }
    return ids;
  }

  private static Map<String, ScorecardResult> results(Entity entity) {
    return entity == null || entity.getStatus() == null || entity.getStatus().scorecards == null
        ? Map.of()
        : entity.getStatus().scorecards;
  }

  private static String blueprint(Entity entity) {
    return entity.getSpec() == null ? null : entity.getSpec().blueprint;
  }

  private static boolean same(ScorecardResult a, ScorecardResult b) {
    if (a == null || b == null) {
      return a == b;
    }
    var mapper = Serialization.jsonMapper();
    return mapper.valueToTree(a).equals(mapper.valueToTree(b));
  }
}
