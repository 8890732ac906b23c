package dev.portolan.discovery;

import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.catalog.EntityRef;
import dev.portolan.kit.Problem;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides what discovery writes, without writing: maps a source object through its kind's rules
 * into the entities it should have, and compares them with the entities that exist. It creates what
 * is missing, updates what differs, deletes what the object no longer makes, and refuses (with a
 * problem that names the fix) an entity made by hand or by another object discovery knows. No
 * client, no threads: everything it reads comes in through its arguments.
 */
final class DiscoveryPlanner {
  private final DiscoveryMapper mapper;

  DiscoveryPlanner(DiscoveryMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * What the planner reads besides the object.
   *
   * @param namespaceLabels the labels of a namespace, for rules with a namespace selector
   * @param workloads the discovered workloads of a namespace, for rules that read {@code workloads}
   * @param entity the entity with a name, as the catalog has it now
   * @param knownSource the source object that has (or, until its deletion is synced, had) a uid
   */
  record Lookups(
      Function<String, Map<String, String>> namespaceLabels,
      Function<String, List<Object>> workloads,
      Function<EntityRef, Optional<Entity>> entity,
      Function<String, Optional<SourceKey>> knownSource) {
    /** The same lookups, with no workloads anywhere. */
    Lookups withoutWorkloads() {
      return new Lookups(namespaceLabels, namespace -> List.of(), entity, knownSource);
    }
  }

  /**
   * @param object the source object, or null when it is gone
   * @param rules the rules on the object's kind
   * @param existing the discovered entities whose source is this object
   */
  DiscoveryPlan plan(
      SourceKey key,
      GenericKubernetesResource object,
      List<CompiledDiscoveryRule> rules,
      List<Entity> existing,
      Lookups lookups) {
    Map<EntityRef, Entity> desired = new LinkedHashMap<>();
    List<List<Problem>> problemsOfRule = new ArrayList<>();
    Map<EntityRef, List<Problem>> problemsOfEntity = new LinkedHashMap<>();
    for (CompiledDiscoveryRule rule : rules) {
      List<Problem> ruleProblems = new ArrayList<>();
      problemsOfRule.add(ruleProblems);
      if (object == null) {
        continue; // a gone object makes nothing, and has no problems any more
      }
      DiscoveryMapper.Mapping mapping =
          mapper.map(
              rule,
              object,
              lookups.namespaceLabels(),
              () -> lookups.workloads().apply(key.namespace()));
      ruleProblems.addAll(mapping.problems());
      if (mapping.entity() != null) {
        EntityRef ref = DiscoveryPlan.ref(mapping.entity());
        Entity other = desired.putIfAbsent(ref, mapping.entity());
        if (other == null) {
          problemsOfEntity.put(ref, ruleProblems);
        } else {
          ruleProblems.add(sameName(rule, ref, key, other));
        }
      }
    }

    List<DiscoveryPlan.Delete> deletes = new ArrayList<>();
    for (Entity entity : existing) {
      if (!desired.containsKey(DiscoveryPlan.ref(entity))) {
        String why =
            object == null
                ? "its source " + key + " is gone"
                : "its source " + key + " no longer matches";
        deletes.add(new DiscoveryPlan.Delete(entity, why));
      }
    }
    List<Entity> creates = new ArrayList<>();
    List<DiscoveryPlan.Update> updates = new ArrayList<>();
    List<EntityRef> unchanged = new ArrayList<>();
    for (Map.Entry<EntityRef, Entity> entry : desired.entrySet()) {
      EntityRef ref = entry.getKey();
      Entity entity = entry.getValue();
      Entity current = lookups.entity().apply(ref).orElse(null);
      Optional<SourceKey> otherSource =
          current == null ? Optional.empty() : anotherKnownSource(current, entity, lookups);
      if (current == null) {
        creates.add(entity);
      } else if (!DiscoveredEntities.isDiscovered(current)) {
        problemsOfEntity.get(ref).add(madeByHand(ref, key));
      } else if (otherSource.isPresent()) {
        problemsOfEntity.get(ref).add(twoSources(ref, key, otherSource.get(), entity));
      } else if (DiscoveredEntities.upToDate(current, entity)) {
        unchanged.add(ref);
      } else {
        updates.add(new DiscoveryPlan.Update(current, entity));
      }
    }
    List<DiscoveryPlan.RuleProblems> problems = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      problems.add(new DiscoveryPlan.RuleProblems(rules.get(i), problemsOfRule.get(i)));
    }
    return new DiscoveryPlan(
        creates, updates, deletes, unchanged, List.copyOf(desired.keySet()), problems);
  }

