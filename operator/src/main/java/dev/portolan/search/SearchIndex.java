package dev.portolan.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogListener;
import dev.portolan.model.Entity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * The entities as search reads them, kept up to date from the catalog's changes: one {@link
 * SearchDocument} per entity under a small integer id, and for each value a query can ask for
 * (blueprint, namespace, owner, label, scorecard level, property value, three letters of text) the
 * set of ids that have it, as a compressed bitmap. A search intersects the sets of its filters,
 * smallest first, and reads documents only for what the sets cannot answer.
 *
 * <p>The facets of exact candidates are counted by {@link FacetCounts}, which remembers them per
 * set of matches until the next change.
 *
 * <p>Over ~350 lines: the postings and the query over them are one job, keeping the sets that
 * answer a search, and they share the write lock; the facets have moved out to FacetCounts.
 *
 * <p>Like the catalog index it follows, it is a cache: built from the informers' contents and
 * rebuilt the same way after a restart. Updates come on the informer's thread and take the write
 * lock briefly; searches take the read lock only while they intersect sets and copy out the
 * matching documents.
 */
final class SearchIndex implements CatalogListener {
  /** Property ranges spanning more distinct values than this are checked per document instead. */
  static final int MAX_RANGE_VALUES = 64;

  /** Up to this many matches, the facets are counted from the documents; past it, from the sets. */
  static final int FACETS_FROM_DOCUMENTS = 2048;

  /** Up to this many matches, the namespaces to ask about are read per match, not per namespace. */
  static final int NAMESPACES_FROM_DOCUMENTS = 4096;

  private final int maxRangeValues;
  private final int facetsFromDocuments;
  private final int namespacesFromDocuments;

  private final FacetCounts facetCounts = new FacetCounts();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  /**
   * Each document's id by its key ({@code namespace/name}), in namespace and name order: the order
   * of results that ask for no other, so that such a page is read off the start of it.
   */
  private final NavigableMap<String, Integer> ids = new TreeMap<>(SearchIndex::compareKeys);

  private SearchDocument[] documents = new SearchDocument[1024];

  /**
   * Each id's namespace as its number in {@link #namespaceNames}: the namespaces of a few thousand
   * matches are read off this array without touching their documents.
   */
  private int[] namespaceOf = new int[1024];

  /** Every namespace a document has been in, numbered in the order first seen; few, so kept. */
  private final List<String> namespaceNames = new ArrayList<>();

  private final Map<String, Integer> namespaceNumbers = new HashMap<>();
  private final RoaringBitmap all = new RoaringBitmap();
  private final RoaringBitmap freeIds = new RoaringBitmap();
  private int nextId;

  /** Moves on every change, so that a search can tell whether the index changed under it. */
  private long version;

  final Postings blueprints = new Postings();
  final Postings namespaces = new Postings();
  final Postings owners = new Postings();
  private final Postings labelKeys = new Postings();
  private final Postings labelValues = new Postings();

  /** Keyed by scorecard and level as the facets count them, "null" included. */
  final Postings levels = new Postings();

  private final Postings trigrams = new Postings();

  /** The ids holding each text searched again, so that a repeated search reads no document. */
  private final TextMatches textMatches = new TextMatches();

  private final Map<String, Postings> propertyTexts = new HashMap<>();
  private final Postings propertyPresent = new Postings();
  private final Map<String, NavigableMap<Double, RoaringBitmap>> propertyNumbers = new HashMap<>();

  SearchIndex() {
    this(MAX_RANGE_VALUES, FACETS_FROM_DOCUMENTS, NAMESPACES_FROM_DOCUMENTS);
  }

  /** With other thresholds, so that tests reach every path with a small catalog. */
  SearchIndex(int maxRangeValues, int facetsFromDocuments, int namespacesFromDocuments) {
    this.maxRangeValues = maxRangeValues;
    this.facetsFromDocuments = facetsFromDocuments;
    this.namespacesFromDocuments = namespacesFromDocuments;
  }

