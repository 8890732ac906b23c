package dev.portolan.discovery;

import dev.portolan.catalog.EntityRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The discovered workloads of each namespace, as rules read them in {@code workloads}: for each
 * live Deployment, StatefulSet or DaemonSet, the entities discovery last planned for it, with the
 * object's kind, name and Pod labels.
 *
 * <p>The entity names come from the plan, not from the catalog, so that a workload entity deleted
 * by hand, or made a moment ago and not yet in the catalog, does not drop out of the Services that
 * select it while discovery puts it back. An object not planned yet (just after a start) counts
 * with the entities discovery made of it earlier.
 */
final class DiscoveredWorkloads {
  static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

  /** One workload as a rule sees it. */
  record Workload(String entity, String kind, String name, Map<String, Object> podLabels) {
    Map<String, Object> asVariable() {
      Map<String, Object> workload = new LinkedHashMap<>();
      workload.put("entity", entity);
      workload.put("kind", kind);
      workload.put("name", name);
      workload.put("podLabels", podLabels);
      return workload;
    }
  }

  private final Map<String, List<Workload>> planned = new ConcurrentHashMap<>();

  static boolean isWorkload(SourceKind kind) {
    return KINDS.contains(kind.kind());
  }

  /**
   * Records what discovery planned for a live workload object.
   *
   * @param entities the entities the object has once its plan is carried out
   * @return whether that changes the workloads of its namespace
   */
  boolean planned(GenericKubernetesResource object, List<EntityRef> entities) {
    List<Workload> workloads = workloadsOf(object, entities);
    List<Workload> before = planned.put(object.getMetadata().getUid(), workloads);
    return !Objects.equals(before, workloads);
  }

  /**
   * Forgets a workload object that is gone.
   *
   * @return whether it counted in its namespace's workloads
   */
  boolean gone(String uid) {
    List<Workload> before = planned.remove(uid);
    return before != null && !before.isEmpty();
  }

  /**
   * The workloads of a namespace.
   *
   * @param objects the live workload objects (of any namespace)
   * @param notPlannedYet the entities an object not planned yet would have, planned now (just after
   *     a start, or when an object is read before its own turn in the queue)
   */
  List<Object> of(
      String namespace,
      Collection<GenericKubernetesResource> objects,
      Function<GenericKubernetesResource, List<EntityRef>> notPlannedYet) {
    List<Object> workloads = new ArrayList<>();
    if (namespace == null) {
      return workloads;
    }
    for (GenericKubernetesResource object : objects) {
      if (!namespace.equals(object.getMetadata().getNamespace())) {
        continue;
      }
      List<Workload> known = planned.get(object.getMetadata().getUid());
      if (known == null) {
        known = workloadsOf(object, notPlannedYet.apply(object));
      }
      known.forEach(w -> workloads.add(w.asVariable()));
    }
    return workloads;
  }

  private static List<Workload> workloadsOf(
      GenericKubernetesResource object, List<EntityRef> entities) {
    Map<String, Object> podLabels = podLabels(object);
    return entities.stream()
        .map(
            ref ->
                new Workload(
                    ref.name(), object.getKind(), object.getMetadata().getName(), podLabels))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> podLabels(GenericKubernetesResource object) {
    Object spec = object.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?> s
        && s.get("template") instanceof Map<?, ?> t
        && t.get("metadata") instanceof Map<?, ?> m
        && m.get("labels") instanceof Map<?, ?> labels) {
      return new LinkedHashMap<>((Map<String, Object>) labels);
    }
    return Map.of();
  }
}
