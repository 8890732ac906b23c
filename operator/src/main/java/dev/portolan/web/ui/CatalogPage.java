package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.PropertySchema;
import dev.portolan.model.Scorecard;
import dev.portolan.search.FacetOptions;
import dev.portolan.search.SearchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The catalog page: the search form's parameters, the facets with their counts, and a table whose
 * columns follow the blueprint when exactly one is chosen. Built from the same search results that
 * {@code GET /api/v1/entities} answers ({@link SearchResult}), so the page and the API cannot
 * disagree.
 */
public record CatalogPage(
    Params params,
    Problem problem,
    List<Facet> facets,
    List<Column> columns,
    List<Row> rows,
    int total,
    int from,
    String nextHref,
    String firstHref) {

  static final int PAGE_SIZE = 25;

  /** A message about a bad parameter, naming it. */
  public record Problem(String parameter, String message) {}

  /**
   * One facet: a parameter and its values with counts; how many values the bound left out, and the
   * parameter and value of the prefix that finds them (null for a facet without one).
   */
  public record Facet(
      String parameter,
      String title,
      List<FacetValue> values,
      int leftOut,
      String prefixParameter,
      String prefix) {
    /** Whether the facet offers its prefix box: values were left out, or a prefix is given. */
    public boolean findable() {
      return prefixParameter != null && (leftOut > 0 || !prefix.isEmpty());
    }

    /** "and 1,980 more owners" for the page. */
    public String moreText() {
      return String.format(java.util.Locale.ROOT, "and %,d more", leftOut);
    }
  }

  public record FacetValue(String value, String label, int count, boolean selected) {}

  /** A column heading, with the link that sorts by it when it can be sorted. */
  public record Column(String title, String sortHref, String ariaSort) {
    public boolean sortable() {
      return sortHref != null;
    }
  }

  public record Row(String href, List<PropertyValue> cells) {}

  public int to() {
    return from + rows.size();
  }

  public boolean hasProblem() {
    return problem != null;
  }

  /** The page for these parameters; {@code search} answers the API's search for a parameter map. */
  static CatalogPage build(
      Params params, CatalogIndex index, Function<Map<String, List<String>>, SearchResult> search) {
    Map<String, List<String>> query = new java.util.LinkedHashMap<>(params.asMap());
    query.remove("from");
    query.putIfAbsent("limit", List.of(Integer.toString(PAGE_SIZE)));
    int from = 0;
    try {
      from = Math.max(0, Integer.parseInt(params.one("from")));
    } catch (NumberFormatException e) {
      // only a display offset; a missing or odd one shows the page as the first
    }
    SearchResult result = search.apply(query);
    List<String> blueprints = params.all("blueprint");
    Blueprint blueprint =
        blueprints.size() == 1 ? index.blueprint(blueprints.get(0)).orElse(null) : null;
    List<Scorecard> scorecards =
        blueprint == null
            ? List.of()
            : index.scorecardsOfBlueprint(blueprint.getMetadata().getName()).stream()
                .sorted(java.util.Comparator.comparing(s -> s.getMetadata().getName()))
                .toList();

    List<Column> columns = new ArrayList<>();
    columns.add(column("Title", "title", params));
    if (blueprint == null) {
      columns.add(column("Blueprint", "blueprint", params));
    }
    columns.add(column("Namespace", "namespace", params));
    columns.add(column("Owner", "owner", params));
    if (blueprint != null) {
      blueprint
          .getSpec()
          .properties
          .forEach(
              (name, schema) ->
                  columns.add(
                      column(
                          schema.title == null ? name : schema.title,
                          "properties." + name,
                          params)));
      scorecards.forEach(
          s ->
              columns.add(
                  new Column(
                      s.getSpec().title == null ? s.getMetadata().getName() : s.getSpec().title,
                      null,
                      null)));
    } else {
      columns.add(new Column("Description", null, null));
    }
    columns.add(new Column("Status", null, null));

    List<Row> rows = new ArrayList<>();
    for (Entity entity : result.items()) {
      String namespace = entity.getMetadata().getNamespace();
      String name = entity.getMetadata().getName();
      var spec = entity.getSpec();
      List<PropertyValue> cells = new ArrayList<>();
      cells.add(text(spec.title == null ? name : spec.title));
      if (blueprint == null) {
        cells.add(
            new PropertyValue("badge", String.valueOf(spec.blueprint), null, null, List.of()));
      }
      cells.add(text(namespace));
      cells.add(text(spec.owner == null ? "" : spec.owner));
      if (blueprint != null) {
        for (Map.Entry<String, PropertySchema> property :
            blueprint.getSpec().properties.entrySet()) {
          JsonNode value = spec.properties == null ? null : spec.properties.get(property.getKey());
          if (value == null && property.getValue().defaultValue != null) {
            value = property.getValue().defaultValue;
          }
          cells.add(PropertyValue.of(value, property.getValue()));
        }
        for (Scorecard scorecard : scorecards) {
          var grades = entity.getStatus() == null ? null : entity.getStatus().scorecards;
          var grade = grades == null ? null : grades.get(scorecard.getMetadata().getName());
          cells.add(
              grade == null
                  ? text("")
                  : new PropertyValue("badge", grade.level, null, null, List.of()));
        }
      } else {
        cells.add(text(spec.description == null ? "" : spec.description));
      }
      cells.add(
          EntityPage.isInvalid(entity)
              ? new PropertyValue("badge", "Invalid", null, null, List.of())
              : new PropertyValue("badge", "Valid", null, null, List.of()));
      rows.add(new Row(EntityPage.href(namespace, name), cells));
    }

    List<Facet> facets = new ArrayList<>();
    SearchResult.Facets facetCounts = result.facets();
    SearchResult.FacetsLeftOut leftOut = result.facetsLeftOut();
    if (facetCounts == null) { // facetLimit=0 asked for none
      facetCounts = new SearchResult.Facets(Map.of(), Map.of(), Map.of(), Map.of());
      leftOut = new SearchResult.FacetsLeftOut(0, 0, 0);
    }
    facets.add(
        facet(
            "blueprint",
            "Blueprint",
            facetCounts.blueprint(),
            leftOut.blueprint(),
            params,
            value -> index.blueprint(value).map(b -> b.getSpec().title).orElse(value)));
    facets.add(
        facet(
            "namespace",
            "Namespace",
            facetCounts.namespace(),
            leftOut.namespace(),
            params,
            value -> value));
    facets.add(
        facet(
            "owner",
            "Owner",
            facetCounts.owner(),
            leftOut.owner(),
            params,
            value -> value.isEmpty() ? "(no owner)" : value));
    for (Map.Entry<String, Map<String, Integer>> scorecard : facetCounts.level().entrySet()) {
      List<FacetValue> values = new ArrayList<>();
      scorecard
          .getValue()
          .forEach(
              (level, count) -> {
                String value = scorecard.getKey() + ":" + level;
                values.add(new FacetValue(value, level, count, params.has("level", value)));
              });
      String title =
          index
              .scorecard(scorecard.getKey())
              .map(s -> s.getSpec().title)
              .orElse(scorecard.getKey());
      facets.add(
          new Facet(
              "level",
              (title == null ? scorecard.getKey() : title) + " level",
              values,
              0,
              null,
              null));
    }
    for (String level : params.all("level")) {
      if (facets.stream()
          .noneMatch(f -> f.values().stream().anyMatch(v -> v.value().equals(level)))) {
        facets.add(
            new Facet(
                "level",
                "Scorecard level",
                List.of(new FacetValue(level, level, 0, true)),
                0,
                null,
                null));
      }
    }

    String next = result.nextCursor();
    int total = result.total();
    return new CatalogPage(
        params,
        null,
        facets,
        columns,
        rows,
        total,
        from,
        next == null ? null : params.page(next, from + rows.size()).href(),
        from > 0 || params.all("cursor").size() > 0 ? params.page(null, 0).href() : null);
  }

  /** The page with the form as given and a problem instead of results. */
  static CatalogPage failed(Params params, Problem problem) {
    return new CatalogPage(params, problem, List.of(), List.of(), List.of(), 0, 0, null, null);
  }

  private static Facet facet(
      String parameter,
      String title,
      Map<String, Integer> counts,
      int leftOut,
      Params params,
      Function<String, String> label) {
    List<FacetValue> values = new ArrayList<>();
    counts.forEach(
        (value, count) ->
            values.add(
                new FacetValue(value, label.apply(value), count, params.has(parameter, value))));
    for (String selected : params.all(parameter)) {
      if (!counts.containsKey(selected)) {
        values.add(new FacetValue(selected, label.apply(selected), 0, true));
      }
    }
    String prefixParameter = FacetOptions.PREFIX_PARAMETER + parameter;
    return new Facet(
        parameter, title, values, leftOut, prefixParameter, params.one(prefixParameter));
  }

  private static Column column(String title, String key, Params params) {
    String sort = params.one("sort");
    String ariaSort =
        sort.equals(key) ? "ascending" : sort.equals("-" + key) ? "descending" : "none";
    String next = sort.equals(key) ? "-" + key : key;
    return new Column(title, params.with("sort", next).href(), ariaSort);
  }

  private static PropertyValue text(String text) {
    return PropertyValue.of(TextNode.valueOf(text), null);
  }
}
