package dev.portolan.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.web.PortalServer;
import dev.portolan.web.auth.Access;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API of the embedded demo, as curl would see it. */
class PortalServerTest {
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
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(get("/healthz").body()).isEqualTo("{\"status\":\"ok\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> get("/readyz").statusCode() == 200);
    assertThat(get("/readyz").headers().firstValue(PortalServer.AUTH_HEADER)).contains("disabled");
  }

  @Test
  void listsEntitiesWithTheirStatusAndFiltersThem() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                json(get("/api/v1/entities?blueprint=service&namespace=team-payments"))
                        .get("items")
                        .findValues("conditions")
                        .size()
                    == 2);
    JsonNode services = json(get("/api/v1/entities?blueprint=service&namespace=team-payments"));
    assertThat(services.get("total").asInt()).isEqualTo(2);
    assertThat(services.get("items").findValuesAsText("name")).contains("ledger", "payments-api");
    JsonNode ledger = services.get("items").get(0);
    assertThat(ledger.at("/spec/blueprint").asText()).isEqualTo("service");
    assertThat(ledger.at("/status/conditions/0/type").asText()).isEqualTo("Valid");
    assertThat(json(get("/api/v1/entities?owner=platform")).get("total").asInt()).isEqualTo(3);
  }

  @Test
  void answersOneEntityOrA404ThatSaysWhich() throws Exception {
    HttpResponse<String> found = get("/api/v1/namespaces/team-payments/entities/ledger");
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(json(found).at("/entity/spec/title").asText()).isEqualTo("Ledger");

    HttpResponse<String> missing = get("/api/v1/namespaces/team-payments/entities/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("message").asText())
        .isEqualTo("entity 'team-payments/nope' does not exist");

    HttpResponse<String> bad = get("/api/v1/namespaces/team-payments/entities/No_Such");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("parameter").asText()).isEqualTo("name");

    assertThat(get("/api/v1/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void anEntityCarriesItsScorecardResults() throws Exception {
    JsonNode ledger =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> json(get("/api/v1/namespaces/team-payments/entities/ledger")),
                e -> e.at("/entity/status/scorecards/production-readiness/level").isTextual());
    assertThat(ledger.at("/entity/status/scorecards/production-readiness/level").asText())
        .isEqualTo("Bronze");
    assertThat(ledger.at("/scorecards/production-readiness/level").asText()).isEqualTo("Bronze");
    JsonNode oncall = ledger.at("/entity/status/scorecards/production-readiness/rules/2");
    assertThat(oncall.get("name").asText()).isEqualTo("has-oncall");
    assertThat(oncall.get("level").asText()).isEqualTo("Silver");
    assertThat(oncall.get("passed").asBoolean()).isFalse();
  }

  @Test
  void scorecardsShowTheirLevelsRulesAndEntities() throws Exception {
    JsonNode one =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> json(get("/api/v1/scorecards/production-readiness")),
                s -> s.get("entities").asInt() == 5);
    assertThat(one.get("ready").asBoolean()).isTrue();
    assertThat(one.get("levels").toString())
        .isEqualTo("{\"None\":2,\"Bronze\":1,\"Silver\":1,\"Gold\":1}");
    assertThat(one.at("/entitiesByLevel/Gold/0/name").asText()).isEqualTo("payments-api");
    assertThat(one.at("/entitiesByLevel/Bronze/0/name").asText()).isEqualTo("ledger");
    JsonNode oncall =
        java.util.stream.StreamSupport.stream(one.get("rules").spliterator(), false)
            .filter(r -> r.get("name").asText().equals("has-oncall"))
            .findFirst()
            .orElseThrow();
    assertThat(oncall.get("passed").asInt() + oncall.get("failed").asInt()).isEqualTo(5);
    assertThat(oncall.get("passRate").asDouble())
        .isEqualTo(Math.round(1000.0 * oncall.get("passed").asInt() / 5) / 1000.0);
    JsonNode all = json(get("/api/v1/scorecards"));
    assertThat(all.get("total").asInt()).isEqualTo(3);
    assertThat(all.at("/items/0/name").asText()).isEqualTo("production-readiness");
    assertThat(all.at("/items/0/levels/Gold").asInt()).isEqualTo(1);
    assertThat(get("/api/v1/scorecards/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void aScorecardsHistoryHasTodaysPointAndTheOpenApiDocumentDescribesIt() throws Exception {
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    JsonNode history =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> json(get("/api/v1/scorecards/production-readiness/history")),
                h -> h.get("points").size() == 1 && h.at("/points/0/entities").asInt() == 5);
    assertThat(history.get("scope").asText()).isEqualTo("cluster");
    assertThat(history.has("withheld")).isFalse();
    assertThat(history.get("levels").toString())
        .isEqualTo("[\"None\",\"Bronze\",\"Silver\",\"Gold\"]");
    assertThat(history.at("/points/0/date").asText()).isEqualTo(today);
    assertThat(history.at("/points/0/levels").toString())
        .isEqualTo("{\"None\":2,\"Bronze\":1,\"Silver\":1,\"Gold\":1}");
    HttpResponse<String> missing = get("/api/v1/scorecards/nope/history");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("message").asText()).contains("scorecard 'nope' does not exist");
    assertThat(
            json(get("/api/v1/openapi.json")).at("/paths").has("/api/v1/scorecards/{name}/history"))
        .isTrue();
  }

  @Test
  void pagesAScorecardsEntitiesPerLevelAndKeepsTheCounts() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> json(get("/api/v1/scorecards/production-readiness")),
            s -> s.get("entities").asInt() == 5);
    JsonNode first = json(get("/api/v1/scorecards/production-readiness?limit=1&level=None"));
    assertThat(first.get("levels").toString())
        .isEqualTo("{\"None\":2,\"Bronze\":1,\"Silver\":1,\"Gold\":1}");
    assertThat(first.get("entitiesByLevel").size()).as("only the level asked for").isEqualTo(1);
    assertThat(first.at("/entitiesByLevel/None").size()).isEqualTo(1);
    assertThat(first.at("/nextOffset/None").asInt()).isEqualTo(1);

    JsonNode second =
        json(get("/api/v1/scorecards/production-readiness?limit=1&level=None&offset=1"));
    assertThat(second.at("/entitiesByLevel/None").size()).isEqualTo(1);
    assertThat(second.at("/entitiesByLevel/None/0/name").asText())
        .isNotEqualTo(first.at("/entitiesByLevel/None/0/name").asText());
    assertThat(second.get("nextOffset").has("None")).as("the last page").isFalse();

    JsonNode counts = json(get("/api/v1/scorecards/production-readiness?limit=0"));
    assertThat(counts.at("/entitiesByLevel/Gold").size()).isZero();
    assertThat(counts.at("/nextOffset/Gold").asInt()).isZero();
    HttpResponse<String> refused = get("/api/v1/scorecards/production-readiness?limit=501");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("parameter").asText()).isEqualTo("limit");
  }

  @Test
  void servesBlueprintsAndPrometheusMetrics() throws Exception {
    assertThat(
            java.util.stream.StreamSupport.stream(
                    json(get("/api/v1/blueprints")).get("items").spliterator(), false)
                .map(b -> b.at("/metadata/name").asText())
                .toList())
        .containsExactly(
            "access-grant",
            "database",
            "environment",
            "k8s-service",
            "namespace",
            "service",
            "system",
            "team",
            "workload");
    assertThat(get("/api/v1/blueprints/nope").statusCode()).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> get("/metrics").body().contains("portolan_status_writes_total{kind=\"Entity\"}"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                get("/metrics")
                    .body()
                    .contains(
                        "portolan_scorecard_entities{level=\"Gold\",scorecard=\"production-readiness\"} 1.0\n"));
  }
}
