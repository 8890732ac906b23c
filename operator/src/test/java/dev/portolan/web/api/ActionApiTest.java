package dev.portolan.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.PortolanOperator;
import dev.portolan.embedded.DemoJobRunner;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.CallerClients;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The action endpoints of the embedded demo, as a script or the web UI calls them. */
class ActionApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static EmbeddedCluster cluster;
  private static PortolanOperator operator;
  private static DemoJobRunner runner;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start();
    cluster.apply(ExampleResources.load(cluster.client(), Path.of("../examples")));
    operator = new PortolanOperator(cluster.client(), Clock.systemUTC(), null).start();
    runner = new DemoJobRunner(cluster.client(), Duration.ofMillis(200));
    base =
        "http://127.0.0.1:"
            + operator
                .serve(
                    "127.0.0.1",
                    0,
                    Access.disabled(),
                    CallerClients.embedded(
                        cluster.client(), operator.admission(), CallerClients.DEMO_USER))
                .port();
    await()
        .atMost(WAIT)
        .until(
            () ->
                json(get("/api/v1/actiondefinitions")).get("items").findValues("ready").stream()
                        .allMatch(JsonNode::asBoolean)
                    && json(get("/api/v1/actiondefinitions")).get("total").asInt() == 8);
  }

  @AfterAll
  static void stop() {
    runner.close();
    operator.close();
    cluster.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(item -> names.add(item.get("name").asText()));
    return names;
  }

  @Test
  void definitionsCarryTheirInputSchemas() throws Exception {
    JsonNode restart = json(get("/api/v1/actiondefinitions/restart-service"));
    assertThat(restart.get("operation").asText()).isEqualTo("Day2");
    assertThat(restart.at("/inputs/properties/reason/minLength").asInt()).isEqualTo(5);
    assertThat(restart.at("/inputs/required/0").asText()).isEqualTo("reason");
    assertThat(
            json(get("/api/v1/actiondefinitions/scaffold-service"))
                .get("approvalRequired")
                .asBoolean())
        .isTrue();
    assertThat(get("/api/v1/actiondefinitions/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void anEntityOffersTheActionsWhoseBlueprintAndConditionMatch() throws Exception {
    assertThat(names(json(get("/api/v1/namespaces/team-checkout/entities/cart")).get("actions")))
        .containsExactly("decommission-service", "open-remediation", "restart-service");
    assertThat(
            names(json(get("/api/v1/namespaces/team-checkout/entities/cart-cache")).get("actions")))
        .isEmpty();
    assertThat(names(json(get("/api/v1/namespaces/team-payments/entities/ledger")).get("actions")))
        .as(
            "ledger is a data-tier service, which the conditions of restart and decommission"
                + " exclude; the remediation run of 79-scorecard-automations.yaml has none")
        .containsExactly("open-remediation");
  }

  @Test
  void aRunPostedThroughTheApiRunsAndShowsOnItsEntityAndInTheList() throws Exception {
    HttpResponse<String> created =
        post(
            "/api/v1/namespaces/team-payments/actions",
            "{\"definition\":\"restart-service\",\"entity\":\"payments-api\",\"inputs\":{\"reason\":\"connection pool stuck\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String name = json(created).get("name").asText();
    assertThat(name).startsWith("restart-service-");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode now = json(get("/api/v1/namespaces/team-payments/actions/" + name));
              assertThat(now.get("phase").asText()).as(now.toString()).isEqualTo("Succeeded");
            });
    JsonNode run = json(get("/api/v1/namespaces/team-payments/actions/" + name));
    assertThat(run.at("/requestedBy/username").asText()).isEqualTo("demo");
    assertThat(run.get("job").asText()).isEqualTo(name);
    assertThat(run.get("inputs").get("reason").asText()).isEqualTo("connection pool stuck");
    assertThat(run.get("startTime").isNull()).isFalse();
    assertThat(run.get("completionTime").isNull()).isFalse();

    assertThat(
            names(
                json(get("/api/v1/namespaces/team-payments/entities/payments-api"))
                    .get("recentRuns")))
        .contains(name);
    assertThat(
            names(
                json(get("/api/v1/actions?definition=restart-service&phase=Succeeded"))
                    .get("items")))
        .contains(name);
    assertThat(
            json(get(
                    "/api/v1/actions?phase=Running&namespace=team-payments&definition=restart-service"))
                .get("items"))
        .isEmpty();
    assertThat(
            names(
                json(get("/api/v1/actions?entity=team-payments/payments-api&requester=demo"))
                    .get("items")))
        .contains(name);
  }

  @Test
  void inputsThatBreakTheSchemaAreRefusedAtOnceNamingTheInput() throws Exception {
    // payments-api meets the definition's condition, so the inputs are the only problem.
    HttpResponse<String> refused =
        post(
            "/api/v1/namespaces/team-payments/actions",
            "{\"definition\":\"restart-service\",\"entity\":\"payments-api\",\"inputs\":{\"reason\":\"no\"}}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("error").asText()).isEqualTo("InvalidInputs");
    assertThat(json(refused).get("field").asText()).isEqualTo("inputs.reason");
    assertThat(json(refused).get("message").asText())
        .isEqualTo("inputs.reason: must be at least 5 characters long" + " (got \"no\")");
    assertThat(json(refused).get("problems").toString())
        .isEqualTo(
            "[{\"field\":\"inputs.reason\",\"message\":\"inputs.reason: must be at least 5"
                + " characters long (got \\\"no\\\")\"}]");
  }

  @Test
  void badRequestsGetA400OrA404ThatNamesTheParameter() throws Exception {
    assertThat(
            json(post("/api/v1/namespaces/team-payments/actions", "{\"definition\":\"nope\"}"))
                .get("field")
                .asText())
        .isEqualTo("definition");
    assertThat(
            json(post(
                    "/api/v1/namespaces/team-payments/actions",
                    "{\"definition\":\"restart-service\"," + "\"colour\":\"red\"}"))
                .get("field")
                .asText())
        .isEqualTo("colour");
    assertThat(post("/api/v1/namespaces/team-payments/actions", "not json").statusCode())
        .isEqualTo(400);
    assertThat(json(get("/api/v1/actions?limit=501")).get("parameter").asText()).isEqualTo("limit");
    assertThat(json(get("/api/v1/actions?state=x")).get("parameter").asText()).isEqualTo("state");
    assertThat(get("/api/v1/namespaces/team-payments/actions/nope").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/namespaces/team-payments/actions/nope/log").statusCode())
        .isEqualTo(404);
  }
}