  /**
   * After a kind has been listed: the discovered entities of its rules whose source is not among
   * the listed objects.
   */
  static List<DiscoveryPlan.Delete> orphans(
      Collection<Entity> entities, Set<String> ruleIds, Set<String> listedUids) {
    List<DiscoveryPlan.Delete> deletes = new ArrayList<>();
    for (Entity entity : entities) {
      String rule = DiscoveredEntities.annotation(entity, DiscoveredEntities.RULE_ANNOTATION);
      String uid = DiscoveredEntities.sourceUid(entity);
      if (uid != null && ruleIds.contains(rule) && !listedUids.contains(uid)) {
        deletes.add(
            new DiscoveryPlan.Delete(
                entity,
                "its source "
                    + DiscoveredEntities.annotation(entity, DiscoveredEntities.SOURCE_ANNOTATION)
                    + " is gone"));
      }
    }
    return deletes;
  }

  /** The discovered entities made by a rule that no blueprint declares any more. */
  static List<DiscoveryPlan.Delete> ofRemovedRules(
      Collection<Entity> entities, Set<String> declaredRules) {
    List<DiscoveryPlan.Delete> deletes = new ArrayList<>();
    for (Entity entity : entities) {
      if (DiscoveredEntities.isDiscovered(entity)
          && !declaredRules.contains(
              DiscoveredEntities.annotation(entity, DiscoveredEntities.RULE_ANNOTATION))) {
        deletes.add(new DiscoveryPlan.Delete(entity, "the discovery rule that made it is gone"));
      }
    }
    return deletes;
  }

  private static Optional<SourceKey> anotherKnownSource(
      Entity current, Entity desired, Lookups lookups) {
    String currentUid =
        DiscoveredEntities.annotation(current, DiscoveredEntities.SOURCE_UID_ANNOTATION);
    String desiredUid =
        DiscoveredEntities.annotation(desired, DiscoveredEntities.SOURCE_UID_ANNOTATION);
    return currentUid == null || Objects.equals(currentUid, desiredUid)
        ? Optional.empty()
        : lookups.knownSource().apply(currentUid);
  }

  private static Problem sameName(
      CompiledDiscoveryRule rule, EntityRef ref, SourceKey key, Entity other) {
    return Problem.at(
        DiscoveryRuleCompiler.REASON,
        "spec.discovery[" + rule.index() + "].name",
        "gives "
            + ref.key()
            + " for "
            + key
            + ", like rule "
            + DiscoveredEntities.annotation(other, DiscoveredEntities.RULE_ANNOTATION)
            + "; make the names of different rules differ");
  }

  private static Problem madeByHand(EntityRef ref, SourceKey key) {
    return Problem.at(
        "EntityExists",
        "spec.discovery",
        key
            + " maps to entity "
            + ref.key()
            + ", which exists and was not made by discovery;"
            + " discovery leaves it alone: rename or delete it, or exclude the object (annotation "
            + DiscoveryMapper.EXCLUDE_ANNOTATION
            + ": \"true\")");
  }

  private static Problem twoSources(EntityRef ref, SourceKey key, SourceKey other, Entity desired) {
    return Problem.at(
        DiscoveryRuleCompiler.REASON,
        "spec.discovery",
        key
            + " and "
            + other
            + " both map to entity "
            + ref.key()
            + " (rule "
            + DiscoveredEntities.annotation(desired, DiscoveredEntities.RULE_ANNOTATION)
            + "); make the name expression tell them apart");
  }
}
