package dev.portolan.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.cel.CelValues;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code entity} variable that CEL expressions read: its identity, its spec with the
 * blueprint's defaults applied, and its relations as reference texts.
 */
public final class EntityVariables {
  private EntityVariables() {}

  /** The effective properties: the entity's own values over the blueprint's defaults. */
  public static Map<String, JsonNode> effectiveProperties(
      Entity entity, Map<String, JsonNode> defaults) {
    Map<String, JsonNode> effective = new LinkedHashMap<>(defaults);
    EntitySpec spec = entity.getSpec();
    if (spec != null && spec.properties != null) {
      spec.properties.forEach(
          (k, v) -> {
            if (v != null && !v.isNull()) {
              effective.put(k, v);
            }
          });
    }
    return effective;
  }

  /**
   * The entity as a CEL map.
   *
   * @param extra further members (calculated, mirrored) added by the caller, or empty
   */
  public static Map<String, Object> of(
      Entity entity, Map<String, JsonNode> defaults, Map<String, Object> extra) {
    EntitySpec spec = entity.getSpec() == null ? new EntitySpec() : entity.getSpec();
    String name = entity.getMetadata().getName();
    String namespace = entity.getMetadata().getNamespace();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", name);
    view.put("namespace", namespace);
    view.put("blueprint", nullToEmpty(spec.blueprint));
    view.put("title", spec.title == null || spec.title.isBlank() ? name : spec.title);
    view.put("owner", nullToEmpty(spec.owner));
    view.put("description", nullToEmpty(spec.description));
    view.put(
        "labels",
        entity.getMetadata().getLabels() == null
            ? Map.of()
            : Map.copyOf(entity.getMetadata().getLabels()));
    view.put("properties", CelValues.fromJson(effectiveProperties(entity, defaults)));
    Map<String, Object> relations = new LinkedHashMap<>();
    if (spec.relations != null) {
      spec.relations.forEach(
          (relation, value) -> {
            if (value != null && value.isArray()) {
              List<Object> refs = new ArrayList<>();
              value.forEach(v -> refs.add(v.asText()));
              relations.put(relation, refs);
            } else if (value != null && !value.isNull()) {
              relations.put(relation, value.asText());
            }
          });
    }
    view.put("relations", relations);
    view.putAll(extra);
    return view;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * The entity as a CEL map with its computed values ({@code calculated}, {@code mirrored}) from
   * its status.
   */
  public static Map<String, Object> withComputed(Entity entity, Map<String, JsonNode> defaults) {
    Map<String, Object> extra = new LinkedHashMap<>();
    var status = entity.getStatus();
    extra.put(
        "calculated",
        CelValues.fromJson(
            status == null || status.calculated == null ? Map.of() : status.calculated));
    extra.put(
        "mirrored",
        CelValues.fromJson(status == null || status.mirrored == null ? Map.of() : status.mirrored));
    return of(entity, defaults, extra);
  }
}
