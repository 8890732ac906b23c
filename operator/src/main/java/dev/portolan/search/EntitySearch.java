package dev.portolan.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.EntityVariables;
import dev.portolan.cel.CelDeadline;
import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CelScope;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpectedType;
import dev.portolan.cel.ExpressionException;
import dev.portolan.cel.ExpressionLimitException;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Answers {@code GET /api/v1/entities} from a {@link SearchIndex} that follows the catalog index:
 * filters, facet counts over the same filters (bounded and remembered by {@link FacetCounts}),
 * sorting, a page from an opaque cursor, and field selection.
 *
 * <p>Over ~350 lines: parsing the parameters and writing the answer's bytes are the two halves of
 * one job, answering the search's API, and they share its parameter names.
 */
public final class EntitySearch {
  /** The query parameters a search takes. */
  public static final Set<String> PARAMETERS =
      Set.of(
          "blueprint",
          "namespace",
          "owner",
          "label",
          "property",
          "relatedTo",
          "relation",
          "level",
          "q",
          "filter",
          "sort",
          "limit",
          "cursor",
          "fields",
          "facetLimit",
          FacetOptions.PREFIX_PARAMETER + "blueprint",
          FacetOptions.PREFIX_PARAMETER + "namespace",
          FacetOptions.PREFIX_PARAMETER + "owner");

  /** The error of a filter refused or stopped for going over an expression limit. */
  public static final String TOO_EXPENSIVE = "ExpressionTooExpensive";

  /** The time a search may spend evaluating its filter, over all the entities it considers. */
  public static final Duration FILTER_TIME = Duration.ofSeconds(3);