  /** An index of what {@code catalog} holds now, following its changes from here on. */
  static SearchIndex following(CatalogIndex catalog) {
    SearchIndex index = new SearchIndex();
    // Listen first, then load: a change that lands in between is applied after the load (it
    // waits for the write lock), and a change already in the informer's store is in the load.
    index.lock.writeLock().lock();
    try {
      catalog.addListener(index);
      for (Entity entity : catalog.entities()) {
        index.put(new SearchDocument(entity));
      }
    } finally {
      index.lock.writeLock().unlock();
    }
    return index;
  }

  @Override
  public void entityChanged(Entity oldEntity, Entity newEntity) {
    if (newEntity == null) {
      String key = oldEntity.getMetadata().getNamespace() + "/" + oldEntity.getMetadata().getName();
      lock.writeLock().lock();
      try {
        remove(key);
      } finally {
        lock.writeLock().unlock();
      }
      return;
    }
    SearchDocument document = new SearchDocument(newEntity); // built outside the lock
    lock.writeLock().lock();
    try {
      put(document);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The entity as the API shows it, from its document when the index holds this very version
   * (serialized once per version), otherwise serialized now.
   */
  byte[] json(Entity entity) {
    String key = entity.getMetadata().getNamespace() + "/" + entity.getMetadata().getName();
    SearchDocument document;
    lock.readLock().lock();
    try {
      Integer id = ids.get(key);
      document = id == null ? null : documents[id];
    } finally {
      lock.readLock().unlock();
    }
    if (document != null && (document.entity == entity || sameVersion(document.entity, entity))) {
      return document.json();
    }
    return EntityJson.bytes(entity);
  }

  private static boolean sameVersion(Entity a, Entity b) {
    String version = a.getMetadata().getResourceVersion();
    return version != null
        && version.equals(b.getMetadata().getResourceVersion())
        && java.util.Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
  }

  /** How many times facets were counted rather than remembered, for tests. */
  long facetsCounted() {
    return facetCounts.counted();
  }

  /** How many texts are remembered, for tests. */
  int textsRemembered() {
    return textMatches.size();
  }

  int size() {
    lock.readLock().lock();
    try {
      return ids.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void put(SearchDocument document) {
    version++;
    Integer existing = ids.get(document.key);
    int id;
    if (existing != null) {
      id = existing;
      unindex(id, documents[id]);
    } else {
      id = freeIds.isEmpty() ? nextId++ : freeIds.first();
      freeIds.remove(id);
      ids.put(document.key, id);
      all.add(id);
      if (id >= documents.length) {
        int length = Math.max(id + 1, documents.length * 2);
        documents = java.util.Arrays.copyOf(documents, length);
        namespaceOf = java.util.Arrays.copyOf(namespaceOf, length);
      }
    }
    documents[id] = document;
    namespaceOf[id] =
        namespaceNumbers.computeIfAbsent(
            document.namespace,
            namespace -> {
              namespaceNames.add(namespace);
              return namespaceNames.size() - 1;
            });
    index(id, document);
    textMatches.changed(id, document);
  }

  private void remove(String key) {
    version++;
    Integer id = ids.remove(key);
    if (id != null) {
      unindex(id, documents[id]);
      documents[id] = null;
      textMatches.changed(id, null);
      all.remove(id);
      freeIds.add(id);
    }
  }

  private void index(int id, SearchDocument d) {
    update(id, d, true);
  }

  private void unindex(int id, SearchDocument d) {
    update(id, d, false);
  }

  private void update(int id, SearchDocument d, boolean add) {
    blueprints.update(d.blueprint, id, add);
    namespaces.update(d.namespace, id, add);
    owners.update(d.owner, id, add);
    d.labels.forEach(
        (key, value) -> {
          labelKeys.update(key, id, add);
          labelValues.update(pair(key, value), id, add);
        });
    d.levels.forEach((scorecard, level) -> levels.update(pair(scorecard, level), id, add));
    d.properties.forEach(
        (property, value) -> {
          propertyPresent.update(property, id, add);
          propertyTexts.computeIfAbsent(property, p -> new Postings()).update(text(value), id, add);
          if (value.isNumber()) {
            NavigableMap<Double, RoaringBitmap> numbers =
                propertyNumbers.computeIfAbsent(property, p -> new TreeMap<>());
            Double number = number(value);
            if (add) {
              numbers.computeIfAbsent(number, n -> new RoaringBitmap()).add(id);
            } else {
              RoaringBitmap ids = numbers.get(number);
              if (ids != null) {
                ids.remove(id);
                if (ids.isEmpty()) {
                  numbers.remove(number);
                }
              }
            }
          }
        });
    for (String trigram : d.trigrams()) {
      trigrams.update(trigram, id, add);
    }
  }

  /**
   * The documents that pass every filter of {@code query} but the CEL filter, in the namespaces the
   * caller may see: the sets are intersected, smallest first, then the documents left are checked
   * for the text and for number ranges too wide for the sets.
   *
   * @param related the entities {@code relatedTo} names, or null when the query has none
   * @param defaults a blueprint's property defaults, by blueprint name
   * @param facets what the facets show; they are counted here when the candidates are exact
   * @param firstInRefOrder how many of the first matches in namespace and name order the search
   *     shows, when that is its order; -1 when it sorts otherwise
   */
  Candidates candidates(
      EntityQuery query,
      Collection<Entity> related,
      Predicate<String> maySeeNamespace,
      Function<String, Map<String, JsonNode>> defaults,
      FacetOptions facets,
      int firstInRefOrder) {
    // Only the namespaces that have matches are asked about, and never under the lock: an answer
    // may take a SubjectAccessReview, and updates wait for the lock. When the index changed while
    // the lock was let go, the matches are found again.
    Map<String, Boolean> visible = new HashMap<>();
    RoaringBitmap matches = null;
    // Each selected facet is counted over the matches without its own selection (disjunctive
    // facets), so that its other values keep their counts; only when facets are counted.
    List<String> selected = facets.counted() ? query.selectedFacets() : List.of();
    Map<String, RoaringBitmap> relaxed = new java.util.LinkedHashMap<>();
    RoaringBitmap considered = null; // the matches and every relaxed set: whose namespaces matter
    long matchedAt = -1;
    while (true) {
      List<String> undecided = new ArrayList<>();
      lock.readLock().lock();
      try {
        if (matches == null || matchedAt != version) {
          Matches found = matches(query, related, defaults, selected);
          matches = found.all();
          relaxed.clear();
          relaxed.putAll(found.without());
          List<RoaringBitmap> all = new ArrayList<>(List.of(matches));
          all.addAll(relaxed.values());
          considered = all.size() == 1 ? matches : or(all);
          matchedAt = version;
        }
        if (considered.getCardinality() <= namespacesFromDocuments) {
          // Few matches: the namespace of each, read off one array, names them sooner than a set
          // per namespace can say whether it holds any of them (a miss reads both sets through).
          java.util.BitSet seen = new java.util.BitSet(namespaceNames.size());
          int[] namespaceOf = this.namespaceOf;
          considered.forEach((int id) -> seen.set(namespaceOf[id]));
          for (int n = seen.nextSetBit(0); n >= 0; n = seen.nextSetBit(n + 1)) {
            String namespace = namespaceNames.get(n);
            if (!visible.containsKey(namespace)) {
              undecided.add(namespace);
            }
          }
        } else {
          for (Map.Entry<String, RoaringBitmap> namespace : namespaces.entries()) {
            if (!visible.containsKey(namespace.getKey())
                && RoaringBitmap.intersects(considered, namespace.getValue())) {
              undecided.add(namespace.getKey());
            }
          }
        }
        if (undecided.isEmpty()) {
          for (Map.Entry<String, Boolean> namespace : visible.entrySet()) {
            if (!namespace.getValue()) {
              matches.andNot(namespaces.get(namespace.getKey()));
              for (RoaringBitmap without : relaxed.values()) {
                without.andNot(namespaces.get(namespace.getKey()));
              }
            }
          }
          // The CEL filter runs outside the lock, on the documents: it may be slow.
          boolean exact = query.filter() == null;
          int total = matches.getCardinality();
          boolean ordered = exact && firstInRefOrder >= 0 && scanBeatsSort(firstInRefOrder, total);
          SearchDocument[] found =
              ordered ? firstInRefOrder(matches, firstInRefOrder) : documents(matches);
          RoaringBitmap matched = matches;
          FacetCounts.Counted counted =
              exact && facets.counted()
                  ? facetCounts.of(
                      version,
                      matched,
                      relaxed,
                      facets,
                      () -> {
                        Map<String, FacetCounts.Facets> without = new HashMap<>();
                        relaxed.forEach((facet, ids) -> without.put(facet, count(ids, facet)));
                        return FacetCounts.disjunctive(count(matched, null), without);
                      })
                  : null;
          Map<String, SearchDocument[]> relaxedDocuments = new java.util.LinkedHashMap<>();
          if (!exact) {
            relaxed.forEach((facet, ids) -> relaxedDocuments.put(facet, documents(ids)));
          }
          return new Candidates(found, total, ordered, exact, counted, relaxedDocuments);
        }
      } finally {
        lock.readLock().unlock();
      }
      for (String namespace : undecided) {
        visible.put(namespace, maySeeNamespace.test(namespace));
      }
    }
  }

  /**
   * The ids that pass every filter of the query but the CEL filter ({@code all}), and for each
   * facet of {@code selected} those that pass every filter but that facet's own selection, as its
   * counts are counted ({@code without}).
   */
  private record Matches(RoaringBitmap all, Map<String, RoaringBitmap> without) {}

  /**
   * The matches of the query and of each selected facet's relaxed query; call under the read lock.
   * What the queries share (every filter but the selected facets') is intersected and checked
   * against the documents once; each query then adds its facet selections.
   */
  private Matches matches(
      EntityQuery query,
      Collection<Entity> related,
      Function<String, Map<String, JsonNode>> defaults,
      List<String> selected) {
    List<RoaringBitmap> sets = new ArrayList<>();
    Map<String, RoaringBitmap> selections = new java.util.LinkedHashMap<>();
    if (related != null) {
      RoaringBitmap relatedIds = new RoaringBitmap();
      for (Entity entity : related) {
        Integer id =
            ids.get(entity.getMetadata().getNamespace() + "/" + entity.getMetadata().getName());
        if (id != null) {
          relatedIds.add(id);
        }
      }
      sets.add(relatedIds);
    }
    if (!query.blueprints().isEmpty()) {
      facetSet(
          FacetCounts.BLUEPRINT, blueprints.any(query.blueprints()), selected, sets, selections);
    }
    if (!query.namespaces().isEmpty()) {
      facetSet(
          FacetCounts.NAMESPACE, namespaces.any(query.namespaces()), selected, sets, selections);
    }
    if (!query.owners().isEmpty()) {
      facetSet(FacetCounts.OWNER, owners.any(query.owners()), selected, sets, selections);
    }
    for (Map.Entry<String, String> label : query.labels()) {
      sets.add(
          label.getValue() == null
              ? labelKeys.get(label.getKey())
              : labelValues.get(pair(label.getKey(), label.getValue())));
    }
    for (Map.Entry<String, List<String>> scorecard : query.levelsByScorecard().entrySet()) {
      // A result without a level is counted as "null" in the facets but never matches a filter.
      List<String> pairs = new ArrayList<>();
      for (String level : scorecard.getValue()) {
        if (!level.equals("null")) {
          pairs.add(pair(scorecard.getKey(), level));
        }
      }
      facetSet(
          FacetCounts.LEVEL + scorecard.getKey(), levels.any(pairs), selected, sets, selections);
    }
    List<EntityQuery.PropertyCondition> unchecked = new ArrayList<>();
    for (EntityQuery.PropertyCondition condition : query.properties()) {
      RoaringBitmap matching = property(condition, defaults);
      if (matching == null) {
        unchecked.add(condition);
      } else {
        sets.add(matching);
      }
    }
    String needle = query.text() == null ? null : query.text().toLowerCase(java.util.Locale.ROOT);
    String text = null; // looked for in the documents of the candidates
    if (needle != null && needle.length() == 3) {
      sets.addAll(pieces(needle)); // text of exactly three letters is answered by its piece
    } else if (needle != null) {
      RoaringBitmap holding = textMatches.remembered(needle);
      if (holding == null && textMatches.askedBefore(needle)) {
        holding = holding(needle);
        textMatches.remember(needle, holding);
      }
      if (holding != null) {
        sets.add(holding);
      } else { // the pieces narrow it down; the documents say whether the text is there
        sets.addAll(pieces(needle));
        text = needle;
      }
    }
    RoaringBitmap shared = checked(intersect(sets), text, unchecked, defaults);
    Map<String, RoaringBitmap> without = new java.util.LinkedHashMap<>();
    for (String facet : selected) {
      without.put(facet, and(shared, selections, facet));
    }
    return new Matches(and(shared, selections, null), without);
  }

  /**
   * The sets of the needle's three-letter pieces (none when it is shorter): every document holding
   * the needle is in each of them.
   */
  private List<RoaringBitmap> pieces(String needle) {
    Set<String> pieces = new java.util.HashSet<>();
    SearchDocument.addTrigrams(needle, pieces);
    List<RoaringBitmap> sets = new ArrayList<>(pieces.size());
    for (String piece : pieces) {
      sets.add(trigrams.get(piece));
    }
    return sets;
  }

  /**
   * The ids of every document whose text holds the needle, read from the documents its pieces
   * narrow down to; call under the read lock.
   */
  private RoaringBitmap holding(String needle) {
    return checked(intersect(pieces(needle)), needle, List.of(), blueprint -> Map.of());
  }

  /**
   * A facet's filter set: one the queries share, unless the facet is selected (then each query but
   * its own relaxed one takes it).
   */
  private static void facetSet(
      String facet,
      RoaringBitmap set,
      List<String> selected,
      List<RoaringBitmap> shared,
      Map<String, RoaringBitmap> selections) {
    if (selected.contains(facet)) {
      selections.put(facet, set);
    } else {
      shared.add(set);
    }
  }

  /** {@code shared} with every selection but {@code except}'s (null: every one). */
  private static RoaringBitmap and(
      RoaringBitmap shared, Map<String, RoaringBitmap> selections, String except) {
    RoaringBitmap result = shared.clone();
    for (Map.Entry<String, RoaringBitmap> selection : selections.entrySet()) {
      if (!selection.getKey().equals(except) && !result.isEmpty()) {
        result.and(selection.getValue());
      }
    }
    return result;
  }

  /**
   * The candidates that hold {@code text} (null: any) and pass the {@code unchecked} conditions,
   * read from their documents; the candidates themselves when there is nothing to check.
   */
  private RoaringBitmap checked(
      RoaringBitmap candidates,
      String text,
      List<EntityQuery.PropertyCondition> unchecked,
      Function<String, Map<String, JsonNode>> defaults) {
    if (text == null && unchecked.isEmpty()) {
      return candidates;
    }
    RoaringBitmap checked = new RoaringBitmap();
    SearchDocument[] docs = documents;
    candidates.forEach(
        (int id) -> {
          SearchDocument d = docs[id];
          if (text != null && !d.containsText(text)) {
            return;
          }
          for (EntityQuery.PropertyCondition c : unchecked) {
            if (!c.matches(d.property(c.property(), defaults.apply(d.blueprint)))) {
              return;
            }
          }
          checked.add(id);
        });
    return checked;
  }

  /** The documents of these ids, in id order; call under the read lock. */
  private SearchDocument[] documents(RoaringBitmap ids) {
    SearchDocument[] found = new SearchDocument[ids.getCardinality()];
    int[] at = {0};
    SearchDocument[] docs = documents;
    ids.forEach((int id) -> found[at[0]++] = docs[id]);
    return found;
  }

  /**
   * Whether reading the keys in order until {@code count} of {@code matches} are found (about count
   * × size / matches steps) costs less than ordering every match.
   */
  private boolean scanBeatsSort(int count, int matches) {
    return matches > 0 && (long) count * ids.size() <= (long) matches * matches;
  }

  /** The first {@code count} documents of {@code matches} in key order; under the read lock. */
  private SearchDocument[] firstInRefOrder(RoaringBitmap matches, int count) {
    List<SearchDocument> first = new ArrayList<>(Math.min(count, 1024));
    for (int id : ids.values()) {
      if (first.size() >= count) {
        break;
      }
      if (matches.contains(id)) {
        first.add(documents[id]);
      }
    }
    return first.toArray(SearchDocument[]::new);
  }

  /**
   * Keys ({@code namespace/name}) by namespace, then name: the order of {@link EntitySearch#order}
   * for a search that asks for none (the separator sorts before any character of a name, so that
   * namespace "a" comes before "a-b").
   */
  static int compareKeys(String a, String b) {
    int slashA = a.indexOf('/');
    int slashB = b.indexOf('/');
    int byNamespace = compare(a, 0, slashA, b, 0, slashB);
    return byNamespace != 0
        ? byNamespace
        : compare(a, slashA + 1, a.length(), b, slashB + 1, b.length());
  }

  /** {@link String#compareTo} of a[fromA, toA) and b[fromB, toB), without copying them. */
  private static int compare(String a, int fromA, int toA, String b, int fromB, int toB) {
    int length = Math.min(toA - fromA, toB - fromB);
    for (int i = 0; i < length; i++) {
      int difference = a.charAt(fromA + i) - b.charAt(fromB + i);
      if (difference != 0) {
        return difference;
      }
    }
    return (toA - fromA) - (toB - fromB);
  }

  /**
   * The facets of these ids (only {@code facet}'s when one is named): from the documents when they
   * are few, else from the sets; call under the read lock.
   */
  private FacetCounts.Facets count(RoaringBitmap ids, String facet) {
    if (ids.getCardinality() <= facetsFromDocuments) {
      return FacetCounts.of(java.util.Arrays.asList(documents(ids)));
    }
    return facet == null
        ? FacetCounts.of(ids, blueprints, namespaces, owners, levels)
        : FacetCounts.of(ids, facet, blueprints, namespaces, owners, levels);
  }

  /**
   * The candidates of a search: the documents (when {@code ordered}, only the first of the {@code
   * total} matches in namespace and name order, as many as asked for); whether they all match
   * ({@code exact}) or must still be checked with the CEL filter; when they are exact and facets
   * are asked for, the bounded facets (else null); and when they are not, for each selected facet
   * the candidates without its own selection, over which the search counts that facet once the
   * filter has run.
   */
  record Candidates(
      SearchDocument[] documents,
      int total,
      boolean ordered,
      boolean exact,
      FacetCounts.Counted facets,
      Map<String, SearchDocument[]> relaxed) {}

  /**
   * The ids whose effective value (own, or else the blueprint's default) passes the condition, or
   * null when the condition is to be checked per document.
   */
  private RoaringBitmap property(
      EntityQuery.PropertyCondition condition, Function<String, Map<String, JsonNode>> defaultsOf) {
    String property = condition.property();
    RoaringBitmap present = propertyPresent.get(property);
    // The ids that take the blueprint's default: those of a blueprint with one, and no value of
    // their own.
    Function<Predicate<JsonNode>, RoaringBitmap> byDefault =
        test -> {
          List<RoaringBitmap> sets = new ArrayList<>();
          blueprints
              .keys()
              .forEach(
                  blueprint -> {
                    JsonNode value = defaultsOf.apply(blueprint).get(property);
                    if (value != null && !value.isNull() && test.test(value)) {
                      sets.add(blueprints.get(blueprint));
                    }
                  });
          return sets.isEmpty() ? new RoaringBitmap() : RoaringBitmap.andNot(or(sets), present);
        };
    Postings texts = propertyTexts.getOrDefault(property, new Postings());
    return switch (condition.operator()) {
      case "=exists=" -> {
        RoaringBitmap exists = RoaringBitmap.or(present, byDefault.apply(v -> true));
        yield Boolean.parseBoolean(condition.values().get(0))
            ? exists
            : RoaringBitmap.andNot(all, exists);
      }
      case "==", "=in=" ->
          RoaringBitmap.or(
              texts.any(condition.values()),
              byDefault.apply(v -> condition.values().contains(text(v))));
      case "!=" ->
          RoaringBitmap.andNot(
              all,
              RoaringBitmap.or(
                  texts.get(condition.values().get(0)),
                  byDefault.apply(v -> text(v).equals(condition.values().get(0)))));
      default -> {
        NavigableMap<Double, RoaringBitmap> numbers =
            propertyNumbers.getOrDefault(property, new TreeMap<>());
        double wanted = Double.parseDouble(condition.values().get(0));
        NavigableMap<Double, RoaringBitmap> range =
            switch (condition.operator()) {
              case ">" -> numbers.tailMap(wanted, false);
              case ">=" -> numbers.tailMap(wanted, true);
              case "<" -> numbers.headMap(wanted, false);
              default -> numbers.headMap(wanted, true);
            };
        if (range.size() > maxRangeValues) {
          yield null;
        }
        yield RoaringBitmap.or(or(range.values()), byDefault.apply(v -> condition.matches(v)));
      }
    };
  }

  private RoaringBitmap intersect(List<RoaringBitmap> sets) {
    if (sets.isEmpty()) {
      return all.clone();
    }
    sets.sort(java.util.Comparator.comparingInt(RoaringBitmap::getCardinality));
    RoaringBitmap result = sets.get(0).clone();
    for (int i = 1; i < sets.size() && !result.isEmpty(); i++) {
      result.and(sets.get(i));
    }
    return result;
  }

  private static RoaringBitmap or(Collection<RoaringBitmap> sets) {
    return sets.isEmpty() ? new RoaringBitmap() : FastAggregation.or(sets.iterator());
  }

  static String text(JsonNode value) {
    return value.isTextual() ? value.textValue() : value.toString();
  }

  /** A number as a key of the range index, with -0.0 and 0.0 as one key as they compare equal. */
  private static Double number(JsonNode value) {
    return value.doubleValue() + 0.0;
  }

  private static String pair(String key, String value) {
    return key + "\n" + value;
  }

  /** For each value, the ids of the documents that have it. */
  static final class Postings {
    private final Map<String, RoaringBitmap> sets = new HashMap<>();
    private static final RoaringBitmap NONE = new RoaringBitmap();

    void update(String value, int id, boolean add) {
      if (value == null) {
        return;
      }
      if (add) {
        sets.computeIfAbsent(value, v -> new RoaringBitmap()).add(id);
      } else {
        RoaringBitmap ids = sets.get(value);
        if (ids != null) {
          ids.remove(id);
          if (ids.isEmpty()) {
            sets.remove(value);
          }
        }
      }
    }

    /** Read only; do not change it. */
    RoaringBitmap get(String value) {
      return sets.getOrDefault(value, NONE);
    }

    RoaringBitmap any(Collection<String> values) {
      List<RoaringBitmap> found = new ArrayList<>();
      for (String value : values) {
        RoaringBitmap ids = sets.get(value);
        if (ids != null) {
          found.add(ids);
        }
      }
      return or(found);
    }

    Set<String> keys() {
      return sets.keySet();
    }

    Set<Map.Entry<String, RoaringBitmap>> entries() {
      return sets.entrySet();
    }

    Map<String, Integer> counts(RoaringBitmap matches) {
      Map<String, Integer> counts = new TreeMap<>();
      sets.forEach(
          (value, ids) -> {
            int count = RoaringBitmap.andCardinality(ids, matches);
            if (count > 0) {
              counts.put(value, count);
            }
          });
      return counts;
    }
  }
}
