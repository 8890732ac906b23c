package dev.portolan.web.api;

import dev.portolan.web.auth.Access;

import static org.assertj.core.api.Assertions.assertThat;
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
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start();
    cluster.apply(ExampleResources.load(cluster.client(), Path.of("../examples")));
    operator = new PortolanOperator(cluster.client(), Clock.systemUTC(), null).start();
    base = "http://127.0.0.1:" + operator.serve("127.0.0.1", 0, Access.disabled()).port();
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

  private static void assertBad(String query, String parameter, String message) throws Exception {
    HttpResponse<String> response = query(query);
    assertThat(response.statusCode()).as(query).isEqualTo(400);
    JsonNode body = Serialization.unmarshal(response.body(), JsonNode.class);
    assertThat(body.get("parameter").asText()).isEqualTo(parameter);
    assertThat(body.get("message").asText()).contains(message);
  }
}
