package dev.portolan.waiver;

import dev.portolan.kit.LabelSelectors;
import dev.portolan.model.Entity;
import dev.portolan.model.Waiver;
import java.util.Objects;

/**
 * Which entities a Waiver covers: those of its own namespace, either the one {@code spec.entity}
 * names or those whose labels {@code spec.selector} matches. A waiver naming neither covers none (a
 * selector with no terms would cover the whole namespace, so it has to be asked for with an
 * explicit term such as an {@code Exists} expression).
 */
public final class WaiverMatcher {
  private WaiverMatcher() {}

  public static boolean covers(Waiver waiver, Entity entity) {
    if (waiver.getSpec() == null
        || !Objects.equals(
            waiver.getMetadata().getNamespace(), entity.getMetadata().getNamespace())) {
      return false;
    }
    if (waiver.getSpec().entity != null) {
      return waiver.getSpec().entity.equals(entity.getMetadata().getName());
    }
    if (waiver.getSpec().selector == null || LabelSelectors.isEmpty(waiver.getSpec().selector)) {
      return false;
    }
    return LabelSelectors.matches(waiver.getSpec().selector, entity.getMetadata().getLabels());
  }
}
