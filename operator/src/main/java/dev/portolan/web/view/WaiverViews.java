package dev.portolan.web.view;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Waiver;
import dev.portolan.web.error.ApiException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The waivers a caller may see (those of the namespaces they may read), from the index: the list,
 * filtered by namespace, scorecard or phase, and one by namespace and name. A waiver of a namespace
 * the caller may not read is answered as one that does not exist.
 */
public final class WaiverViews {
  private static final Comparator<Waiver> BY_NAMESPACE_AND_NAME =
      Comparator.comparing((Waiver w) -> w.getMetadata().getNamespace())
          .thenComparing(w -> w.getMetadata().getName());
  private static final Set<String> PHASES =
      Set.of("Pending", "Active", "Rejected", "Expired", "Invalid");

  private final CatalogIndex index;

  public WaiverViews(CatalogIndex index) {
    this.index = index;
  }

  /**
   * @param namespace only this namespace's, or every visible one when null
   * @param scorecard only those naming this scorecard, when not null
   * @param phase only those in this phase, when not null
   */
  public ItemList<WaiverView> list(
      Predicate<String> visible, String namespace, String scorecard, String phase) {
    if (phase != null && !PHASES.contains(phase)) {
      throw ApiException.badRequest(
          "phase must be one of Pending, Active, Rejected, Expired or Invalid, not '" + phase + "'",
          "phase");
    }
    List<Waiver> waivers = namespace == null ? index.waivers() : index.waiversIn(namespace);
    return ItemList.of(
        waivers.stream()
            .filter(w -> visible.test(w.getMetadata().getNamespace()))
            .filter(
                w ->
                    scorecard == null
                        || w.getSpec() != null && scorecard.equals(w.getSpec().scorecard))
            .sorted(BY_NAMESPACE_AND_NAME)
            .map(WaiverView::of)
            .filter(v -> phase == null || phase.equals(v.phase()))
            .toList());
  }

  public WaiverView one(String namespace, String name, Predicate<String> visible) {
    return index
        .waiver(namespace, name)
        .filter(w -> visible.test(namespace))
        .map(WaiverView::of)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "waiver '" + namespace + "/" + name + "' does not exist", "name"));
  }
}
