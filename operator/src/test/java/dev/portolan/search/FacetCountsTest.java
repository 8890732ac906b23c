package dev.portolan.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The facets' bound (the most frequent values, how many were left out, the prefix that finds the
 * rest) and the counts remembered until the index changes. Owner {@code team-k} has k+1 entities,
 * so the most frequent owners are the last ones.
 */
class FacetCountsTest {
  private static final int OWNERS = 25;

  private final Map<String, Entity> catalog = new LinkedHashMap<>();

  private SearchIndex index(boolean fromSets) {
    // With a threshold of 0 the facets are counted from the sets, else from the documents.
    SearchIndex index = fromSets ? new SearchIndex(2, 0, 0) : new SearchIndex();
    for (int owner = 0; owner < OWNERS; owner++) {
      for (int i = 0; i <= owner; i++) {
        put(index, entity(i % 2 == 0 ? "alpha" : "beta", owner + "-" + i, owner(owner)));
      }
    }
    return index;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void showsTheMostFrequentValuesAndCountsTheRest(boolean fromSets) {
    EntitySearch search = search(index(fromSets));

    JsonNode body = search(search, Map.of());

    List<String> owners = new ArrayList<>();
    body.at("/facets/owner").fieldNames().forEachRemaining(owners::add);
    assertThat(owners).hasSize(FacetOptions.DEFAULT_LIMIT).startsWith(owner(5)).endsWith(owner(24));
    assertThat(body.at("/facets/owner/" + owner(24)).asInt()).isEqualTo(25);
    assertThat(body.at("/facetsLeftOut/owner").asInt())
        .isEqualTo(OWNERS - FacetOptions.DEFAULT_LIMIT);
    assertThat(body.at("/facetsLeftOut/namespace").asInt()).isZero();
    assertThat(body.at("/facets/namespace").size()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aLimitAndAPrefixFindTheValuesLeftOut(boolean fromSets) {
    EntitySearch search = search(index(fromSets));

    JsonNode limited = search(search, Map.of("facetLimit", "3"));
    assertThat(limited.at("/facets/owner").toString())
        .isEqualTo("{\"" + owner(22) + "\":23,\"" + owner(23) + "\":24,\"" + owner(24) + "\":25}");
    assertThat(limited.at("/facetsLeftOut/owner").asInt()).isEqualTo(OWNERS - 3);

    JsonNode prefixed = search(search, Map.of("facetLimit", "3", "facetPrefix.owner", "team-0"));
    assertThat(prefixed.at("/facets/owner").toString())
        .isEqualTo("{\"" + owner(7) + "\":8,\"" + owner(8) + "\":9,\"" + owner(9) + "\":10}");
    assertThat(prefixed.at("/facetsLeftOut/owner").asInt()).isEqualTo(7);
    // A prefix narrows its facet only, never the results.
    assertThat(prefixed.get("total").asInt()).isEqualTo(limited.get("total").asInt());
  }

  @Test
  void aFilterThatTheSetsCannotAnswerIsBoundedToo() {
    EntitySearch search = search(index(false));
    JsonNode body =
        search(search, Map.of("facetLimit", "2", "filter", "entity.namespace == 'alpha'"));
    assertThat(body.at("/facets/owner").size()).isEqualTo(2);
    assertThat(body.at("/facetsLeftOut/owner").asInt()).isEqualTo(OWNERS - 2);
  }

  @Test
  void aLimitOfNoneCountsNothing() {
    SearchIndex index = index(false);
    EntitySearch search = search(index);
    JsonNode body = search(search, Map.of("facetLimit", "0"));
    assertThat(body.get("facets").isNull()).isTrue();
    assertThat(body.get("facetsLeftOut").isNull()).isTrue();
    assertThat(body.get("total").asInt()).isEqualTo(OWNERS * (OWNERS + 1) / 2);
    assertThat(
            search.results(search.parse(Map.of("facetLimit", List.of("0"))), ns -> true).facets())
        .isNull();
    assertThat(index.facetsCounted()).isZero();
  }

  @Test
  void refusesALimitOutOfRangeNamingIt() {
    EntitySearch search = search(index(false));
    for (String limit : List.of("-1", "1001", "many")) {
      assertThatThrownBy(() -> search.parse(Map.of("facetLimit", List.of(limit))))
          .isInstanceOfSatisfying(
              QueryException.class, e -> assertThat(e.parameter()).isEqualTo("facetLimit"))
          .hasMessageContaining("facetLimit must be a whole number from 0");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void remembersTheCountsUntilTheIndexChanges(boolean fromSets) {
    SearchIndex index = index(fromSets);
    EntitySearch search = search(index);
    Map<String, String> query = Map.of("namespace", "alpha", "limit", "5");

    JsonNode first = search(search, query);
    search(search, query);
    search(search, Map.of("namespace", "alpha", "limit", "5", "sort", "-name"));
    assertThat(index.facetsCounted()).as("the same matches are counted once").isEqualTo(1);
    search(search, Map.of("namespace", "beta"));
    search(search, Map.of("namespace", "alpha", "facetLimit", "3"));
    assertThat(index.facetsCounted()).as("other matches or a bound are counted").isEqualTo(3);

    put(index, entity("alpha", "new", "newcomer"));
    JsonNode changed = search(search, query);
    assertThat(index.facetsCounted()).as("a change is counted again").isEqualTo(4);
    // The newcomer's one entity is the least frequent: left out, and found by its prefix.
    assertThat(changed.at("/facetsLeftOut/owner").asInt())
        .isEqualTo(first.at("/facetsLeftOut/owner").asInt() + 1);
    Map<String, String> newcomer = Map.of("namespace", "alpha", "facetPrefix.owner", "new");
    assertThat(search(search, newcomer).at("/facets/owner").toString())
        .isEqualTo("{\"newcomer\":1}");

    index.entityChanged(catalog.remove("alpha/new"), null);
    assertThat(search(search, newcomer).at("/facets/owner").toString()).isEqualTo("{}");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aSelectedFacetKeepsItsOtherValuesAndTheirCountsAndTheOthersCountTheSelection(
      boolean fromSets) {
    EntitySearch search = search(index(fromSets));

    JsonNode alpha = search(search, Map.of("namespace", "alpha"));
    assertThat(alpha.get("total").asInt()).isEqualTo(169);
    assertThat(alpha.at("/facets/namespace").toString())
        .as("the namespaces are counted without their own selection")
        .isEqualTo("{\"alpha\":169,\"beta\":156}");
    assertThat(alpha.at("/facets/owner/" + owner(24)).asInt())
        .as("the owners count the namespace chosen")
        .isEqualTo(13);

    JsonNode two =
        search.search(search.parse(Map.of("owner", List.of(owner(24), owner(23)))), ns -> true);
    assertThat(two.get("total").asInt()).as("two owners are alternatives").isEqualTo(25 + 24);
    assertThat(two.at("/facets/owner").size()).isEqualTo(FacetOptions.DEFAULT_LIMIT);
    assertThat(two.at("/facets/owner/" + owner(22)).asInt())
        .as("an owner not chosen keeps its count, so it can be added")
        .isEqualTo(23);
    assertThat(two.at("/facets/namespace").toString())
        .isEqualTo("{\"alpha\":" + (13 + 12) + ",\"beta\":" + (12 + 12) + "}");
  }

  @Test
  void aFilteredSearchCountsASelectedFacetOverWhatPassesTheFilter() {
    EntitySearch search = search(index(false));
    JsonNode body =
        search.search(
            search.parse(
                Map.of(
                    "owner", List.of(owner(24)), "filter", List.of("entity.name.endsWith('-0')"))),
            ns -> true);
    assertThat(body.get("total").asInt()).isEqualTo(1);
    assertThat(body.at("/facets/owner").size()).isEqualTo(FacetOptions.DEFAULT_LIMIT);
    // Every owner has one entity that passes: the first twenty by name are shown.
    assertThat(body.at("/facets/owner/" + owner(5)).asInt()).isEqualTo(1);
    assertThat(body.at("/facetsLeftOut/owner").asInt())
        .isEqualTo(OWNERS - FacetOptions.DEFAULT_LIMIT);
    assertThat(body.at("/facets/namespace").toString()).isEqualTo("{\"alpha\":1}");
  }

  @Test
  void hiddenNamespacesAreNeverCountedFromAnotherCallersAnswer() {
    SearchIndex index = index(true);
    EntitySearch search = search(index);
    JsonNode everything = search.search(search.parse(Map.of()), ns -> true);
    JsonNode alphaOnly = search.search(search.parse(Map.of()), "alpha"::equals);
    assertThat(everything.at("/facets/namespace").size()).isEqualTo(2);
    assertThat(alphaOnly.at("/facets/namespace").toString()).doesNotContain("beta");
    JsonNode selected =
        search.search(search.parse(Map.of("namespace", List.of("alpha"))), "alpha"::equals);
    assertThat(selected.at("/facets/namespace").toString())
        .as("nor from the namespace facet counted without its selection")
        .isEqualTo("{\"alpha\":169}");
  }

  private static EntitySearch search(SearchIndex index) {
    return new EntitySearch(null, index, new CelEngine(), b -> Map.of());
  }

  private static JsonNode search(EntitySearch search, Map<String, String> parameters) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    parameters.forEach((name, value) -> query.put(name, List.of(value)));
    return search.search(search.parse(query), ns -> true);
  }

  private static String owner(int k) {
    return String.format("team-%02d", k);
  }

  private void put(SearchIndex index, Entity entity) {
    String key = entity.getMetadata().getNamespace() + "/" + entity.getMetadata().getName();
    index.entityChanged(catalog.get(key), entity);
    catalog.put(key, entity);
  }

  private static Entity entity(String namespace, String name, String owner) {
    Entity entity = new Entity();
    entity.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    entity.setSpec(new dev.portolan.model.EntitySpec());
    entity.getSpec().blueprint = "service";
    entity.getSpec().owner = owner;
    entity.getSpec().properties = new LinkedHashMap<>();
    return entity;
  }
}
