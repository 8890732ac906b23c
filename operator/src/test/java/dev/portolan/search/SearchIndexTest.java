package dev.portolan.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.Relations;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The search index against a full scan of the same entities: the same items in the same order, the
 * same totals and facets, while entities are added, changed and deleted.
 */
class SearchIndexTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> NAMESPACES =
      List.of("alpha", "alpha-b", "beta", "gamma", "delta", "omega");
  private static final Map<String, Map<String, JsonNode>> DEFAULTS =
      Map.of(
          "service", Map.of("tier", JSON.textNode("backend"), "replicas", JSON.numberNode(1)),
          "system", Map.of(),
          "team", Map.of("tier", JSON.textNode("people")));
  private static final Function<String, Map<String, JsonNode>> DEFAULTS_OF =
      b -> DEFAULTS.getOrDefault(b, Map.of());

  private final Map<String, Entity> catalog = new TreeMap<>();
  private final CatalogLookup lookup = new MapLookup(catalog);

  /**
   * Small thresholds send a small catalog down every path: ranges per document, facets from the
   * sets, namespaces to ask about from the sets.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void answersAsAFullScanWhileEntitiesChange(boolean smallThresholds) {
    Random random = new Random(7);
    SearchIndex index = smallThresholds ? new SearchIndex(2, 0, 0) : new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    for (int i = 0; i < 400; i++) {
      change(index, randomEntity(random, "e-" + i));
    }
    for (int round = 0; round < 4; round++) {
      for (int q = 0; q < 100; q++) {
        Map<String, List<String>> parameters = randomQuery(random);
        Predicate<String> maySee =
            random.nextInt(4) == 0 ? ns -> !ns.startsWith("alpha") : ns -> true;
        assertSameAnswer(search, parameters, maySee);
      }
      for (int i = 0; i < 80; i++) { // changes, deletes and new entities between rounds
        List<String> keys = new ArrayList<>(catalog.keySet());
        String key = keys.get(random.nextInt(keys.size()));
        switch (random.nextInt(3)) {
          case 0 -> change(index, randomEntity(random, catalog.get(key).getMetadata().getName()));
          case 1 -> delete(index, key);
          default -> change(index, randomEntity(random, "new-" + round + "-" + i));
        }
      }
    }
    assertThat(index.size()).isEqualTo(catalog.size());
  }

  @Test
  void aTextSearchedAgainIsRememberedAndKeptTrueAsEntitiesChange() {
    SearchIndex index = new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    change(index, entity("alpha", "cart", "service", "checkout", "Cart", Map.of(), null));
    change(index, entity("beta", "books", "service", "payments", "Ledger", Map.of(), null));
    change(index, entity("beta", "legend", "system", "payments", "Legend", Map.of(), null));

    assertThat(refs(search, "q", "ledger")).containsExactly("beta/books");
    assertThat(index.textsRemembered()).as("asked once: read from its candidates").isZero();
    assertThat(refs(search, "q", "Ledger")).containsExactly("beta/books");
    assertThat(index.textsRemembered()).as("asked again: remembered").isOne();
    assertThat(refs(search, "q", "led")).as("three letters are their own set").hasSize(1);
    assertThat(refs(search, "q", "led")).hasSize(1);
    assertThat(index.textsRemembered()).isOne();

    // The remembered ids follow every change: a new holder, a holder that no longer holds it, a
    // holder deleted and its id taken by a new entity, and a status-only change.
    change(index, entity("gamma", "old-ledger", "system", null, "Old", Map.of(), null));
    assertThat(refs(search, "q", "ledger")).containsExactly("beta/books", "gamma/old-ledger");
    change(index, entity("beta", "books", "service", "payments", "Books", Map.of(), "Gold"));
    assertThat(refs(search, "q", "ledger")).containsExactly("gamma/old-ledger");
    delete(index, "gamma/old-ledger");
    assertThat(refs(search, "q", "ledger")).isEmpty();
    change(index, entity("delta", "cash", "service", null, "Cash", Map.of(), null));
    assertThat(refs(search, "q", "ledger")).as("the freed id, now a new entity's").isEmpty();
    change(index, entity("delta", "cash", "service", null, "Cash ledger", Map.of(), "Gold"));
    assertThat(
            names(
                search.search(
                    search.parse(Map.of("q", List.of("ledger"), "blueprint", List.of("service"))),
                    ns -> true)))
        .containsExactly("delta/cash");
    assertThat(index.textsRemembered()).isOne();
  }

  @Test
  void followsChangesAndDeletes() {
    SearchIndex index = new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    change(
        index,
        entity(
            "alpha",
            "cart",
            "service",
            "checkout",
            "Cart",
            Map.of("language", JSON.textNode("go")),
            null));
    change(
        index,
        entity(
            "beta",
            "ledger",
            "service",
            "payments",
            "Ledger",
            Map.of("language", JSON.textNode("java")),
            null));
    assertThat(refs(search, "property", "language==java")).containsExactly("beta/ledger");

    change(
        index,
        entity(
            "alpha",
            "cart",
            "service",
            "checkout",
            "Cart",
            Map.of("language", JSON.textNode("java")),
            null));
    assertThat(refs(search, "property", "language==java"))
        .containsExactly("alpha/cart", "beta/ledger");
    assertThat(refs(search, "property", "language==go")).isEmpty();

    delete(index, "beta/ledger");
    assertThat(refs(search, "property", "language==java")).containsExactly("alpha/cart");
    assertThat(refs(search, "owner", "payments")).isEmpty();
    assertThat(refs(search, "q", "ledger")).isEmpty();

    // A new entity takes the freed place, and nothing of the old one stays with it.
    change(index, entity("gamma", "ledger-2", "system", null, "General Ledger", Map.of(), "Gold"));
    assertThat(refs(search, "q", "general")).containsExactly("gamma/ledger-2");
    assertThat(refs(search, "level", "prod:Gold")).containsExactly("gamma/ledger-2");
    assertThat(refs(search, "blueprint", "service")).containsExactly("alpha/cart");
    JsonNode body = search.search(search.parse(Map.of()), ns -> true);
    assertThat(body.at("/facets/owner").toString()).isEqualTo("{\"\":1,\"checkout\":1}");
    assertThat(body.at("/facets/level").toString()).isEqualTo("{\"prod\":{\"Gold\":1}}");
  }

  @Test
  void itemsLeaveOutTheApiServersBookkeeping() {
    SearchIndex index = new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    Entity cart =
        entity(
            "alpha",
            "cart",
            "service",
            "checkout",
            "Cart",
            Map.of("language", JSON.textNode("go")),
            null);
    cart.getMetadata().setResourceVersion("7");
    cart.getMetadata()
        .setAnnotations(Map.of(EntityJson.LAST_APPLIED, "{\"big\": true}", "team/pager", "#cart"));
    cart.getMetadata()
        .setManagedFields(
            List.of(
                new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder()
                    .withManager("kubectl")
                    .withOperation("Apply")
                    .withApiVersion("portolan.dev/v1alpha1")
                    .build()));
    change(index, cart);

    JsonNode item = search.search(search.parse(Map.of()), ns -> true).at("/items/0");
    assertThat(item.at("/metadata").has("managedFields")).isFalse();
    assertThat(item.at("/metadata/annotations").toString()).isEqualTo("{\"team/pager\":\"#cart\"}");
    assertThat(item.at("/metadata/resourceVersion").asText()).isEqualTo("7");
    assertThat(item.at("/spec/properties/language").asText()).isEqualTo("go");
    // Everything else is the entity as the API server has it.
    JsonNode whole = Serialization.jsonMapper().valueToTree(cart);
    ((com.fasterxml.jackson.databind.node.ObjectNode) whole.get("metadata"))
        .remove("managedFields");
    ((com.fasterxml.jackson.databind.node.ObjectNode) whole.at("/metadata/annotations"))
        .remove(EntityJson.LAST_APPLIED);
    assertThat(item).isEqualTo(whole);

    // Selected fields come from the same form: no bookkeeping under metadata either.
    JsonNode selected =
        search
            .search(search.parse(Map.of("fields", List.of("metadata"))), ns -> true)
            .at("/items/0");
    assertThat(selected.at("/metadata").has("managedFields")).isFalse();
    assertThat(selected.at("/metadata/annotations").has(EntityJson.LAST_APPLIED)).isFalse();
    // Without other annotations, the annotations go too.
    cart.getMetadata().setAnnotations(Map.of(EntityJson.LAST_APPLIED, "{}"));
    assertThat(EntityJson.tree(cart).get("metadata").has("annotations")).isFalse();
  }

  @Test
  void theTypedResultsAreThePageTheJsonAnswers() {
    SearchIndex index = new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    change(index, entity("alpha", "cart", "service", "checkout", "Cart", Map.of(), "Gold"));
    change(index, entity("alpha", "web", "service", null, "Web", Map.of(), null));
    change(index, entity("beta", "ledger", "system", "payments", "Ledger", Map.of(), "Silver"));
    EntityQuery query = search.parse(Map.of("sort", List.of("-title"), "limit", List.of("2")));

    SearchResult typed = search.results(query, ns -> true);
    JsonNode json = search.search(query, ns -> true);

    assertThat(typed.items())
        .extracting(e -> e.getMetadata().getNamespace() + "/" + e.getMetadata().getName())
        .containsExactly("alpha/web", "beta/ledger")
        .isEqualTo(names(json));
    assertThat(typed.total()).isEqualTo(json.get("total").asInt()).isEqualTo(3);
    assertThat(typed.nextCursor()).isNotNull().isEqualTo(json.get("nextCursor").asText());
    JsonNode facets = Serialization.jsonMapper().valueToTree(typed.facets());
    assertThat(facets).isEqualTo(json.get("facets"));
    assertThat(typed.facets().owner()).containsEntry("", 1).containsEntry("checkout", 1);
    assertThat(typed.facets().level().get("prod")).containsEntry("Gold", 1);
  }

  @Test
  void theServedJsonFollowsEachNewVersionOfAnEntity() {
    SearchIndex index = new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    Entity v1 = entity("alpha", "cart", "service", "checkout", "Cart", Map.of(), null);
    v1.getMetadata().setResourceVersion("1");
    change(index, v1);
    byte[] first = search.searchJson(search.parse(Map.of()), ns -> true);
    assertThat(search.searchJson(search.parse(Map.of()), ns -> true)).isEqualTo(first);
    assertThat(index.json(v1)).isSameAs(index.json(v1)); // serialized once per version

    Entity v2 = entity("alpha", "cart", "service", "checkout", "Cart v2", Map.of(), "Gold");
    v2.getMetadata().setResourceVersion("2");
    change(index, v2);
    JsonNode item = search.search(search.parse(Map.of()), ns -> true).at("/items/0");
    assertThat(item.at("/metadata/resourceVersion").asText()).isEqualTo("2");
    assertThat(item.at("/spec/title").asText()).isEqualTo("Cart v2");
    assertThat(item.at("/status/scorecards/prod/level").asText()).isEqualTo("Gold");
    // The entity view asks by object: the current version from the index, an older one serialized
    // afresh.
    assertThat(EntityJson.read(index.json(v2)).at("/spec/title").asText()).isEqualTo("Cart v2");
    assertThat(EntityJson.read(index.json(v1)).at("/spec/title").asText()).isEqualTo("Cart");

    delete(index, "alpha/cart");
    assertThat(search.search(search.parse(Map.of()), ns -> true).get("items")).isEmpty();
    assertThat(EntityJson.read(index.json(v2)).at("/spec/title").asText()).isEqualTo("Cart v2");
  }

  @Test
  void showsOnlyTheNamespacesTheCallerMaySee() {
    SearchIndex index = new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    for (String namespace : NAMESPACES) {
      change(index, entity(namespace, "api", "service", "team", "API", Map.of(), null));
    }
    List<String> asked = new ArrayList<>();
    JsonNode body =
        search.search(
            search.parse(Map.of("namespace", List.of("beta", "gamma"))),
            ns -> {
              asked.add(ns);
              return ns.equals("gamma");
            });
    assertThat(names(body)).containsExactly("gamma/api");
    assertThat(body.get("total").asInt()).isEqualTo(1);
    assertThat(body.at("/facets/namespace").toString()).isEqualTo("{\"gamma\":1}");
    assertThat(asked)
        .as(
            "the namespace facet counts every namespace but for its own selection, so each one"
                + " with an entity is asked about, and only the visible one is counted")
        .containsExactlyInAnyOrderElementsOf(NAMESPACES);

    asked.clear();
    JsonNode uncounted =
        search.search(
            search.parse(Map.of("namespace", List.of("beta", "gamma"), "facetLimit", List.of("0"))),
            ns -> {
              asked.add(ns);
              return ns.equals("gamma");
            });
    assertThat(names(uncounted)).containsExactly("gamma/api");
    assertThat(asked)
        .as("without facets, only the namespaces with matches are asked about")
        .containsExactlyInAnyOrder("beta", "gamma");
  }

  @Test
  void asksAboutNamespacesOutsideTheLockAndSeesChangesMadeMeanwhile() {
    SearchIndex index = new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    change(index, entity("alpha", "api", "service", "team", "API", Map.of(), null));
    change(index, entity("beta", "api", "service", "team", "API", Map.of(), null));
    List<String> asked = new ArrayList<>();
    // The review of a namespace takes a while; meanwhile beta/api is deleted and gamma/api added.
    JsonNode body =
        search.search(
            search.parse(Map.of("blueprint", List.of("service"))),
            ns -> {
              asked.add(ns);
              if (asked.size() == 1) {
                delete(index, "beta/api");
                change(index, entity("gamma", "api", "service", "team", "API", Map.of(), null));
              }
              return true;
            });
    assertThat(names(body)).containsExactly("alpha/api", "gamma/api");
    assertThat(body.at("/facets/namespace").toString()).isEqualTo("{\"alpha\":1,\"gamma\":1}");
    assertThat(asked).doesNotHaveDuplicates().contains("alpha", "gamma");
  }

  @Test
  void eachFilterKind() {
    SearchIndex index = new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    Entity cart =
        entity(
            "alpha",
            "cart",
            "service",
            "checkout",
            "Shopping Cart",
            Map.of("replicas", JSON.numberNode(3), "language", JSON.textNode("go")),
            "Silver");
    cart.getMetadata().setLabels(Map.of("tier", "web"));
    cart.getSpec().relations.put("dependsOn", JSON.arrayNode().add("beta/ledger"));
    change(index, cart);
    change(
        index,
        entity(
            "beta",
            "ledger",
            "service",
            "payments",
            "Ledger",
            Map.of("replicas", JSON.numberNode(-0.0), "tier", JSON.textNode("data")),
            "Gold"));
    change(index, entity("beta", "payments", "system", "payments", null, Map.of(), null));
    assertThat(refs(search, "blueprint", "system")).containsExactly("beta/payments");
    assertThat(refs(search, "namespace", "alpha")).containsExactly("alpha/cart");
    assertThat(refs(search, "owner", "payments")).containsExactly("beta/ledger", "beta/payments");
    assertThat(refs(search, "label", "tier=web")).containsExactly("alpha/cart");
    assertThat(refs(search, "label", "tier")).containsExactly("alpha/cart");
    assertThat(refs(search, "level", "prod:Gold")).containsExactly("beta/ledger");
    assertThat(refs(search, "q", "CART")).containsExactly("alpha/cart");
    assertThat(refs(search, "q", "pp")).containsExactly("alpha/cart");
    assertThat(refs(search, "q", "led")).containsExactly("beta/ledger");
    assertThat(refs(search, "property", "tier==backend"))
        .as("the blueprint's default")
        .containsExactly("alpha/cart");
    assertThat(refs(search, "property", "tier!=backend"))
        .containsExactly("beta/ledger", "beta/payments");
    assertThat(refs(search, "property", "tier=in=data,backend"))
        .containsExactly("alpha/cart", "beta/ledger");
    assertThat(refs(search, "property", "language=exists=false"))
        .containsExactly("beta/ledger", "beta/payments");
    assertThat(refs(search, "property", "replicas>=0"))
        .containsExactly("alpha/cart", "beta/ledger");
    assertThat(refs(search, "property", "replicas<=0"))
        .as("-0.0 is 0")
        .containsExactly("beta/ledger");
    assertThat(refs(search, "relatedTo", "beta/ledger")).containsExactly("alpha/cart");
    assertThat(
            refs(search, "filter", "entity.owner == 'payments' && entity.blueprint == 'service'"))
        .containsExactly("beta/ledger");
  }

  @Test
  void pagesThroughASortOnceEachInOrder() {
    SearchIndex index = new SearchIndex();
    EntitySearch search = new EntitySearch(lookup, index, new CelEngine(), DEFAULTS_OF);
    Random random = new Random(11);
    for (int i = 0; i < 300; i++) {
      change(index, randomEntity(random, "e-" + i));
    }
    for (String sort : List.of("title", "-properties.replicas,name", "owner,-namespace", "")) {
      Map<String, List<String>> parameters = new HashMap<>(Map.of("limit", List.of("7")));
      if (!sort.isEmpty()) {
        parameters.put("sort", List.of(sort));
      }
      List<String> paged = new ArrayList<>();
      String cursor = null;
      do {
        if (cursor != null) {
          parameters.put("cursor", List.of(cursor));
        }
        JsonNode body = search.search(search.parse(parameters), ns -> true);
        paged.addAll(names(body));
        cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
      } while (cursor != null);
      parameters.remove("cursor");
      parameters.put("limit", List.of("500"));
      assertThat(paged)
          .as(sort)
          .doesNotHaveDuplicates()
          .hasSize(300)
          .isEqualTo(names(search.search(search.parse(parameters), ns -> true)));
      assertSameAnswer(search, parameters, ns -> true);
    }
  }

  @Test
  void keysOrderByNamespaceThenNameAsTheDefaultSortDoes() {
    List<String> keys =
        new ArrayList<>(List.of("alpha-b/a", "alpha/z", "alpha/a-b", "alpha/a", "beta/a"));
    keys.sort(SearchIndex::compareKeys);
    assertThat(keys).containsExactly("alpha/a", "alpha/a-b", "alpha/z", "alpha-b/a", "beta/a");
  }

  @Test
  void smallestTakesTheFirstItemsOfAnOrder() {
    Random random = new Random(3);
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      items.add(random.nextInt(500));
    }
    for (int count : List.of(0, 1, 10, 124, 125, 999, 1000, 1200)) {
      List<Integer> sorted = new ArrayList<>(items);
      sorted.sort(null);
      assertThat(EntitySearch.smallest(items, count, Integer::compare))
          .isEqualTo(sorted.subList(0, Math.min(count, sorted.size())));
    }
  }

  private void assertSameAnswer(
      EntitySearch search, Map<String, List<String>> parameters, Predicate<String> maySee) {
    EntityQuery query = search.parse(parameters);
    JsonNode body = search.search(query, maySee);
    ReferenceSearch.Answer expected =
        ReferenceSearch.search(
            lookup, new ArrayList<>(catalog.values()), query, maySee, DEFAULTS_OF, null);
    assertThat(names(body)).as(parameters.toString()).isEqualTo(expected.refs());
    assertThat(body.get("total").asInt()).as(parameters.toString()).isEqualTo(expected.total());
    assertThat(body.get("facets"))
        .as(parameters.toString())
        .isEqualTo(Serialization.jsonMapper().valueToTree(expected.facets()));
  }

  private static List<String> refs(EntitySearch search, String parameter, String value) {
    return names(search.search(search.parse(Map.of(parameter, List.of(value))), ns -> true));
  }

  private static List<String> names(JsonNode body) {
    return StreamSupport.stream(body.get("items").spliterator(), false)
        .map(e -> e.at("/metadata/namespace").asText() + "/" + e.at("/metadata/name").asText())
        .toList();
  }

  private void change(SearchIndex index, Entity entity) {
    String key = entity.getMetadata().getNamespace() + "/" + entity.getMetadata().getName();
    index.entityChanged(catalog.get(key), entity);
    catalog.put(key, entity);
  }

  private void delete(SearchIndex index, String key) {
    index.entityChanged(catalog.remove(key), null);
  }

  private static Entity entity(
      String namespace,
      String name,
      String blueprint,
      String owner,
      String title,
      Map<String, JsonNode> properties,
      String level) {
    Entity entity = new Entity();
    entity.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    entity.setSpec(new dev.portolan.model.EntitySpec());
    entity.getSpec().blueprint = blueprint;
    entity.getSpec().owner = owner;
    entity.getSpec().title = title;
    entity.getSpec().properties = new LinkedHashMap<>(properties);
    if (level != null) {
      entity.setStatus(new EntityStatus());
      EntityStatus.ScorecardResult result = new EntityStatus.ScorecardResult();
      result.level = level;
      entity.getStatus().scorecards.put("prod", result);
    }
    return entity;
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static Entity randomEntity(Random random, String name) {
    String namespace = pick(random, NAMESPACES);
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    switch (random.nextInt(6)) {
      case 0 -> {}
      case 1 -> properties.put("replicas", JSON.nullNode());
      case 2 -> properties.put("replicas", JSON.numberNode(random.nextInt(10) / 2.0));
      case 3 -> properties.put("replicas", JSON.textNode(String.valueOf(random.nextInt(4))));
      default -> properties.put("replicas", JSON.numberNode(random.nextInt(8) - 2));
    }
    if (random.nextBoolean()) {
      properties.put("language", JSON.textNode(pick(random, List.of("java", "go", "Go", "rust"))));
    }
    if (random.nextInt(3) == 0) {
      properties.put(
          "tier",
          random.nextBoolean()
              ? JSON.textNode(pick(random, List.of("backend", "web")))
              : JSON.booleanNode(true));
    }
    Entity entity =
        entity(
            namespace,
            name,
            pick(random, java.util.Arrays.asList("service", "service", "system", "team", null)),
            pick(random, java.util.Arrays.asList("payments", "checkout", "search", "", null)),
            pick(
                random,
                java.util.Arrays.asList(
                    "Payments API", "Cart", "cart service", "Ledger", "ÄRGER", null)),
            properties,
            pick(random, java.util.Arrays.asList("Gold", "Silver", "None", null)));
    entity.getSpec().description =
        pick(random, java.util.Arrays.asList("Serves payments", "Takes ORDERS", "", null));
    if (random.nextBoolean()) {
      entity
          .getMetadata()
          .setLabels(Map.of("tier", pick(random, List.of("web", "data")), "team", "x"));
    }
    if (entity.getStatus() != null
        && entity.getStatus().scorecards.containsKey("prod")
        && random.nextInt(5) == 0) {
      entity.getStatus().scorecards.get("prod").level = null; // graded, no level
      EntityStatus.ScorecardResult other = new EntityStatus.ScorecardResult();
      other.level = "Bronze";
      entity.getStatus().scorecards.put("security", other);
    }
    if (random.nextBoolean()) {
      entity
          .getSpec()
          .relations
          .put("dependsOn", JSON.arrayNode().add("alpha/e-" + random.nextInt(20)));
    }
    return entity;
  }

  private static Map<String, List<String>> randomQuery(Random random) {
    Map<String, List<String>> parameters = new HashMap<>();
    if (random.nextInt(3) == 0) {
      parameters.put(
          "blueprint", random.nextBoolean() ? List.of("service") : List.of("system", "team"));
    }
    if (random.nextInt(4) == 0) {
      parameters.put(
          "namespace",
          random.nextBoolean() ? List.of("alpha") : List.of("beta", "alpha-b", "nope"));
    }
    if (random.nextInt(4) == 0) {
      parameters.put("owner", random.nextBoolean() ? List.of("payments") : List.of("checkout", ""));
    }
    if (random.nextInt(5) == 0) {
      parameters.put(
          "label", random.nextBoolean() ? List.of("tier=web") : List.of("team", "tier=data"));
    }
    if (random.nextInt(5) == 0) {
      parameters.put(
          "level",
          List.of(pick(random, List.of("prod:Gold", "prod:None", "prod:null", "security:Bronze"))));
    }
    if (random.nextInt(3) == 0) {
      List<String> properties = new ArrayList<>();
      for (int i = random.nextInt(2); i >= 0; i--) {
        properties.add(
            pick(
                random,
                List.of(
                    "replicas>=1",
                    "replicas<2.5",
                    "replicas>-1",
                    "replicas<=0",
                    "replicas==1",
                    "replicas==2.0",
                    "replicas!=1",
                    "replicas=in=1,2,3",
                    "replicas=exists=true",
                    "replicas=exists=false",
                    "tier==backend",
                    "tier!=backend",
                    "tier==true",
                    "tier=in=web,people",
                    "tier=exists=false",
                    "language==go",
                    "language=in=Go,rust",
                    "language=exists=true",
                    "nothing=exists=false",
                    "nothing!=x")));
      }
      parameters.put("property", properties);
    }
    if (random.nextInt(3) == 0) {
      parameters.put(
          "q",
          List.of(
              pick(
                  random,
                  List.of(
                      "cart",
                      "CART",
                      "pay",
                      "payments api",
                      "a",
                      "ärg",
                      "es",
                      "orders",
                      "e-1",
                      "x",
                      "serv"))));
    }
    if (random.nextInt(6) == 0) {
      parameters.put("relatedTo", List.of("alpha/e-" + random.nextInt(20)));
    }
    if (random.nextBoolean()) {
      parameters.put(
          "sort",
          List.of(
              pick(
                  random,
                  List.of(
                      "title",
                      "-title",
                      "name",
                      "-namespace,name",
                      "owner",
                      "-owner",
                      "blueprint,-title",
                      "properties.replicas",
                      "-properties.replicas",
                      "properties.tier,-name"))));
    }
    parameters.put("limit", List.of(String.valueOf(pick(random, List.of(1, 5, 50, 500)))));
    if (random.nextInt(4) == 0) {
      parameters.put("cursor", List.of(EntitySearch.encodeCursor(random.nextInt(60))));
    }
    return parameters;
  }

  /** The lookups relatedTo needs, over the test's map of entities. */
  private record MapLookup(Map<String, Entity> entities) implements CatalogLookup {
    @Override
    public List<dev.portolan.model.RelationGrant> relationGrants(String namespace) {
      return List.of();
    }

    @Override
    public Optional<Blueprint> blueprint(String name) {
      return Optional.empty();
    }

    @Override
    public Collection<Blueprint> blueprints() {
      return List.of();
    }

    @Override
    public Optional<Entity> entity(EntityRef ref) {
      return Optional.ofNullable(entities.get(ref.key()));
    }

    @Override
    public List<Entity> entitiesOfBlueprint(String blueprint) {
      return List.of();
    }

    @Override
    public List<Entity> referrers(EntityRef target) {
      return entities.values().stream().filter(e -> Relations.targets(e).contains(target)).toList();
    }

    @Override
    public List<Scorecard> scorecardsOfBlueprint(String blueprint) {
      return List.of();
    }
  }
}
