package dev.portolan.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.kit.Compact;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What search reads of one entity, taken once when the entity changes rather than on every request:
 * the text lower-cased, the property values present, the labels, the scorecard levels and the sort
 * fields.
 */
final class SearchDocument {
  final Entity entity;
  final String key;
  final String namespace;
  final String name;
  final String blueprint;
  final String owner;

  /** The title sorted by: the spec's, or the name when there is none. */
  final String sortTitle;

  final String nameLower;
  final String titleLower;
  final String descriptionLower;
  final Map<String, String> labels;

  /**
   * The entity's own property values, without nulls; the blueprint's defaults are read per query.
   */
  final Map<String, JsonNode> properties;

  /** Each scorecard's level, as the facets count it ({@code "null"} for a result with no level). */
  final Map<String, String> levels;

  /**
   * The entity as search items show it, serialized the first time a page holds it. A change of the
   * entity (a new resourceVersion) makes a new document, so this never outlives its version.
   */
  private volatile byte[] json;

  SearchDocument(Entity entity) {
    EntitySpec spec = entity.getSpec() == null ? new EntitySpec() : entity.getSpec();
    this.entity = entity;
    // Namespace, blueprint and owner are shared by many documents: one string each, so that a
    // search reading them across thousands of matches finds them in the cache.
    this.namespace = shared(entity.getMetadata().getNamespace());
    this.name = entity.getMetadata().getName();
    this.key = namespace + "/" + name;
    this.blueprint = shared(spec.blueprint);
    this.owner = shared(spec.owner);
    this.sortTitle = spec.title == null ? name : spec.title;
    this.nameLower = lower(name);
    this.titleLower = lower(spec.title);
    this.descriptionLower = lower(spec.description);
    // The cache holds the entity's maps compact and immutable: a document shares them where it can.
    this.labels =
        entity.getMetadata().getLabels() == null
            ? Map.of()
            : Compact.map(entity.getMetadata().getLabels());
    Map<String, JsonNode> own = new LinkedHashMap<>();
    if (spec.properties != null) {
      spec.properties.forEach(
          (property, value) -> {
            if (value != null && !value.isNull()) {
              own.put(property, value);
            }
          });
    }
    this.properties =
        own.isEmpty()
            ? Map.of()
            : Compact.map(own.size() == spec.properties.size() ? spec.properties : own);
    Map<String, String> grades = new LinkedHashMap<>();
    if (entity.getStatus() != null && entity.getStatus().scorecards != null) {
      entity
          .getStatus()
          .scorecards
          .forEach(
              (scorecard, result) -> {
                if (result != null) {
                  grades.put(scorecard, String.valueOf(result.level));
                }
              });
    }
    this.levels = grades.isEmpty() ? Map.of() : Compact.map(grades);
  }

  /**
   * The entity as UTF-8 JSON without the API server's bookkeeping ({@link EntityJson}), kept after
   * the first call: two threads may both serialize it once, to the same bytes.
   */
  byte[] json() {
    byte[] cached = json;
    if (cached == null) {
      cached = EntityJson.bytes(entity);
      json = cached;
    }
    return cached;
  }

  /** The property's value with the blueprint's default under it, or null when it has neither. */
  JsonNode property(String property, Map<String, JsonNode> defaults) {
    JsonNode own = properties.get(property);
    return own != null ? own : defaults.get(property);
  }

  /** Whether the lower-cased needle is in the name, the title or the description. */
  boolean containsText(String needle) {
    return nameLower.contains(needle)
        || titleLower != null && titleLower.contains(needle)
        || descriptionLower != null && descriptionLower.contains(needle);
  }

  /** The distinct three-character pieces of the searchable text, for the text index. */
  Set<String> trigrams() {
    Set<String> trigrams = new HashSet<>();
    addTrigrams(nameLower, trigrams);
    addTrigrams(titleLower, trigrams);
    addTrigrams(descriptionLower, trigrams);
    return trigrams;
  }

  static void addTrigrams(String text, Set<String> into) {
    if (text == null) {
      return;
    }
    for (int i = 0; i + 3 <= text.length(); i++) {
      into.add(text.substring(i, i + 3));
    }
  }

  private static String shared(String text) {
    return text == null ? null : text.intern();
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }
}
