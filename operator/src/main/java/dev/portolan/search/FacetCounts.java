package dev.portolan.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.roaringbitmap.RoaringBitmap;

/**
 * The facets of a search: counting them (from the matching documents, or from the index's sets when
 * the matches are many), bounding each facet to its most frequent values, and remembering the
 * bounded counts per set of matches until the index changes, so that the catalog page's usual query
 * does not count every match again on every request.
 *
 * <p>A facet shows at most {@link FacetOptions#limit()} values: the most frequent first, ties by
 * value, listed in value order; {@link LeftOut} says how many more values there are, and a facet's
 * prefix ({@link FacetOptions#prefixes()}) narrows the values considered, so that every value can
 * still be found. Scorecard levels are not bounded: they are the levels each scorecard declares.
 *
 * <p>A facet with values selected is counted without its own selection, and with every other filter
 * (the usual "disjunctive" facet): checking one blueprint keeps the other blueprints and their
 * counts, so a second one can be added, while the namespaces and owners count what the blueprints
 * chosen hold. Each scorecard's levels are a facet of their own.
 */
final class FacetCounts {
  /** The names of the facets, as {@link EntityQuery#selectedFacets()} gives them. */
  static final String BLUEPRINT = "blueprint";

  static final String NAMESPACE = "namespace";
  static final String OWNER = "owner";

  /** The prefix of a scorecard's level facet: {@code level:production-readiness}. */
  static final String LEVEL = "level:";

  /** How many bounded answers are remembered; the oldest goes first. */
  static final int CACHED = 128;

  private record Key(
      RoaringBitmap matches, Map<String, RoaringBitmap> relaxed, FacetOptions options) {}

