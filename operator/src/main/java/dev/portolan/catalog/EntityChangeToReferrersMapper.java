package dev.portolan.catalog;

import dev.portolan.kit.Changes;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.MirroredProperty;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a change of one entity to the entities whose status depends on it: every entity whose
 * relations name it (their relation checks read its existence and blueprint), and, further up,
 * every entity whose mirrored paths read through it.
 */
public final class EntityChangeToReferrersMapper {
  private static final int MAX_DEPTH = 8;
  private final CatalogLookup lookup;

  public EntityChangeToReferrersMapper(CatalogLookup lookup) {
    this.lookup = lookup;
  }

  public Set<ResourceID> map(Entity oldEntity, Entity newEntity) {
    if (!Changes.specChanged(oldEntity, newEntity)) {
      return Set.of();
    }
    Entity changed = newEntity != null ? newEntity : oldEntity;
    EntityRef ref =
        new EntityRef(changed.getMetadata().getNamespace(), changed.getMetadata().getName());
    return affectedBy(ref);
  }

  Set<ResourceID> affectedBy(EntityRef changed) {
    Set<ResourceID> affected = new HashSet<>();
    record Step(EntityRef entity, List<String> chain) {}
    List<Step> frontier = List.of(new Step(changed, List.of()));
    int hops = Math.min(MAX_DEPTH, longestMirroredHops());
    for (int depth = 1; depth <= Math.max(1, hops) && !frontier.isEmpty(); depth++) {
      List<Step> next = new ArrayList<>();
      for (Step step : frontier) {
        for (Entity referrer : lookup.referrers(step.entity)) {
          EntityRef referrerRef =
              new EntityRef(
                  referrer.getMetadata().getNamespace(), referrer.getMetadata().getName());
          List<List<String>> mirroredChains = mirroredChains(referrer);
          for (String relation : relationsPointingAt(referrer, step.entity)) {
            List<String> chain = new ArrayList<>(step.chain.size() + 1);
            chain.add(relation);
            chain.addAll(step.chain);
            if (depth == 1 || mirroredChains.stream().anyMatch(c -> startsWith(c, chain))) {
              affected.add(new ResourceID(referrerRef.name(), referrerRef.namespace()));
            }
            if (depth < hops) {
              next.add(new Step(referrerRef, chain)); // someone further up may read through it
            }
          }
        }
      }
      frontier = next;
    }
    return affected;
  }

  /** The most relations any mirrored path of any blueprint follows. */
  private int longestMirroredHops() {
    int longest = 0;
    for (Blueprint blueprint : lookup.blueprints()) {
      if (blueprint.getSpec() != null && blueprint.getSpec().mirrored != null) {
        for (MirroredProperty m : blueprint.getSpec().mirrored.values()) {
          if (m != null && m.path != null) {
            longest = Math.max(longest, m.path.split("\\.").length - 1);
          }
        }
      }
    }
    return longest;
  }

  /** The dotted segments of every mirrored path of the entity's blueprint. */
  private List<List<String>> mirroredChains(Entity entity) {
    if (entity.getSpec() == null) {
      return List.of();
    }
    Map<String, MirroredProperty> mirrored =
        lookup
            .blueprint(entity.getSpec().blueprint)
            .map(Blueprint::getSpec)
            .map(s -> s.mirrored)
            .orElse(Map.of());
    List<List<String>> chains = new ArrayList<>();
    mirrored
        .values()
        .forEach(
            m -> {
              if (m != null && m.path != null) {
                chains.add(Arrays.asList(m.path.split("\\.")));
              }
            });
    return chains;
  }

  private static List<String> relationsPointingAt(Entity referrer, EntityRef target) {
    List<String> names = new ArrayList<>();
    if (referrer.getSpec() == null || referrer.getSpec().relations == null) {
      return names;
    }
    for (String relation : referrer.getSpec().relations.keySet()) {
      if (Relations.targets(referrer, relation).contains(target)) {
        names.add(relation);
      }
    }
    return names;
  }

  private static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }
}
