package dev.portolan.catalog;

import dev.portolan.model.Entity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A value computed for each namespace from the entities it holds, remembered per namespace until an
 * entity of that namespace changes: after one change only its own namespace is counted again, not
 * the whole catalog. For counts that a caller sees summed over the namespaces they may see (a
 * scorecard's standings, an initiative's, the insights' totals).
 *
 * <p>Thread-safe; callers asking at once wait for one computation.
 *
 * @param <P> what is computed for a namespace
 * @param <R> what the parts make together
 */
public final class NamespaceParts<P, R> {
  private record Part<P>(long version, P value) {}

  private final CatalogIndex index;
  private final Function<List<Entity>, P> part;
  private final Function<Map<String, P>, R> whole;
  private Map<String, Part<P>> parts = Map.of();
  private long version = -1;
  private R current;

  /**
   * @param part the value of one namespace from its entities (in no particular order)
   * @param whole what the parts make together, from each namespace's part
   */
  public NamespaceParts(
      CatalogIndex index, Function<List<Entity>, P> part, Function<Map<String, P>, R> whole) {
    this.index = index;
    this.part = part;
    this.whole = whole;
  }

  /**
   * Parts made from each namespace's entities of {@code blueprint} only (a scorecard's or an
   * initiative's entities).
   */
  public static <P, R> NamespaceParts<P, R> ofBlueprint(
      CatalogIndex index,
      String blueprint,
      Function<List<Entity>, P> part,
      Function<Map<String, P>, R> whole) {
    return new NamespaceParts<>(
        index,
        entities ->
            part.apply(
                entities.stream()
                    .filter(
                        e ->
                            e.getSpec() != null && Objects.equals(blueprint, e.getSpec().blueprint))
                    .toList()),
        whole);
  }

  /** The whole over the namespaces that hold entities now, each part computed again if changed. */
  public synchronized R current() {
    long now = index.entitiesVersion(); // read before the entities, see IndexedItemStore
    if (now == version) {
      return current;
    }
    Map<String, Part<P>> next = new HashMap<>();
    Map<String, P> values = new HashMap<>();
    for (String namespace : index.entityNamespaces()) {
      long changed = index.entitiesVersionIn(namespace);
      Part<P> known = parts.get(namespace);
      Part<P> made =
          known != null && known.version() == changed
              ? known
              : new Part<>(changed, part.apply(index.entitiesIn(namespace)));
      next.put(namespace, made);
      values.put(namespace, made.value());
    }
    parts = next;
    version = now;
    current = whole.apply(Map.copyOf(values));
    return current;
  }
}
