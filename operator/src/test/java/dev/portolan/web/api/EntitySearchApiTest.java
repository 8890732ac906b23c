package dev.portolan.web.api;

import dev.portolan.web.auth.Access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/v1/entities over the example catalog: every filter, the page, the facets, bad input. */
class EntitySearchApiTest {
  private static EmbeddedCluster cluster;
  private static PortolanOperator operator;
  private static String base;
  private static dev.portolan.web.PortalServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start();
    cluster.apply(ExampleResources.load(cluster.client(), Path.of("../examples")));
    operator = new PortolanOperator(cluster.client(), Clock.systemUTC(), null).start();
    server = operator.serve("127.0.0.1", 0, Access.disabled());
    base = "http://127.0.0.1:" + server.port();
    await().atMost(Duration.ofSeconds(30)).until(() -> names("blueprint=service&property=" + enc("critical==x")) != null
        && search("blueprint=service").get("items").findValues("calculated").size() == 5);
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> query(String query) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/entities?" + query)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode search(String query) throws Exception {
    HttpResponse<String> response = query(query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }

  private static List<String> names(String query) throws Exception {
    return StreamSupport.stream(search(query).get("items").spliterator(), false)
        .map(e -> e.at("/metadata/namespace").asText() + "/" + e.at("/metadata/name").asText()).toList();
  }

  @Test
  void filtersOnPropertiesWithDefaultsApplied() throws Exception {
    assertThat(names("blueprint=service&property=" + enc("language=in=java,go"))).containsExactly(
        "team-payments/ledger", "team-payments/payments-api");
    assertThat(names("blueprint=service&property=" + enc("replicas>=3"))).containsExactly(
        "team-checkout/checkout-web", "team-payments/payments-api");
    assertThat(names("blueprint=service&property=" + enc("oncall=exists=true"))).containsExactly(
        "team-checkout/checkout-web", "team-payments/payments-api");
    // cart sets no tier; the blueprint's default (backend) applies.
    assertThat(names("blueprint=service&property=" + enc("tier==backend") + "&namespace=team-checkout"))
        .containsExactly("team-checkout/cart", "team-checkout/legacy-reports");
    assertThat(names("blueprint=service&property=" + enc("tier!=backend"))).containsExactly(
        "team-checkout/checkout-web", "team-payments/ledger");
  }

  @Test
  void findsWhatRelatesToAnEntityInEitherDirection() throws Exception {
    assertThat(names("relatedTo=platform/billing")).containsExactly(
        "platform/payments", "team-payments/ledger", "team-payments/payments-api", "team-payments/payments-db");
    assertThat(names("relatedTo=platform/billing&relation=system")).containsExactly(
        "team-payments/ledger", "team-payments/payments-api", "team-payments/payments-db");
  }

