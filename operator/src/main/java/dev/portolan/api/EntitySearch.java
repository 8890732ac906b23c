package dev.portolan.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.EntityVariables;
import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CelScope;
import dev.portolan.cel.CelValues;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpectedType;
import dev.portolan.cel.ExpressionException;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Answers {@code GET /api/v1/entities} from the catalog index: filters, facet counts over the same
 * filters, sorting, a page from an opaque cursor, and field selection.
 */
public final class EntitySearch {
  static final Set<String> PARAMETERS = Set.of("blueprint", "namespace", "owner", "label", "property",
      "relatedTo", "relation", "level", "q", "filter", "sort", "limit", "cursor", "fields");

  private final CatalogIndex index;
  private final CelEngine cel;
  private final Function<String, Map<String, JsonNode>> defaults;
  private final Map<String, CompiledExpression> filters = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledExpression> eldest) {
          return size() > 256;
        }
      });

  /**
   * @param defaults a blueprint's property defaults, by blueprint name
   */
  public EntitySearch(CatalogIndex index, CelEngine cel, Function<String, Map<String, JsonNode>> defaults) {
    this.index = index;
    this.cel = cel;
    this.defaults = defaults;
  }

  /** Parses the query parameters; unknown ones and malformed values are a 400 naming them. */
  public EntityQuery parse(Map<String, List<String>> parameters) {
    for (String name : parameters.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw ApiException.badRequest("unknown query parameter '" + name + "'; use "
            + String.join(", ", PARAMETERS.stream().sorted().toList()), name);
      }
    }
    List<EntityQuery.PropertyCondition> properties = new ArrayList<>();
    all(parameters, "property").forEach(p -> properties.add(EntityQuery.PropertyCondition.parse(p)));
    EntityRef relatedTo = null;
    String related = one(parameters, "relatedTo");
    if (related != null) {
      relatedTo = EntityRef.parse(related, null)
          .orElseThrow(() -> ApiException.badRequest("relatedTo must be namespace/name, got '" + related + "'",
              "relatedTo"));
    }
    String relation = one(parameters, "relation");
    if (relation != null && relatedTo == null) {
      throw ApiException.badRequest("relation narrows relatedTo; give relatedTo too", "relation");
    }
    List<EntityQuery.SortKey> sort = new ArrayList<>();
    String sortText = one(parameters, "sort");
    if (sortText != null) {
      for (String key : sortText.split(",")) {
        sort.add(EntityQuery.SortKey.parse(key.strip()));
      }
    }
    int limit = EntityQuery.DEFAULT_LIMIT;
    String limitText = one(parameters, "limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("limit must be a whole number from 1 to " + EntityQuery.MAX_LIMIT, "limit");
      }
      if (limit < 1 || limit > EntityQuery.MAX_LIMIT) {
        throw ApiException.badRequest("limit must be from 1 to " + EntityQuery.MAX_LIMIT + ", got " + limit, "limit");
      }
    }
    List<String> fields = new ArrayList<>();
    String fieldsText = one(parameters, "fields");
    if (fieldsText != null) {
      for (String field : fieldsText.split(",")) {
        String path = field.strip();
        if (!path.matches("(metadata|spec|status)(\\.[A-Za-z0-9_-]+)*")) {
          throw ApiException.badRequest("field '" + path + "' is not a path under metadata, spec or status, such as"
              + " spec.title or status.conditions", "fields");
        }
        fields.add(path);
      }
    }
    return new EntityQuery(
        new LinkedHashSet<>(all(parameters, "blueprint")),
        new LinkedHashSet<>(all(parameters, "namespace")),
        new LinkedHashSet<>(all(parameters, "owner")),
        EntityQuery.pairs(all(parameters, "label"), "label", "=", "key=value (or key alone: the label exists)"),
        properties,
        relatedTo,
        relation,
        EntityQuery.pairs(all(parameters, "level"), "level", ":", "scorecard:level, such as production-readiness:Gold"),
        blankToNull(one(parameters, "q")),
        compileFilter(one(parameters, "filter")),
        sort,
        limit,
        decodeCursor(one(parameters, "cursor")),
        fields);
  }

  /** The page of results, with the total and facets of everything that matched. */
  public JsonNode search(EntityQuery query, Predicate<String> maySeeNamespace) {
    Function<Entity, Map<String, JsonNode>> effective = entity -> new EffectiveProperties(entity,
        entity.getSpec() == null ? Map.of() : defaults.apply(entity.getSpec().blueprint));
    Predicate<Entity> cel = query.filter() == null ? null : entity -> {
      try {
        return query.filter().test(Map.of("entity", celView(entity)));
      } catch (ExpressionException e) {
        return false; // a filter that fails for an entity does not select it
      }
    };
    Predicate<Entity> matches = query.predicate(effective, cel);
    List<Entity> candidates = query.relatedTo() != null ? query.related(index)
        : query.blueprints().size() == 1 ? index.entitiesOfBlueprint(query.blueprints().iterator().next())
        : query.owners().size() == 1 ? index.entitiesOwnedBy(query.owners().iterator().next())
        : index.entities();
    Map<String, Boolean> visible = new LinkedHashMap<>();
    List<Entity> found = new ArrayList<>();
    for (Entity entity : candidates) {
      String namespace = entity.getMetadata().getNamespace();
      if (visible.computeIfAbsent(namespace, maySeeNamespace::test) && matches.test(entity)) {
        found.add(entity);
      }
    }
    found.sort(query.comparator(effective));

    ObjectNode body = JsonNodeFactory.instance.objectNode();
    var items = body.putArray("items");
    int end = Math.min(found.size(), query.offset() + query.limit());
    for (Entity entity : found.subList(Math.min(query.offset(), found.size()), end)) {
      items.add(select(Serialization.jsonMapper().valueToTree(entity), query.fields()));
    }
    body.put("total", found.size());
    if (end < found.size()) {
      body.put("nextCursor", encodeCursor(end));
    } else {
      body.putNull("nextCursor");
    }
    body.set("facets", facets(found));
    return body;
  }

  /** An entity's properties over its blueprint's defaults, read without copying either map. */
  private static final class EffectiveProperties extends java.util.AbstractMap<String, JsonNode> {
    private final Map<String, JsonNode> own;
    private final Map<String, JsonNode> defaults;

    EffectiveProperties(Entity entity, Map<String, JsonNode> defaults) {
      this.own = entity.getSpec() == null || entity.getSpec().properties == null ? Map.of() : entity.getSpec().properties;
      this.defaults = defaults;
    }

    @Override
    public JsonNode get(Object key) {
      JsonNode value = own.get(key);
      return value != null && !value.isNull() ? value : defaults.get(key);
    }

    @Override
    public java.util.Set<Map.Entry<String, JsonNode>> entrySet() {
      Map<String, JsonNode> merged = new LinkedHashMap<>(defaults);
      own.forEach((k, v) -> {
        if (v != null && !v.isNull()) {
          merged.put(k, v);
        }
      });
      return merged.entrySet();
    }
  }

  private Map<String, Object> celView(Entity entity) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("calculated", CelValues.fromJson(entity.getStatus() == null ? Map.of() : entity.getStatus().calculated));
    extra.put("mirrored", CelValues.fromJson(entity.getStatus() == null ? Map.of() : entity.getStatus().mirrored));
    return EntityVariables.of(entity,
        entity.getSpec() == null ? Map.of() : defaults.apply(entity.getSpec().blueprint), extra);
  }

  private static JsonNode facets(List<Entity> found) {
    Map<String, Integer> blueprints = new TreeMap<>();
    Map<String, Integer> namespaces = new TreeMap<>();
    Map<String, Integer> owners = new TreeMap<>();
    Map<String, Map<String, Integer>> levels = new TreeMap<>();
    for (Entity entity : found) {
      String blueprint = entity.getSpec() == null ? null : entity.getSpec().blueprint;
      String owner = entity.getSpec() == null || entity.getSpec().owner == null ? "" : entity.getSpec().owner;
      blueprints.merge(String.valueOf(blueprint), 1, Integer::sum);
      namespaces.merge(entity.getMetadata().getNamespace(), 1, Integer::sum);
      owners.merge(owner, 1, Integer::sum);
      if (entity.getStatus() != null && entity.getStatus().scorecards != null) {
        entity.getStatus().scorecards.forEach((scorecard, result) -> levels
            .computeIfAbsent(scorecard, s -> new TreeMap<>()).merge(String.valueOf(result.level), 1, Integer::sum));
      }
    }
    ObjectNode facets = JsonNodeFactory.instance.objectNode();
    var mapper = Serialization.jsonMapper();
    facets.set("blueprint", mapper.valueToTree(blueprints));
    facets.set("namespace", mapper.valueToTree(namespaces));
    facets.set("owner", mapper.valueToTree(owners));
    facets.set("level", mapper.valueToTree(levels));
    return facets;
  }

  /** Keeps only the given dotted paths of an entity (all of it when none are given). */
  static JsonNode select(JsonNode entity, List<String> fields) {
    if (fields.isEmpty()) {
      return entity;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("metadata", JsonNodeFactory.instance.objectNode()
        .put("name", entity.at("/metadata/name").asText())
        .put("namespace", entity.at("/metadata/namespace").asText()));
    for (String field : fields) {
      JsonNode value = entity.at("/" + field.replace('.', '/'));
      if (value.isMissingNode()) {
        continue;
      }
      String[] parts = field.split("\\.");
      ObjectNode parent = out;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode child = parent.get(parts[i]);
        parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
      }
      parent.set(parts[parts.length - 1], value);
    }
    return out;
  }

  private CompiledExpression compileFilter(String source) {
    if (source == null || source.isBlank()) {
      return null;
    }
    CompiledExpression cached = filters.get(source);
    if (cached != null) {
      return cached;
    }
    try {
      CompiledExpression compiled = cel.compile(source, CelScope.ENTITY, ExpectedType.BOOLEAN);
      filters.put(source, compiled);
      return compiled;
    } catch (ExpressionException e) {
      throw ApiException.badRequest("filter: " + e.getMessage(), "filter");
    }
  }

  static String encodeCursor(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static int decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith("o:")) {
        int offset = Integer.parseInt(text.substring(2));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ApiException.badRequest("cursor is not one this API gave out; pass nextCursor from the previous page as is",
        "cursor");
  }

  private static List<String> all(Map<String, List<String>> parameters, String name) {
    return parameters.getOrDefault(name, List.of());
  }

  private static String one(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw ApiException.badRequest(name + " is given " + values.size() + " times; give it once", name);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
