package dev.portolan.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.Relations;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.model.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed search over the catalog: every filter of {@code GET /api/v1/entities}, the sort order
 * and the page. Parsing fails with a {@link QueryException} that names the parameter.
 *
 * <p>Filters of different parameters must all hold; several values of one parameter are
 * alternatives, except {@code property} and {@code label}, which must all hold, and {@code level},
 * whose values are alternatives for one scorecard and must all hold across scorecards (an entity
 * has one level per scorecard).
 */
public record EntityQuery(
    Set<String> blueprints,
    Set<String> namespaces,
    Set<String> owners,
    List<Map.Entry<String, String>> labels,
    List<PropertyCondition> properties,
    EntityRef relatedTo,
    String relation,
    List<Map.Entry<String, String>> levels,
    String text,
    CompiledExpression filter,
    List<SortKey> sort,
    int limit,
    int offset,
    List<String> fields,
    FacetOptions facets) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  static final Set<String> SORT_FIELDS = Set.of("name", "namespace", "title", "blueprint", "owner");

  /** One condition on a property value. */
  public record PropertyCondition(String property, String operator, List<String> values) {
    /** A number as JSON writes it (finite, decimal). */
    private static final Pattern NUMBER =
        Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private static final Pattern SYNTAX =
        Pattern.compile("([A-Za-z][A-Za-z0-9_]*)(==|!=|>=|<=|>|<|=in=|=exists=)(.*)");

    static PropertyCondition parse(String text) {
      Matcher m = SYNTAX.matcher(text);
      if (!m.matches()) {
        throw new QueryException(
            "property filter '"
                + text
                + "' is not of the form <property><operator><value>"
                + " with an operator among ==, !=, >, >=, <, <=, =in= (comma-separated values), =exists= (true or false)",
            "property");
      }
      String operator = m.group(2);
      String value = m.group(3);
      if ("=exists=".equals(operator) && !value.equals("true") && !value.equals("false")) {
        throw new QueryException(
            "property filter '" + text + "': =exists= takes true or false", "property");
      }
      if (Set.of(">", ">=", "<", "<=").contains(operator)
          && (!NUMBER.matcher(value).matches() || !Double.isFinite(Double.parseDouble(value)))) {
        // Java would read 2d, 0x10, NaN and Infinity as numbers; a JSON number is what is meant.
        throw new QueryException(
            "property filter '"
                + text
                + "': "
                + operator
                + " compares numbers, and '"
                + value
                + "' is not one; write a decimal number such as 2, -1.5 or 1e3",
            "property");
      }
      List<String> values =
          "=in=".equals(operator) ? List.of(value.split(",", -1)) : List.of(value);
      return new PropertyCondition(m.group(1), operator, values);
    }

    /** Whether an effective property value (null when the entity has none) passes. */
    boolean matches(JsonNode actual) {
      boolean present = actual != null && !actual.isNull();
      return switch (operator) {
        case "=exists=" -> present == Boolean.parseBoolean(values.get(0));
        case "==" -> present && textOf(actual).equals(values.get(0));
        case "!=" -> !present || !textOf(actual).equals(values.get(0));
        case "=in=" -> present && values.contains(textOf(actual));
        default ->
            present
                && actual.isNumber()
                && compare(actual.doubleValue(), Double.parseDouble(values.get(0)));
      };
    }

    private boolean compare(double actual, double wanted) {
      return switch (operator) {
        case ">" -> actual > wanted;
        case ">=" -> actual >= wanted;
        case "<" -> actual < wanted;
        default -> actual <= wanted;
      };
    }

    private static String textOf(JsonNode node) {
      return SearchIndex.text(node);
    }
  }

  /** One sort key: a field, or {@code properties.<name>}, ascending unless descending. */
  public record SortKey(String field, boolean descending) {
    static SortKey parse(String text) {
      boolean descending = text.startsWith("-");
      String field = descending ? text.substring(1) : text;
      if (!SORT_FIELDS.contains(field) && !field.matches("properties\\.[A-Za-z][A-Za-z0-9_]*")) {
        throw new QueryException(
            "cannot sort by '"
                + field
                + "'; sort by one of "
                + String.join(", ", SORT_FIELDS.stream().sorted().toList())
                + " or properties.<name>, with - in front for descending",
            "sort");
      }
      return new SortKey(field, descending);
    }
  }

  /**
   * The entities related to {@code relatedTo} in either direction (through {@code relation} when
   * given): those whose relations name it, and those its relations name.
   */
  List<Entity> related(dev.portolan.catalog.CatalogLookup lookup) {
    java.util.Map<EntityRef, Entity> found = new java.util.LinkedHashMap<>();
    for (Entity referrer : lookup.referrers(relatedTo)) {
      if (relation == null || Relations.targets(referrer, relation).contains(relatedTo)) {
        found.put(
            new EntityRef(referrer.getMetadata().getNamespace(), referrer.getMetadata().getName()),
            referrer);
      }
    }
    lookup
        .entity(relatedTo)
        .ifPresent(
            target -> {
              for (EntityRef ref :
                  relation == null
                      ? Relations.targets(target)
                      : Relations.targets(target, relation)) {
                lookup.entity(ref).ifPresent(e -> found.put(ref, e));
              }
            });
    found.remove(relatedTo);
    return new ArrayList<>(found.values());
  }

  /** The levels asked for, by scorecard, in the order given. */
  Map<String, List<String>> levelsByScorecard() {
    Map<String, List<String>> grouped = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> level : levels) {
      grouped.computeIfAbsent(level.getKey(), s -> new ArrayList<>()).add(level.getValue());
    }
    return grouped;
  }

  /**
   * The facets this query narrows by a selection of their own values: {@code blueprint}, {@code
   * namespace}, {@code owner}, and {@code level:<scorecard>} for each scorecard with levels asked
   * for. Each is counted without its own selection ({@link FacetCounts}).
   */
  List<String> selectedFacets() {
    List<String> selected = new ArrayList<>();
    if (!blueprints.isEmpty()) {
      selected.add(FacetCounts.BLUEPRINT);
    }
    if (!namespaces.isEmpty()) {
      selected.add(FacetCounts.NAMESPACE);
    }
    if (!owners.isEmpty()) {
      selected.add(FacetCounts.OWNER);
    }
    for (String scorecard : levelsByScorecard().keySet()) {
      selected.add(FacetCounts.LEVEL + scorecard);
    }
    return selected;
  }

  static List<Map.Entry<String, String>> pairs(
      List<String> values, String parameter, String separator, String example) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (String value : values) {
      int at = value.indexOf(separator);
      if (at <= 0 || at == value.length() - 1) {
        if ("label".equals(parameter) && at < 0 && !value.isBlank()) {
          pairs.add(new java.util.AbstractMap.SimpleEntry<>(value, null)); // the label exists
          continue;
        }
        throw new QueryException("'" + value + "' is not of the form " + example, parameter);
      }
      pairs.add(Map.entry(value.substring(0, at), value.substring(at + 1)));
    }
    return pairs;
  }
}