  private final CatalogLookup index;
  private final SearchIndex documents;
  private final CelEngine cel;
  private final Function<String, Map<String, JsonNode>> defaults;
  private final Map<String, CompiledExpression> filters =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompiledExpression> eldest) {
              return size() > 256;
            }
          });

  /**
   * @param defaults a blueprint's property defaults, by blueprint name
   */
  public EntitySearch(
      CatalogIndex index, CelEngine cel, Function<String, Map<String, JsonNode>> defaults) {
    this(index, SearchIndex.following(index), cel, defaults);
  }

  /**
   * @param index where {@code relatedTo} is looked up
   * @param documents the entities searched
   */
  EntitySearch(
      CatalogLookup index,
      SearchIndex documents,
      CelEngine cel,
      Function<String, Map<String, JsonNode>> defaults) {
    this.index = index;
    this.documents = documents;
    this.cel = cel;
    this.defaults = defaults;
  }

  /** Parses the query parameters; unknown ones and malformed values are a 400 naming them. */
  public EntityQuery parse(Map<String, List<String>> parameters) {
    for (String name : parameters.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw new QueryException(
            "unknown query parameter '"
                + name
                + "'; use "
                + String.join(", ", PARAMETERS.stream().sorted().toList()),
            name);
      }
    }
    List<EntityQuery.PropertyCondition> properties = new ArrayList<>();
    all(parameters, "property")
        .forEach(p -> properties.add(EntityQuery.PropertyCondition.parse(p)));
    EntityRef relatedTo = null;
    String related = one(parameters, "relatedTo");
    if (related != null) {
      relatedTo =
          EntityRef.parse(related, null)
              .orElseThrow(
                  () ->
                      new QueryException(
                          "relatedTo must be namespace/name, got '" + related + "'", "relatedTo"));
    }
    String relation = one(parameters, "relation");
    if (relation != null && relatedTo == null) {
      throw new QueryException("relation narrows relatedTo; give relatedTo too", "relation");
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
      if (!limitText.matches("[0-9]{1,4}")) {
        throw new QueryException(
            "limit must be a whole number from 1 to "
                + EntityQuery.MAX_LIMIT
                + ", got '"
                + limitText
                + "'",
            "limit");
      }
      limit = Integer.parseInt(limitText);
      if (limit < 1 || limit > EntityQuery.MAX_LIMIT) {
        throw new QueryException(
            "limit must be from 1 to " + EntityQuery.MAX_LIMIT + ", got " + limit, "limit");
      }
    }
    List<String> fields = new ArrayList<>();
    String fieldsText = one(parameters, "fields");
    if (fieldsText != null) {
      for (String field : fieldsText.split(",")) {
        String path = field.strip();
        if (!path.matches("(metadata|spec|status)(\\.[A-Za-z0-9_-]+)*")) {
          throw new QueryException(
              "field '"
                  + path
                  + "' is not a path under metadata, spec or status, such as"
                  + " spec.title or status.conditions",
              "fields");
        }
        fields.add(path);
      }
    }
    return new EntityQuery(
        new LinkedHashSet<>(all(parameters, "blueprint")),
        new LinkedHashSet<>(all(parameters, "namespace")),
        new LinkedHashSet<>(all(parameters, "owner")),
        EntityQuery.pairs(
            all(parameters, "label"), "label", "=", "key=value (or key alone: the label exists)"),
        properties,
        relatedTo,
        relation,
        EntityQuery.pairs(
            all(parameters, "level"),
            "level",
            ":",
            "scorecard:level, such as production-readiness:Gold"),
        blankToNull(one(parameters, "q")),
        compileFilter(one(parameters, "filter")),
        sort,
        limit,
        decodeCursor(one(parameters, "cursor")),
        fields,
        facetOptions(parameters));
  }

  private static FacetOptions facetOptions(Map<String, List<String>> parameters) {
    int limit = FacetOptions.DEFAULT_LIMIT;
    String limitText = one(parameters, "facetLimit");
    if (limitText != null) {
      if (!limitText.matches("[0-9]{1,4}")
          || Integer.parseInt(limitText) > FacetOptions.MAX_LIMIT) {
        throw new QueryException(
            "facetLimit must be a whole number from 0 (no facets) to "
                + FacetOptions.MAX_LIMIT
                + ", got '"
                + limitText
                + "'",
            "facetLimit");
      }
      limit = Integer.parseInt(limitText);
    }
    Map<String, String> prefixes = new HashMap<>();
    for (String facet : FacetOptions.PREFIXED) {
      String prefix = one(parameters, FacetOptions.PREFIX_PARAMETER + facet);
      if (prefix != null && !prefix.isEmpty()) {
        prefixes.put(facet, prefix);
      }
    }
    return new FacetOptions(limit, prefixes);
  }

  /** The entity as the API shows it ({@link EntityJson}), serialized once per version. */
  public byte[] entityJson(Entity entity) {
    return documents.json(entity);
  }

  /** The page of results, with the total and facets of everything that matched, as a tree. */
  public JsonNode search(EntityQuery query, Predicate<String> maySeeNamespace) {
    return EntityJson.read(searchJson(query, maySeeNamespace));
  }

  /**
   * The page of results, with the total and facets of everything that matched, as the UTF-8 JSON
   * the API answers. Each item is its document's serialized entity, written once per version of the
   * entity and copied into the answer as is; no tree is built unless {@code fields} asks for a
   * selection.
   */
  public byte[] searchJson(EntityQuery query, Predicate<String> maySeeNamespace) {
    return searchJson(query, maySeeNamespace, CelDeadline.in(FILTER_TIME));
  }

  /**
   * As {@link #searchJson(EntityQuery, Predicate)}, with the filter's evaluations over all the
   * candidates held to {@code deadline}.
   *
   * @throws QueryException {@link #TOO_EXPENSIVE} naming the filter when an evaluation goes over a
   *     run-time limit or the deadline passes
   */
  public byte[] searchJson(
      EntityQuery query, Predicate<String> maySeeNamespace, CelDeadline deadline) {
    Page found = page(query, maySeeNamespace, deadline);
    List<byte[]> items = new ArrayList<>(found.documents().size());
    int size = 64;
    for (SearchDocument document : found.documents()) {
      byte[] item =
          query.fields().isEmpty()
              ? document.json()
              : bytes(select(EntityJson.read(document.json()), query.fields()));
      items.add(item);
      size += item.length + 1;
    }
    // The rest of the answer is written as an object of its own and joined after the items,
    // without its opening brace: {"items":[...], + "total":...}
    FacetCounts.Counted facets = found.facets();
    byte[] rest =
        bytes(
            generator -> {
              generator.writeStartObject();
              generator.writeNumberField("total", found.total());
              generator.writeStringField("nextCursor", found.nextCursor());
              if (facets == null) {
                generator.writeNullField("facets");
                generator.writeNullField("facetsLeftOut");
              } else {
                generator.writeObjectFieldStart("facets");
                generator.writeObjectField("blueprint", facets.shown().blueprint());
                generator.writeObjectField("namespace", facets.shown().namespace());
                generator.writeObjectField("owner", facets.shown().owner());
                generator.writeObjectField("level", facets.shown().level());
                generator.writeEndObject();
                generator.writeObjectFieldStart("facetsLeftOut");
                generator.writeNumberField("blueprint", facets.leftOut().blueprint());
                generator.writeNumberField("namespace", facets.leftOut().namespace());
                generator.writeNumberField("owner", facets.leftOut().owner());
                generator.writeEndObject();
              }
              generator.writeEndObject();
            });
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size + rest.length);
    out.writeBytes(ITEMS_START);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(items.get(i));
    }
    out.write(']');
    out.write(',');
    out.write(rest, 1, rest.length - 1);
    return out.toByteArray();
  }

  /**
   * The page of results as typed values, for the UI: the matched entities themselves (whole, as the
   * index holds them: {@code fields} selects only in the JSON), the total, the next page's cursor
   * and the facets, the same as {@link #searchJson(EntityQuery, Predicate)} answers.
   */
  public SearchResult results(EntityQuery query, Predicate<String> maySeeNamespace) {
    Page found = page(query, maySeeNamespace, CelDeadline.in(FILTER_TIME));
    FacetCounts.Counted facets = found.facets();
    FacetCounts.Facets shown = facets == null ? null : facets.shown();
    FacetCounts.LeftOut leftOut = facets == null ? null : facets.leftOut();
    return new SearchResult(
        found.documents().stream().map(d -> d.entity).toList(),
        found.total(),
        found.nextCursor(),
        shown == null
            ? null
            : new SearchResult.Facets(
                shown.blueprint(), shown.namespace(), shown.owner(), shown.level()),
        leftOut == null
            ? null
            : new SearchResult.FacetsLeftOut(
                leftOut.blueprint(), leftOut.namespace(), leftOut.owner()));
  }

  /**
   * A page of matches: its documents in order, how many matched, the next cursor, the facets (null
   * when none are asked for).
   */
  private record Page(
      List<SearchDocument> documents, int total, String nextCursor, FacetCounts.Counted facets) {}

  private Page page(EntityQuery query, Predicate<String> maySeeNamespace, CelDeadline deadline) {
    Map<String, Map<String, JsonNode>> defaultsSeen = new HashMap<>();
    Function<String, Map<String, JsonNode>> defaultsOf =
        blueprint ->
            blueprint == null
                ? Map.of()
                : defaultsSeen.computeIfAbsent(
                    blueprint, b -> Objects.requireNonNullElse(defaults.apply(b), Map.of()));
    List<Entity> related = query.relatedTo() != null ? query.related(index) : null;
    int end = (int) Math.min(Integer.MAX_VALUE, (long) query.offset() + query.limit());
    SearchIndex.Candidates candidates =
        documents.candidates(
            query,
            related,
            maySeeNamespace,
            defaultsOf,
            query.facets(),
            query.sort().isEmpty() ? end : -1);
    List<SearchDocument> page; // the first `end` results in order
    int total;
    FacetCounts.Counted facets;
    if (candidates.ordered()) { // already the first matches in namespace and name order
      page = Arrays.asList(candidates.documents());
      total = candidates.total();
      facets = candidates.facets();
    } else {
      List<SearchDocument> found = Arrays.asList(candidates.documents());
      if (!candidates.exact()) {
        found = new ArrayList<>();
        for (SearchDocument document : candidates.documents()) {
          if (celFilterPasses(query.filter(), document.entity, deadline)) {
            found.add(document);
          }
        }
      }
      facets =
          candidates.exact() || !query.facets().counted()
              ? candidates.facets()
              : FacetCounts.bounded(
                  filteredFacets(query, found, candidates, deadline), query.facets());
      page = smallest(found, Math.min(found.size(), end), order(query, defaultsOf));
      total = found.size();
    }
    page = page.subList(Math.min(query.offset(), page.size()), page.size());
    return new Page(page, total, end < total ? encodeCursor(end) : null, facets);
  }

  /**
   * The facets of a filtered search: those of the results, each selected facet counted over the
   * candidates without its own selection that pass the filter too. The filter is evaluated at most
   * once more per entity outside the results, within what is left of the search's time; when that
   * runs out, or the filter stops on such an entity, a selected facet counts the results alone (the
   * search itself is answered all the same).
   */
  private FacetCounts.Facets filteredFacets(
      EntityQuery query,
      List<SearchDocument> found,
      SearchIndex.Candidates candidates,
      CelDeadline deadline) {
    FacetCounts.Facets base = FacetCounts.of(found);
    if (candidates.relaxed().isEmpty()) {
      return base;
    }
    Map<SearchDocument, Boolean> passes = new java.util.IdentityHashMap<>();
    found.forEach(document -> passes.put(document, true));
    for (SearchDocument document : candidates.documents()) {
      passes.putIfAbsent(document, false); // evaluated already, and did not pass
    }
    Map<String, FacetCounts.Facets> relaxed = new HashMap<>();
    try {
      for (Map.Entry<String, SearchDocument[]> facet : candidates.relaxed().entrySet()) {
        List<SearchDocument> passing = new ArrayList<>();
        for (SearchDocument document : facet.getValue()) {
          Boolean passed = passes.get(document);
          if (passed == null) {
            passed = celFilterPasses(query.filter(), document.entity, deadline);
            passes.put(document, passed);
          }
          if (passed) {
            passing.add(document);
          }
        }
        relaxed.put(facet.getKey(), FacetCounts.of(passing));
      }
    } catch (QueryException outOfTime) {
      // Counted as far as the time allowed; the rest count the results alone.
    }
    return FacetCounts.disjunctive(base, relaxed);
  }

  private static final byte[] ITEMS_START = "{\"items\":[".getBytes(StandardCharsets.UTF_8);

  private interface JsonWriting {
    void write(com.fasterxml.jackson.core.JsonGenerator generator) throws java.io.IOException;
  }

  private static byte[] bytes(JsonWriting writing) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
    try (var generator = Serialization.jsonMapper().getFactory().createGenerator(out)) {
      writing.write(generator);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(JsonNode node) {
    return bytes(generator -> generator.writeTree(node));
  }

  private boolean celFilterPasses(CompiledExpression filter, Entity entity, CelDeadline deadline) {
    try {
      deadline.check(); // between entities too: each evaluation may be quick, all of them not
      return filter.test(Map.of("entity", celView(entity)), deadline);
    } catch (ExpressionLimitException e) {
      throw new QueryException(
          TOO_EXPENSIVE,
          "filter: stopped on entity '"
              + entity.getMetadata().getNamespace()
              + "/"
              + entity.getMetadata().getName()
              + "': "
              + e.getMessage(),
          "filter");
    } catch (ExpressionException e) {
      return false; // a filter that fails for an entity does not select it
    }
  }

  /**
   * The order of the results: the sort keys, then namespace and name. A missing value sorts after
   * every other (before them when descending).
   */
  static Comparator<SearchDocument> order(
      EntityQuery query, Function<String, Map<String, JsonNode>> defaultsOf) {
    Comparator<SearchDocument> order = null;
    for (EntityQuery.SortKey key : query.sort()) {
      Comparator<SearchDocument> next;
      if (key.field().startsWith("properties.")) {
        String property = key.field().substring("properties.".length());
        next =
            Comparator.comparing(
                (SearchDocument d) -> d.property(property, defaultsOf.apply(d.blueprint)),
                Comparator.nullsLast(EntitySearch::compareJson));
      } else {
        Function<SearchDocument, String> field =
            switch (key.field()) {
              case "name" -> d -> d.name;
              case "namespace" -> d -> d.namespace;
              case "title" -> d -> d.sortTitle;
              case "blueprint" -> d -> d.blueprint;
              default -> d -> d.owner;
            };
        next = Comparator.comparing(field, Comparator.nullsLast(Comparator.naturalOrder()));
      }
      if (key.descending()) {
        next = next.reversed();
      }
      order = order == null ? next : order.thenComparing(next);
    }
    Comparator<SearchDocument> byRef =
        Comparator.comparing((SearchDocument d) -> d.namespace).thenComparing(d -> d.name);
    return order == null ? byRef : order.thenComparing(byRef);
  }

  /** Numbers by value, before any other value, which sorts by its text: one total order. */
  private static int compareJson(JsonNode a, JsonNode b) {
    if (a.isNumber() != b.isNumber()) {
      return a.isNumber() ? -1 : 1;
    }
    if (a.isNumber()) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return SearchIndex.text(a).compareTo(SearchIndex.text(b));
  }

  /**
   * The first {@code count} items in {@code order}: the whole list sorted when the page reaches far
   * into it, otherwise a bounded heap, so that a page of 50 out of 50,000 matches costs about one
   * comparison for most of them rather than a full sort.
   */
  static <T> List<T> smallest(List<T> items, int count, Comparator<T> order) {
    if (count <= 0) {
      return List.of();
    }
    if (count >= items.size() / 8) {
      List<T> sorted = new ArrayList<>(items);
      sorted.sort(order);
      return sorted.subList(0, Math.min(count, sorted.size()));
    }
    PriorityQueue<T> heap = new PriorityQueue<>(count + 1, order.reversed());
    for (T item : items) {
      if (heap.size() < count) {
        heap.add(item);
      } else if (order.compare(item, heap.peek()) < 0) {
        heap.poll();
        heap.add(item);
      }
    }
    List<T> sorted = new ArrayList<>(heap);
    sorted.sort(order);
    return sorted;
  }

  private Map<String, Object> celView(Entity entity) {
    return EntityVariables.withComputed(
        entity, entity.getSpec() == null ? Map.of() : defaults.apply(entity.getSpec().blueprint));
  }

  /** Keeps only the given dotted paths of an entity (all of it when none are given). */
  static JsonNode select(JsonNode entity, List<String> fields) {
    if (fields.isEmpty()) {
      return entity;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set(
        "metadata",
        JsonNodeFactory.instance
            .objectNode()
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
    } catch (ExpressionLimitException e) {
      throw new QueryException(TOO_EXPENSIVE, "filter: " + e.getMessage(), "filter");
    } catch (ExpressionException e) {
      throw new QueryException("filter: " + e.getMessage(), "filter");
    }
  }

  static String encodeCursor(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
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
    throw new QueryException(
        "cursor is not one this API gave out; pass nextCursor from the previous page as is",
        "cursor");
  }

  private static List<String> all(Map<String, List<String>> parameters, String name) {
    return parameters.getOrDefault(name, List.of());
  }

  private static String one(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new QueryException(name + " is given " + values.size() + " times; give it once", name);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
