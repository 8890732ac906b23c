package dev.portolan.search;

import java.util.Map;
import java.util.Set;

/**
 * What a search's facets show: at most {@code limit} values per facet (none counted at all when 0),
 * and per facet a prefix its values must start with, so that values left out by the bound can be
 * found ({@code facetLimit}, {@code facetPrefix.blueprint}, {@code facetPrefix.namespace}, {@code
 * facetPrefix.owner}).
 */
public record FacetOptions(int limit, Map<String, String> prefixes) {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 1000;

  /** The facets a prefix can narrow, by parameter: {@code facetPrefix.<facet>}. */
  public static final Set<String> PREFIXED = Set.of("blueprint", "namespace", "owner");

  public static final String PREFIX_PARAMETER = "facetPrefix.";

  public static final FacetOptions DEFAULT = new FacetOptions(DEFAULT_LIMIT, Map.of());

  public FacetOptions {
    prefixes = Map.copyOf(prefixes);
  }

  /** Whether any facet is counted at all. */
  public boolean counted() {
    return limit > 0;
  }
}
