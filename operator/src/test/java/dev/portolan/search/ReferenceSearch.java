package dev.portolan.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import dev.portolan.model.EntityStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Search as it was before the index: every entity read and checked on each request. The index's
 * answers are held to it; it is written for plainness, not speed.
 */
final class ReferenceSearch {
  private ReferenceSearch() {}

  record Answer(List<String> refs, int total, Map<String, Object> facets) {}

  static Answer search(
      dev.portolan.catalog.CatalogLookup lookup,
      List<Entity> entities,
      EntityQuery query,
      Predicate<String> maySee,
      Function<String, Map<String, JsonNode>> defaults,
      Predicate<Entity> cel) {
    Function<Entity, Map<String, JsonNode>> effective = e -> effective(e, defaults);
    List<Entity> found = new ArrayList<>();
    if (query.relatedTo() != null) {
      entities = query.related(lookup);
    }
    for (Entity entity : entities) {
      if (maySee.test(entity.getMetadata().getNamespace())
          && matches(query, entity, effective, cel, null)) {
        found.add(entity);
      }
    }
    // Each facet with a selection is counted over what matches every filter but its own.
    Map<String, Map<String, Object>> without = new TreeMap<>();
    for (String facet : query.selectedFacets()) {
      List<Entity> relaxed = new ArrayList<>();
      for (Entity entity : entities) {
        if (maySee.test(entity.getMetadata().getNamespace())
            && matches(query, entity, effective, cel, facet)) {
          relaxed.add(entity);
        }
      }
      without.put(facet, facets(relaxed));
    }
    found.sort(comparator(query, effective));
    int end = Math.min(found.size(), query.offset() + query.limit());
    List<String> refs =
        found.subList(Math.min(query.offset(), found.size()), end).stream()
            .map(e -> e.getMetadata().getNamespace() + "/" + e.getMetadata().getName())
            .toList();
    Map<String, Object> facets = new TreeMap<>(facets(found));
    without.forEach(
        (facet, counts) -> {
          if (facet.startsWith("level:")) {
            String scorecard = facet.substring(6);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Integer>> levels =
                new TreeMap<>((Map<String, Map<String, Integer>>) facets.get("level"));
            @SuppressWarnings("unchecked")
            Map<String, Integer> counted =
                ((Map<String, Map<String, Integer>>) counts.get("level")).get(scorecard);
            if (counted == null) {
              levels.remove(scorecard);
            } else {
              levels.put(scorecard, counted);
            }
            facets.put("level", levels);
          } else {
            facets.put(facet, counts.get(facet));
          }
        });
    return new Answer(refs, found.size(), facets);
  }

  private static Map<String, JsonNode> effective(
      Entity entity, Function<String, Map<String, JsonNode>> defaults) {
    Map<String, JsonNode> merged =
        new LinkedHashMap<>(
            entity.getSpec() == null || entity.getSpec().blueprint == null
                ? Map.of()
                : defaults.apply(entity.getSpec().blueprint));
    if (entity.getSpec() != null && entity.getSpec().properties != null) {
      entity
          .getSpec()
          .properties
          .forEach(
              (k, v) -> {
                if (v != null && !v.isNull()) {
                  merged.put(k, v);
                }
              });
    }
    return merged;
  }

