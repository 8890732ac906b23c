package dev.portolan.search;

import dev.portolan.model.Entity;
import java.util.List;
import java.util.Map;

/**
 * A page of search results as typed values: what {@code GET /api/v1/entities} answers as JSON, for
 * callers in this process (the UI's catalog page).
 *
 * @param items the page's entities, in the query's order
 * @param total how many entities matched in all
 * @param nextCursor the cursor of the next page, or null on the last
 * @param facets the counts over everything that matched, each facet bounded to its most frequent
 *     values; null when {@code facetLimit=0} asked for none
 * @param facetsLeftOut how many values each facet left out; null with {@code facets}
 */
public record SearchResult(
    List<Entity> items, int total, String nextCursor, Facets facets, FacetsLeftOut facetsLeftOut) {

  /**
   * Facet counts, each by value in value order: blueprints ({@code "null"} for none), namespaces,
   * owners ({@code ""} for none), and per scorecard, its levels.
   */
  public record Facets(
      Map<String, Integer> blueprint,
      Map<String, Integer> namespace,
      Map<String, Integer> owner,
      Map<String, Map<String, Integer>> level) {}

  /** How many values of each facet were left out by the bound ({@code facetLimit}). */
  public record FacetsLeftOut(int blueprint, int namespace, int owner) {}
}
