package dev.portolan.kit;

import com.google.common.collect.ImmutableMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest form of what a cache holds for as long as the object lives. Jackson reads every JSON
 * object into a {@code LinkedHashMap} with room for sixteen entries and every array into an {@code
 * ArrayList} with room for ten, and Fabric8 gives each model object an empty map of its own for
 * unknown fields; a catalog entity carries about a dozen of them, most with one or two entries or
 * none. Here each becomes an immutable map or list of exactly its entries, in the same order (an
 * empty one is the shared empty instance), which holds the same content in about a third of the
 * memory and equals the mutable form it came from.
 *
 * <p>Only for objects nothing changes in place any more: those an informer's store holds (the
 * Operator SDK hands a reconciler a copy of its primary). A map or list with a null key, value or
 * element is left as it is: the immutable forms refuse nulls.
 */
public final class Compact {
  /** kubectl's copy of the last applied configuration, never read and often the largest part. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private Compact() {}

  /** {@code map} as an immutable map of its entries in its order; null, or with nulls, as it is. */
  public static <K, V> Map<K, V> map(Map<K, V> map) {
    if (map == null || map instanceof SmallMap || map instanceof ImmutableMap) {
      return map;
    }
    if (map.isEmpty()) {
      return ImmutableMap.of();
    }
    for (Map.Entry<K, V> entry : map.entrySet()) {
      if (entry.getKey() == null || entry.getValue() == null) {
        return map;
      }
    }
    return map.size() <= SmallMap.MAX ? new SmallMap<>(map) : ImmutableMap.copyOf(map);
  }

  /** {@code list} as an immutable list of its elements; null, or with nulls, as it is. */
  public static <E> List<E> list(List<E> list) {
    if (list == null) {
      return null;
    }
    if (list.isEmpty()) {
      return List.of();
    }
    for (E element : list) {
      if (element == null) {
        return list;
      }
    }
    return List.copyOf(list);
  }

  /**
   * Drops what the operator never reads and the API server or kubectl adds to every object (managed
   * fields, the last applied configuration) and compacts the rest of {@code meta}.
   */
  public static void metadata(ObjectMeta meta) {
    if (meta == null) {
      return;
    }
    meta.setManagedFields(null);
    Map<String, String> annotations = meta.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      annotations = new HashMap<>(annotations);
      annotations.remove(LAST_APPLIED);
    }
    meta.setAnnotations(map(annotations));
    meta.setLabels(map(meta.getLabels()));
    meta.setFinalizers(list(meta.getFinalizers()));
    if (meta.getOwnerReferences() != null) {
      for (OwnerReference owner : meta.getOwnerReferences()) {
        if (owner != null) {
          owner.setAdditionalProperties(map(owner.getAdditionalProperties()));
        }
      }
    }
    meta.setOwnerReferences(list(meta.getOwnerReferences()));
    meta.setAdditionalProperties(map(meta.getAdditionalProperties()));
  }

  /** {@code conditions} compacted, each condition's unknown fields included. */
  public static List<Condition> conditions(List<Condition> conditions) {
    if (conditions != null) {
      for (Condition condition : conditions) {
        if (condition != null) {
          condition.setAdditionalProperties(map(condition.getAdditionalProperties()));
        }
      }
    }
    return list(conditions);
  }
}