  @Test
  void searchesTextAndFiltersWithCelAndLabels() throws Exception {
    assertThat(names("blueprint=service&q=LEDGER")).containsExactly("team-payments/ledger");
    assertThat(names("q=" + enc("double-entry"))).containsExactly("team-payments/ledger");
    assertThat(names("filter=" + enc("entity.blueprint == 'service' && entity.calculated.critical")))
        .containsExactly("team-payments/ledger");
    // Discovery makes workload entities asynchronously, after the operator starts.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(names("blueprint=workload&label=" + enc("portolan.dev/discovered=true")))
            .contains("team-payments/deployment-payments-api"));
    assertThat(names("owner=checkout&blueprint=database")).containsExactly("team-checkout/cart-cache");
  }

  @Test
  void pagesWithACursorAndCountsFacetsOverEverythingThatMatched() throws Exception {
    JsonNode first = search("blueprint=service&limit=2&sort=-title");
    assertThat(first.get("total").asInt()).isEqualTo(5);
    assertThat(first.at("/facets/blueprint/service").asInt()).isEqualTo(5);
    assertThat(first.at("/facets/owner/checkout").asInt()).isEqualTo(3);
    assertThat(first.at("/facets/namespace/team-payments").asInt()).isEqualTo(2);
    List<String> titles = new ArrayList<>();
    JsonNode page = first;
    while (true) {
      page.get("items").forEach(e -> titles.add(e.at("/spec/title").asText()));
      if (page.get("nextCursor").isNull()) {
        break;
      }
      page = search("blueprint=service&limit=2&sort=-title&cursor=" + page.get("nextCursor").asText());
    }
    assertThat(titles).containsExactly("Payments API", "Legacy reports", "Ledger", "Checkout web", "Cart");
    assertThat(names("blueprint=service&sort=" + enc("-properties.replicas") + "&limit=2")).containsExactly(
        "team-checkout/checkout-web", "team-payments/payments-api");
  }

  @Test
  void selectsFields() throws Exception {
    JsonNode item = search("blueprint=team&fields=spec.title,status.conditions&limit=1").get("items").get(0);
    assertThat(item.at("/metadata/name").asText()).isEqualTo("checkout");
    assertThat(item.at("/spec/title").asText()).isEqualTo("Checkout team");
    assertThat(item.at("/status/conditions").isArray()).isTrue();
    assertThat(item.has("apiVersion")).isFalse();
    assertThat(item.at("/spec/properties").isMissingNode()).isTrue();
  }

  @Test
  void oneEntityComesWithItsRelationsInBothDirectionsResolvedToTitles() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create(base + "/api/v1/namespaces/platform/entities/billing")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode view = Serialization.unmarshal(response.body(), JsonNode.class);
    assertThat(view.at("/entity/spec/title").asText()).isEqualTo("Billing");
    assertThat(view.at("/relations/outgoing").toString()).isEqualTo(
        "[{\"relation\":\"team\",\"namespace\":\"platform\",\"name\":\"payments\",\"title\":\"Payments team\","
            + "\"blueprint\":\"team\",\"exists\":true}]");
    List<String> incoming = StreamSupport.stream(view.at("/relations/incoming").spliterator(), false)
        .map(l -> l.get("relation").asText() + " " + l.get("namespace").asText() + "/" + l.get("name").asText()
            + " (" + l.get("title").asText() + ")").sorted().toList();
    assertThat(incoming).containsExactly("system team-payments/ledger (Ledger)",
        "system team-payments/payments-api (Payments API)", "system team-payments/payments-db (Payments database)");
  }

  @Test
  void drawsTheGraphAroundAnEntityOrOfBlueprints() throws Exception {
    JsonNode graph = get("/api/v1/graph?root=team-checkout/checkout-web&depth=1");
    assertThat(ids(graph.get("nodes"))).containsExactlyInAnyOrder("team-checkout/checkout-web", "team-checkout/cart",
        "team-payments/payments-api", "platform/storefront");
    assertThat(StreamSupport.stream(graph.get("edges").spliterator(), false)
        .map(e -> e.at("/data/source").asText() + " -" + e.at("/data/relation").asText() + "-> " + e.at("/data/target").asText())
        .toList()).containsExactlyInAnyOrder(
            "team-checkout/checkout-web -system-> platform/storefront",
            "team-checkout/checkout-web -dependsOn-> team-checkout/cart",
            "team-checkout/checkout-web -dependsOn-> team-payments/payments-api");
    JsonNode deeper = get("/api/v1/graph?root=team-checkout/checkout-web&depth=2&relation=dependsOn");
    // Two dependsOn steps either way: ledger (payments-api depends on it), legacy-reports (depends on cart).
    assertThat(ids(deeper.get("nodes"))).containsExactlyInAnyOrder("team-checkout/checkout-web", "team-checkout/cart",
        "team-payments/payments-api", "team-payments/ledger", "team-checkout/legacy-reports");
    JsonNode teams = get("/api/v1/graph?blueprint=team,system");
    assertThat(teams.get("nodes").size()).isEqualTo(6);
    assertThat(teams.get("edges").size()).isEqualTo(3);
    assertThat(raw("/api/v1/graph?root=team-checkout/nope").statusCode()).isEqualTo(404);
    assertThat(raw("/api/v1/graph?root=team-checkout/cart&depth=9").statusCode()).isEqualTo(400);
    assertThat(raw("/api/v1/graph").statusCode()).isEqualTo(400);
  }

  private static List<String> ids(JsonNode nodes) {
    return StreamSupport.stream(nodes.spliterator(), false).map(n -> n.at("/data/id").asText()).toList();
  }

  private static HttpResponse<String> raw(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = raw(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }

  @Test
  void badInputIsA400ThatNamesTheParameter() throws Exception {
    assertBad("colour=red", "colour", "unknown query parameter 'colour'");
    assertBad("limit=1000", "limit", "limit must be from 1 to 500, got 1000");
    assertBad("limit=many", "limit", "limit must be a whole number");
    assertBad("filter=" + enc("entity.properties.tier =="), "filter", "filter: line 1, column ");
    assertBad("filter=" + enc("'yes'"), "filter", "filter: returns string but must return boolean");
    assertBad("property=" + enc("replicas>lots"), "property", ">");
    assertBad("property=" + enc("tier"), "property", "is not of the form");
    assertBad("cursor=nonsense", "cursor", "cursor is not one this API gave out");
    assertBad("sort=colour", "sort", "cannot sort by 'colour'");
    assertBad("relatedTo=Billing", "relatedTo", "relatedTo must be namespace/name");
    assertBad("fields=" + enc("spec.title,kind"), "fields", "field 'kind' is not a path");
    assertBad("level=gold", "level", "is not of the form scorecard:level");
  }

  /** The abuse cases: each answered with a 400 naming the limit, fast, with no heap left behind. */
  @Test
  void expensiveFiltersAreRefusedBeforeTheyRunAndLeaveTheHeapAsItWas() throws Exception {
    String doubling = dev.portolan.cel.CelLimitsTest.doubling(30);
    String nest = dev.portolan.cel.CelLimitsTest.nestedAll(6);
    String hugeList = "size([" + String.join(",", java.util.Collections.nCopies(1_500, "1")) + "]) > 0";
    long heapBefore = usedHeapAfterGc();
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 6; i++) { // six at once drove a 6 GB heap out of memory before
      all.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/entities?filter=" + enc(doubling)))
          .build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (var future : all) {
      HttpResponse<String> response = future.get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      JsonNode body = Serialization.unmarshal(response.body(), JsonNode.class);
      assertThat(body.get("error").asText()).isEqualTo("ExpressionTooExpensive");
      assertThat(body.get("parameter").asText()).isEqualTo("filter");
      assertThat(body.get("message").asText()).startsWith("filter: line 1, column ")
          .contains("over the limit of 1,000,000");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    for (String filter : List.of(nest, hugeList)) {
      long one = System.nanoTime();
      HttpResponse<String> response = query("filter=" + enc(filter));
      assertThat(Duration.ofNanos(System.nanoTime() - one)).isLessThan(Duration.ofSeconds(1));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(Serialization.unmarshal(response.body(), JsonNode.class).get("error").asText())
          .isEqualTo("ExpressionTooExpensive");
    }
    assertBad("filter=" + enc(nest), "filter", "too expensive: an estimated 7,777,772 evaluation steps, over the budget");
    assertBad("filter=" + enc(hugeList), "filter", "a list literal of 1500 entries; at most 1000 are allowed");
    assertThat(usedHeapAfterGc() - heapBefore).as("heap growth in bytes").isLessThan(32L << 20);
  }

  /** While a caller's filtered search runs, their next one is a 429 with Retry-After; others are not held. */
  @Test
  void aSecondFilteredSearchOfTheSameCallerWhileOneRunsIsA429() throws Exception {
    String filter = "filter=" + enc("entity.name != ''");
    HttpResponse<String> refused;
    try (var running = server.api().expensiveRequests().acquire("address:127.0.0.1")) { // the demo's caller
      refused = query(filter);
      // A search without a filter is not held back.
      assertThat(query("blueprint=service").statusCode()).isEqualTo(200);
    }
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    JsonNode body = Serialization.unmarshal(refused.body(), JsonNode.class);
    assertThat(body.get("error").asText()).isEqualTo("TooManyRequests");
    assertThat(body.get("parameter").asText()).isEqualTo("filter");
    assertThat(body.get("message").asText()).contains("already have 1 search with a filter expression running");
    // Once it is over, the caller may search with a filter again, and holds nothing afterwards.
    assertThat(query(filter).statusCode()).isEqualTo(200);
    assertThat(server.api().expensiveRequests().callers()).isZero();
  }

  /** A filter within budget on each entity is stopped by the request's deadline over all of them. */
  @Test
  void theRequestDeadlineStopsAFilterOverManyEntitiesWithA400() {
    dev.portolan.search.EntitySearch search = server.api().search();
    dev.portolan.search.EntityQuery query = search.parse(java.util.Map.of("filter",
        List.of(dev.portolan.cel.CelLimitsTest.nestedAll(2))));
    assertThatThrownBy(() -> search.searchJson(query, namespace -> true,
        dev.portolan.cel.CelDeadline.in(Duration.ofNanos(1))))
        .isInstanceOfSatisfying(dev.portolan.search.QueryException.class, e -> {
          assertThat(e.error()).isEqualTo("ExpressionTooExpensive");
          assertThat(e.parameter()).isEqualTo("filter");
          assertThat(e.getMessage()).startsWith("filter: stopped on entity '")
              .contains("ran out of time: the limit is 0 ms for all of a request's evaluations together");
        });
    // The default deadline lets the same search finish.
    assertThat(search.search(query, namespace -> true).get("total").asInt()).isPositive();
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void assertBad(String query, String parameter, String message) throws Exception {
    HttpResponse<String> response = query(query);
    assertThat(response.statusCode()).as(query).isEqualTo(400);
    JsonNode body = Serialization.unmarshal(response.body(), JsonNode.class);
    assertThat(body.get("parameter").asText()).isEqualTo(parameter);
    assertThat(body.get("message").asText()).contains(message);
  }
}