  private final Map<Key, Counted> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Counted> eldest) {
          return size() > CACHED;
        }
      };

  private long cachedVersion = -1;
  private long counted;

  /** Facet counts: value to count per facet, and level per scorecard, each in value order. */
  record Facets(
      Map<String, Integer> blueprint,
      Map<String, Integer> namespace,
      Map<String, Integer> owner,
      Map<String, Map<String, Integer>> level) {}

  /** How many values of each facet were left out of it by the bound. */
  record LeftOut(int blueprint, int namespace, int owner) {}

  /** The facets shown and the values left out of them. */
  record Counted(Facets shown, LeftOut leftOut) {}

  /**
   * The bounded facets of {@code matches} at index {@code version}, each selected facet counted
   * over its {@code relaxed} matches (those without its own selection): remembered, or counted now
   * by {@code count} and bounded. The index calls this under its read lock, so a version names one
   * content of the index.
   */
  synchronized Counted of(
      long version,
      RoaringBitmap matches,
      Map<String, RoaringBitmap> relaxed,
      FacetOptions options,
      Supplier<Facets> count) {
    if (version != cachedVersion) {
      cache.clear(); // every answer remembered is of an index that has changed since
      cachedVersion = version;
    }
    Key key = new Key(matches, Map.copyOf(relaxed), options);
    Counted found = cache.get(key);
    if (found == null) {
      found = bounded(count.get(), options);
      counted++;
      cache.put(key, found);
    }
    return found;
  }

  /** How many times facets were counted rather than remembered, for tests. */
  synchronized long counted() {
    return counted;
  }

  /** Counts the facets of {@code documents} one document at a time. */
  static Facets of(Iterable<SearchDocument> documents) {
    // Counted in hash maps, sorted once at the end: a tree map per match costs a search each.
    Map<String, int[]> blueprints = new HashMap<>();
    Map<String, int[]> namespaces = new HashMap<>();
    Map<String, int[]> owners = new HashMap<>();
    Map<String, Map<String, int[]>> levels = new HashMap<>();
    for (SearchDocument d : documents) {
      count(blueprints, String.valueOf(d.blueprint));
      count(namespaces, d.namespace);
      count(owners, d.owner == null ? "" : d.owner);
      d.levels.forEach(
          (scorecard, level) ->
              count(levels.computeIfAbsent(scorecard, s -> new HashMap<>()), level));
    }
    Map<String, Map<String, Integer>> levelCounts = new TreeMap<>();
    levels.forEach((scorecard, counts) -> levelCounts.put(scorecard, sorted(counts)));
    return new Facets(sorted(blueprints), sorted(namespaces), sorted(owners), levelCounts);
  }

  /**
   * Counts the facets of {@code matches} from the index's sets: one intersection count per value
   * rather than one step per match.
   */
  static Facets of(
      RoaringBitmap matches,
      SearchIndex.Postings blueprints,
      SearchIndex.Postings namespaces,
      SearchIndex.Postings owners,
      SearchIndex.Postings levels) {
    int total = matches.getCardinality();
    Map<String, Integer> blueprintCounts = blueprints.counts(matches);
    int withBlueprint = blueprintCounts.values().stream().mapToInt(Integer::intValue).sum();
    if (withBlueprint < total) {
      blueprintCounts.merge("null", total - withBlueprint, Integer::sum);
    }
    Map<String, Integer> ownerCounts = owners.counts(matches);
    int withOwner = ownerCounts.values().stream().mapToInt(Integer::intValue).sum();
    if (withOwner < total) {
      ownerCounts.merge("", total - withOwner, Integer::sum);
    }
    Map<String, Map<String, Integer>> levelCounts = new TreeMap<>();
    levels
        .counts(matches)
        .forEach(
            (pair, count) -> {
              int at = pair.indexOf('\n');
              levelCounts
                  .computeIfAbsent(pair.substring(0, at), s -> new TreeMap<>())
                  .put(pair.substring(at + 1), count);
            });
    return new Facets(blueprintCounts, namespaces.counts(matches), ownerCounts, levelCounts);
  }

  /**
   * The facets of a search with selections: each selected facet's counts from {@code relaxed} (the
   * facets counted without that facet's own selection, by facet name), the others from {@code
   * base}, the facets of the matches.
   */
  static Facets disjunctive(Facets base, Map<String, Facets> relaxed) {
    if (relaxed.isEmpty()) {
      return base;
    }
    Facets blueprint = relaxed.getOrDefault(BLUEPRINT, base);
    Facets namespace = relaxed.getOrDefault(NAMESPACE, base);
    Facets owner = relaxed.getOrDefault(OWNER, base);
    Map<String, Map<String, Integer>> level = new TreeMap<>(base.level());
    relaxed.forEach(
        (facet, counts) -> {
          if (facet.startsWith(LEVEL)) {
            String scorecard = facet.substring(LEVEL.length());
            Map<String, Integer> levels = counts.level().get(scorecard);
            if (levels == null || levels.isEmpty()) {
              level.remove(scorecard);
            } else {
              level.put(scorecard, levels);
            }
          }
        });
    return new Facets(blueprint.blueprint(), namespace.namespace(), owner.owner(), level);
  }

  /**
   * One facet of {@code matches} from the index's sets ({@code blueprint}, {@code namespace},
   * {@code owner} or {@code level:<scorecard>}), the others left empty: what {@link #disjunctive}
   * reads of a facet counted without its own selection.
   */
  static Facets of(
      RoaringBitmap matches,
      String facet,
      SearchIndex.Postings blueprints,
      SearchIndex.Postings namespaces,
      SearchIndex.Postings owners,
      SearchIndex.Postings levels) {
    if (facet.startsWith(LEVEL)) {
      return of(matches, EMPTY, EMPTY, EMPTY, levels);
    }
    return switch (facet) {
      case BLUEPRINT -> of(matches, blueprints, EMPTY, EMPTY, EMPTY);
      case NAMESPACE -> of(matches, EMPTY, namespaces, EMPTY, EMPTY);
      default -> of(matches, EMPTY, EMPTY, owners, EMPTY);
    };
  }

  private static final SearchIndex.Postings EMPTY = new SearchIndex.Postings();

  /** Each facet cut to its prefix and to the most frequent values, with what was left out. */
  static Counted bounded(Facets all, FacetOptions options) {
    int[] leftOut = new int[3];
    Map<String, Integer> blueprint = bound(all.blueprint(), "blueprint", options, leftOut, 0);
    Map<String, Integer> namespace = bound(all.namespace(), "namespace", options, leftOut, 1);
    Map<String, Integer> owner = bound(all.owner(), "owner", options, leftOut, 2);
    return new Counted(
        new Facets(blueprint, namespace, owner, all.level()),
        new LeftOut(leftOut[0], leftOut[1], leftOut[2]));
  }

  private static Map<String, Integer> bound(
      Map<String, Integer> counts, String facet, FacetOptions options, int[] leftOut, int at) {
    String prefix = options.prefixes().getOrDefault(facet, "");
    List<Map.Entry<String, Integer>> values = new ArrayList<>();
    for (Map.Entry<String, Integer> value : counts.entrySet()) {
      if (value.getKey().startsWith(prefix)) {
        values.add(value);
      }
    }
    if (values.size() > options.limit()) {
      values.sort(
          Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
              .thenComparing(Map.Entry.comparingByKey()));
      leftOut[at] = values.size() - options.limit();
      values = values.subList(0, options.limit());
    }
    Map<String, Integer> shown = new TreeMap<>();
    values.forEach(value -> shown.put(value.getKey(), value.getValue()));
    return shown;
  }

  private static void count(Map<String, int[]> counts, String value) {
    int[] count = counts.get(value);
    if (count == null) {
      counts.put(value, new int[] {1});
    } else {
      count[0]++;
    }
  }

  private static Map<String, Integer> sorted(Map<String, int[]> counts) {
    Map<String, Integer> sorted = new TreeMap<>();
    counts.forEach((value, count) -> sorted.put(value, count[0]));
    return sorted;
  }
}