  private static boolean matches(
      EntityQuery q,
      Entity entity,
      Function<Entity, Map<String, JsonNode>> effective,
      Predicate<Entity> cel,
      String except) {
    EntitySpec spec = entity.getSpec() == null ? new EntitySpec() : entity.getSpec();
    if (!q.blueprints().isEmpty()
        && !"blueprint".equals(except)
        && !q.blueprints().contains(spec.blueprint)) {
      return false;
    }
    if (!q.namespaces().isEmpty()
        && !"namespace".equals(except)
        && !q.namespaces().contains(entity.getMetadata().getNamespace())) {
      return false;
    }
    if (!q.owners().isEmpty() && !"owner".equals(except) && !q.owners().contains(spec.owner)) {
      return false;
    }
    Map<String, String> labels =
        entity.getMetadata().getLabels() == null ? Map.of() : entity.getMetadata().getLabels();
    for (Map.Entry<String, String> label : q.labels()) {
      if (label.getValue() == null
          ? !labels.containsKey(label.getKey())
          : !label.getValue().equals(labels.get(label.getKey()))) {
        return false;
      }
    }
    if (q.text() != null) {
      String needle = q.text().toLowerCase(Locale.ROOT);
      if (!contains(entity.getMetadata().getName(), needle)
          && !contains(spec.title, needle)
          && !contains(spec.description, needle)) {
        return false;
      }
    }
    Map<String, JsonNode> values = effective.apply(entity);
    for (EntityQuery.PropertyCondition condition : q.properties()) {
      if (!condition.matches(values.get(condition.property()))) {
        return false;
      }
    }
    // Levels of one scorecard are alternatives; every scorecard named must hold.
    for (Map.Entry<String, List<String>> levels : q.levelsByScorecard().entrySet()) {
      if (("level:" + levels.getKey()).equals(except)) {
        continue;
      }
      EntityStatus status = entity.getStatus();
      EntityStatus.ScorecardResult result =
          status == null || status.scorecards == null
              ? null
              : status.scorecards.get(levels.getKey());
      if (result == null || result.level == null || !levels.getValue().contains(result.level)) {
        return false;
      }
    }
    return cel == null || cel.test(entity);
  }

  private static boolean contains(String haystack, String needle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
  }

  private static Comparator<Entity> comparator(
      EntityQuery q, Function<Entity, Map<String, JsonNode>> effective) {
    Comparator<Entity> order = null;
    for (EntityQuery.SortKey key : q.sort()) {
      Comparator<Entity> next =
          key.field().startsWith("properties.")
              ? Comparator.comparing(
                  (Entity e) -> effective.apply(e).get(key.field().substring(11)),
                  Comparator.nullsLast(ReferenceSearch::compareJson))
              : Comparator.comparing(
                  (Entity e) -> field(e, key.field()),
                  Comparator.nullsLast(Comparator.naturalOrder()));
      if (key.descending()) {
        next = next.reversed();
      }
      order = order == null ? next : order.thenComparing(next);
    }
    Comparator<Entity> byRef =
        Comparator.comparing((Entity e) -> e.getMetadata().getNamespace())
            .thenComparing(e -> e.getMetadata().getName());
    return order == null ? byRef : order.thenComparing(byRef);
  }

  private static String field(Entity entity, String field) {
    EntitySpec spec = entity.getSpec() == null ? new EntitySpec() : entity.getSpec();
    return switch (field) {
      case "name" -> entity.getMetadata().getName();
      case "namespace" -> entity.getMetadata().getNamespace();
      case "title" -> spec.title == null ? entity.getMetadata().getName() : spec.title;
      case "blueprint" -> spec.blueprint;
      case "owner" -> spec.owner;
      default -> null;
    };
  }

  /**
   * Numbers by value before other values by text (before the index, mixed kinds had no consistent
   * order).
   */
  private static int compareJson(JsonNode a, JsonNode b) {
    if (a.isNumber() != b.isNumber()) {
      return a.isNumber() ? -1 : 1;
    }
    if (a.isNumber()) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return (a.isTextual() ? a.textValue() : a.toString())
        .compareTo(b.isTextual() ? b.textValue() : b.toString());
  }

  private static Map<String, Object> facets(List<Entity> found) {
    Map<String, Integer> blueprints = new TreeMap<>();
    Map<String, Integer> namespaces = new TreeMap<>();
    Map<String, Integer> owners = new TreeMap<>();
    Map<String, Map<String, Integer>> levels = new TreeMap<>();
    for (Entity entity : found) {
      String blueprint = entity.getSpec() == null ? null : entity.getSpec().blueprint;
      String owner =
          entity.getSpec() == null || entity.getSpec().owner == null ? "" : entity.getSpec().owner;
      blueprints.merge(String.valueOf(blueprint), 1, Integer::sum);
      namespaces.merge(entity.getMetadata().getNamespace(), 1, Integer::sum);
      owners.merge(owner, 1, Integer::sum);
      if (entity.getStatus() != null && entity.getStatus().scorecards != null) {
        entity
            .getStatus()
            .scorecards
            .forEach(
                (scorecard, result) ->
                    levels
                        .computeIfAbsent(scorecard, s -> new TreeMap<>())
                        .merge(String.valueOf(result.level), 1, Integer::sum));
      }
    }
    return Map.of(
        "blueprint", blueprints, "namespace", namespaces, "owner", owners, "level", levels);
  }
}
