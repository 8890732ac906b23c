package dev.portolan.web.view;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Automation;
import dev.portolan.model.Entity;
import dev.portolan.web.error.ApiException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The automations a caller may see (those of the namespaces they may read), from the index: the
 * list, filtered by namespace or trigger, one by namespace and name, and the date-time automations
 * due on one entity ({@link DueAutomations}). An automation of a namespace the caller may not read
 * is answered as one that does not exist.
 */
public final class AutomationViews {
  public static final Set<String> LIST_PARAMETERS = Set.of("namespace", "trigger");
  static final List<String> TRIGGERS =
      List.of(
          "EntityCreated",
          "EntityUpdated",
          "EntityDeleted",
          "ScorecardLevelChanged",
          "DateTimeReached",
          "ActionFinished",
          "Schedule");
  private static final Comparator<Automation> BY_NAMESPACE_AND_NAME =
      Comparator.comparing((Automation a) -> a.getMetadata().getNamespace())
          .thenComparing(a -> a.getMetadata().getName());

  private final CatalogIndex index;
  private final Function<String, Map<String, String>> namespaceLabels;
  private final Clock clock;

  /**
   * @param namespaceLabels a namespace's labels, for the automations' namespace selectors
   */
  public AutomationViews(
      CatalogIndex index, Function<String, Map<String, String>> namespaceLabels, Clock clock) {
    this.index = index;
    this.namespaceLabels = namespaceLabels;
    this.clock = clock;
  }

  /** Without a namespace cache: a namespace's only known label is its name. */
  public static AutomationViews over(CatalogIndex index, Clock clock) {
    return new AutomationViews(
        index, namespace -> Map.of(DueAutomations.NAME_LABEL, namespace), clock);
  }

  /**
   * @param namespace only this namespace's, or every visible one when null
   * @param trigger only those of this trigger kind, when not null
   */
  public ItemList<AutomationView> list(
      Predicate<String> visible, String namespace, String trigger) {
    if (trigger != null && !TRIGGERS.contains(trigger)) {
      throw ApiException.badRequest(
          "trigger must be one of " + String.join(", ", TRIGGERS) + ", not '" + trigger + "'",
          "trigger");
    }
    List<Automation> automations =
        namespace == null ? index.automations() : index.automationsIn(namespace);
    return ItemList.of(
        automations.stream()
            .filter(a -> visible.test(a.getMetadata().getNamespace()))
            .sorted(BY_NAMESPACE_AND_NAME)
            .map(AutomationView::of)
            .filter(v -> trigger == null || trigger.equals(v.trigger()))
            .toList());
  }

  public AutomationView one(String namespace, String name, Predicate<String> visible) {
    return index
        .automation(namespace, name)
        .filter(a -> visible.test(namespace))
        .map(AutomationView::of)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "automation '" + namespace + "/" + name + "' does not exist", "name"));
  }

  /** The date-time automations covering an entity the caller may see, soonest first. */
  public ItemList<DueAutomation> dueOn(Entity entity, Predicate<String> visible) {
    return ItemList.of(
        DueAutomations.of(entity, index.automations(), namespaceLabels, visible, clock.instant()));
  }
}
