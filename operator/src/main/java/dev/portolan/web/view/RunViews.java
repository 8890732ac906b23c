package dev.portolan.web.view;

import dev.portolan.action.ActionPhases;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import dev.portolan.web.error.ApiException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Action runs read from the index: a list filtered by namespace, definition, phase, requester and
 * entity, newest first; one run; an entity's recent runs.
 */
public final class RunViews {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  static final int RECENT_RUNS = 10;

  /** The query parameters a list of runs takes. */
  public static final Set<String> LIST_PARAMETERS =
      Set.of("namespace", "definition", "phase", "requester", "entity", "limit");

  static final Comparator<Action> NEWEST_FIRST =
      Comparator.comparing((Action a) -> String.valueOf(a.getMetadata().getCreationTimestamp()))
          .reversed()
          .thenComparing(a -> a.getMetadata().getNamespace())
          .thenComparing(a -> a.getMetadata().getName());

  private final CatalogIndex index;

  public RunViews(CatalogIndex index) {
    this.index = index;
  }

  /** The runs the query selects among those in namespaces the caller may see, newest first. */
  public ItemList<RunView> list(Map<String, List<String>> query, Predicate<String> visible) {
    for (String name : query.keySet()) {
      if (!LIST_PARAMETERS.contains(name)) {
        throw ApiException.badRequest(
            "unknown query parameter '"
                + name
                + "'; use "
                + String.join(", ", LIST_PARAMETERS.stream().sorted().toList()),
            name);
      }
    }
    for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
      if (parameter.getValue().size() > 1) {
        throw ApiException.badRequest(
            parameter.getKey()
                + " is given "
                + parameter.getValue().size()
                + " times; give it once",
            parameter.getKey());
      }
    }
    int limit = limit(first(query, "limit"));
    String namespace = first(query, "namespace");
    String definition = first(query, "definition");
    String phase = first(query, "phase");
    if (phase != null && !ActionPhases.ALL.contains(phase)) {
      throw ApiException.badRequest(
          "phase must be one of " + String.join(", ", ActionPhases.ALL) + ", got '" + phase + "'",
          "phase");
    }
    String requester = first(query, "requester");
    String entityText = first(query, "entity");
    EntityRef entity =
        entityText == null
            ? null
            : EntityRef.parse(entityText, null)
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "entity must be namespace/name, got '" + entityText + "'", "entity"));
    List<Action> found =
        (entity != null
                ? index.actionsOn(entity)
                : definition != null ? index.actionsOfDefinition(definition) : index.actions())
            .stream()
                .filter(a -> visible.test(a.getMetadata().getNamespace()))
                .filter(a -> namespace == null || namespace.equals(a.getMetadata().getNamespace()))
                .filter(a -> definition == null || definition.equals(a.getSpec().definition))
                .filter(a -> phase == null || phase.equals(RunView.phaseOf(a)))
                .filter(
                    a ->
                        requester == null
                            || (a.getStatus() != null
                                && a.getStatus().requestedBy != null
                                && requester.equals(a.getStatus().requestedBy.username)))
                .sorted(NEWEST_FIRST)
                .toList();
    return new ItemList<>(found.stream().limit(limit).map(RunView::of).toList(), found.size());
  }

  /** One run; 404 when it does not exist or is in a namespace the caller may not see. */
  public RunView one(String namespace, String name, Predicate<String> visible) {
    return RunView.of(find(namespace, name, visible));
  }

  /** The entity's most recent runs, newest first. */
  public List<RunView> recentOn(Entity entity) {
    return index
        .actionsOn(
            new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName()))
        .stream()
        .sorted(NEWEST_FIRST)
        .limit(RECENT_RUNS)
        .map(RunView::of)
        .toList();
  }

  Action find(String namespace, String name, Predicate<String> visible) {
    return index
        .action(namespace, name)
        .filter(a -> visible.test(namespace))
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "action '" + namespace + "/" + name + "' does not exist", "name"));
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    if (text.matches("[0-9]{1,4}")) {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    }
    throw ApiException.badRequest(
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'", "limit");
  }
}
