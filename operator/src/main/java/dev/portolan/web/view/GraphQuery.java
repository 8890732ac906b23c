package dev.portolan.web.view;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.web.error.ApiException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A request for the relation graph, as {@code GET /api/v1/graph} and the UI's Graph page take it: a
 * {@code root} entity's neighbourhood to a {@code depth}, or every entity of some {@code
 * blueprint}s, following only the given {@code relation}s when there are any. Several values and
 * comma-separated lists are the same. A bad parameter is a 400 that names it.
 */
public record GraphQuery(
    EntityRef root, int depth, List<String> relations, List<String> blueprints) {
  public static final Set<String> PARAMETERS = Set.of("root", "depth", "relation", "blueprint");
  public static final int DEFAULT_DEPTH = 2;

  /** Parses the query parameters (blank values count as absent). */
  public static GraphQuery parse(Map<String, List<String>> query) {
    checkParameters(query);
    String rootText = first(query, "root");
    EntityRef root =
        rootText.isEmpty()
            ? null
            : EntityRef.parse(rootText, null)
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "root must be namespace/name, got '" + rootText + "'", "root"));
    int depth = DEFAULT_DEPTH;
    String depthText = first(query, "depth");
    if (!depthText.isEmpty()) {
      try {
        depth = depthText.matches("[0-9]{1,2}") ? Integer.parseInt(depthText) : -1;
      } catch (NumberFormatException e) {
        depth = -1;
      }
      if (depth < 1 || depth > CatalogGraph.MAX_DEPTH) {
        throw ApiException.badRequest(
            "depth must be from 1 to " + CatalogGraph.MAX_DEPTH + ", got '" + depthText + "'",
            "depth");
      }
    }
    return new GraphQuery(root, depth, values(query, "relation"), values(query, "blueprint"));
  }

  /** Refuses a parameter the graph does not take. */
  public static void checkParameters(Map<String, List<String>> query) {
    for (String name : query.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw ApiException.badRequest(
            "unknown query parameter '" + name + "'; use root, depth, relation, blueprint", name);
      }
    }
  }

  /** The neighbourhood of the root; 404 when the caller cannot see it. */
  public GraphView around(CatalogIndex index, Set<String> followed, Predicate<String> visible) {
    if (index.entity(root).filter(e -> visible.test(root.namespace())).isEmpty()) {
      throw ApiException.notFound("entity '" + root.key() + "' does not exist", "root");
    }
    return CatalogGraph.around(index, root, depth, followed, visible);
  }

  /**
   * Every entity of the blueprints, in the order given; 404 naming a blueprint that does not exist.
   */
  public GraphView ofBlueprints(
      CatalogIndex index, Set<String> blueprints, Set<String> followed, Predicate<String> visible) {
    for (String blueprint : blueprints) {
      if (index.blueprint(blueprint).isEmpty()) {
        throw ApiException.notFound("blueprint '" + blueprint + "' does not exist", "blueprint");
      }
    }
    return CatalogGraph.ofBlueprints(index, blueprints, followed, visible);
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0).strip();
  }

  /** The values of a list parameter: every value, comma-separated lists split, blanks dropped. */
  public static List<String> values(Map<String, List<String>> query, String name) {
    Collection<String> values = query.get(name);
    List<String> out = new ArrayList<>();
    if (values != null) {
      for (String value : values) {
        for (String part : value.split(",", -1)) {
          if (!part.isBlank()) {
            out.add(part.strip());
          }
        }
      }
    }
    return out;
  }
}
