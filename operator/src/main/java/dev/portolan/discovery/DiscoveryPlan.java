package dev.portolan.discovery;

import dev.portolan.catalog.EntityRef;
import dev.portolan.kit.Problem;
import dev.portolan.model.Entity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What discovery decided for one source object: the entities to create, update and delete, the
 * entities already right, and the problems of each rule on the object's kind (empty problems clear
 * an earlier report).
 *
 * @param desired every entity the rules make of the object, in rule order, whether it may be
 *     written or not (an entity made by hand, or by another object, is refused with a problem)
 * @param unchanged the desired entities that already say what the rules say
 */
record DiscoveryPlan(
    List<Entity> creates,
    List<Update> updates,
    List<Delete> deletes,
    List<EntityRef> unchanged,
    List<EntityRef> desired,
    List<RuleProblems> problems) {

  DiscoveryPlan {
    creates = List.copyOf(creates);
    updates = List.copyOf(updates);
    deletes = List.copyOf(deletes);
    unchanged = List.copyOf(unchanged);
    desired = List.copyOf(desired);
    problems = List.copyOf(problems);
  }

  /** An entity discovery made, to be rewritten from {@code desired}. */
  record Update(Entity current, Entity desired) {}

  /** An entity discovery made, to be deleted, and why (for the log). */
  record Delete(Entity entity, String reason) {}

  /** The problems one rule met on the object. */
  record RuleProblems(CompiledDiscoveryRule rule, List<Problem> problems) {
    RuleProblems {
      problems = List.copyOf(problems);
    }
  }

  static DiscoveryPlan deleting(List<Delete> deletes) {
    return new DiscoveryPlan(List.of(), List.of(), deletes, List.of(), List.of(), List.of());
  }

  static EntityRef ref(Entity entity) {
    return new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName());
  }

  /** The problems of the rules, by blueprint, in rule order; a blueprint without any has none. */
  Map<String, List<Problem>> problemsByBlueprint() {
    Map<String, List<Problem>> byBlueprint = new LinkedHashMap<>();
    for (RuleProblems rule : problems) {
      byBlueprint
          .computeIfAbsent(rule.rule().blueprint(), b -> new ArrayList<>())
          .addAll(rule.problems());
    }
    return byBlueprint;
  }

  /** The entities the object has once the plan is carried out: created, updated or unchanged. */
  List<EntityRef> entities() {
    List<EntityRef> refs = new ArrayList<>();
    creates.forEach(e -> refs.add(ref(e)));
    updates.forEach(u -> refs.add(ref(u.desired())));
    refs.addAll(unchanged);
    return refs;
  }
}
