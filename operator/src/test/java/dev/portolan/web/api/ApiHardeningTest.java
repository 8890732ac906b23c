package dev.portolan.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.Caller;
import dev.portolan.web.auth.CallerClients;
import dev.portolan.web.http.AllowedHosts;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #14, the web half, as an attacker or a careless client would meet it on the embedded demo:
 * cross-site writes, the host allow-list, one error body for every refusal (the server's own
 * included), HEAD, strict input, and runs refused before the 201 when they could never run.
 */
class ApiHardeningTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String RUNS = "/api/v1/namespaces/team-payments/actions";
  private static final String GOOD_RUN =
      "{\"definition\":\"restart-service\",\"entity\":\"payments-api\",\"inputs\":{\"reason\":\"connection pool stuck\"}}";
  private static EmbeddedCluster cluster;
  private static PortolanOperator operator;
  private static int port;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start();
    cluster.apply(ExampleResources.load(cluster.client(), Path.of("../examples")));
    ActionDefinition leadsOnly =
        Serialization.unmarshal(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: ActionDefinition
        metadata: {name: leads-only-restart}
        spec:
          title: Restart, for leads
          blueprint: service
          operation: Day2
          allowed: {groups: [platform-leads]}
          job: {template: {spec: {restartPolicy: Never, containers: [{name: run, image: busybox}]}}}
        """,
            ActionDefinition.class);
    cluster.client().resource(leadsOnly).create();
    operator = new PortolanOperator(cluster.client(), Clock.systemUTC(), null).start();
    // Authentication is off except for two tokens that make authentication itself fail with a
    // java.lang.Error, as an out-of-memory or a runaway recursion in a handler would.
    Access failing =
        new Access() {
          @Override
          public Caller authenticate(String token) {
            if ("overflow".equals(token)) {
              throw new StackOverflowError();
            }
            if ("oom".equals(token)) {
              throw new OutOfMemoryError("Java heap space");
            }
            return Caller.anyone();
          }

          @Override
          public String describe() {
            return "disabled";
          }
        };
    port =
        operator
            .serve(
                "127.0.0.1",
                0,
                failing,
                CallerClients.embedded(
                    cluster.client(), operator.admission(), CallerClients.DEMO_USER),
                AllowedHosts.loopbackAnd(List.of("portal.test")))
            .port();
    base = "http://127.0.0.1:" + port;
    await()
        .atMost(WAIT)
        .until(
            () ->
                json(get("/api/v1/actiondefinitions")).get("items").findValues("ready").stream()
                        .allMatch(JsonNode::asBoolean)
                    && json(get("/api/v1/actiondefinitions")).get("total").asInt() == 9);
    await()
        .atMost(WAIT)
        .until(
            () ->
                get("/api/v1/namespaces/team-payments/entities/payments-api").statusCode() == 200);
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

  private static HttpResponse<String> send(
      String method, String path, String contentType, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postJson(String path, String body, String... headers)
      throws Exception {
    return send("POST", path, "application/json", body, headers);
  }

  private static JsonNode json(HttpResponse<String> response) {
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }

  /** A request written by hand on a socket: the Host header, and sizes no HTTP client sends. */
  private static Raw raw(String head) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      return new Raw(text.substring(0, end), text.substring(end + 4));
    }
  }

  private record Raw(String head, String body) {
    int status() {
      return Integer.parseInt(head.substring(9, 12));
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          return line.substring(name.length() + 1).strip();
        }
      }
      return null;
    }

    JsonNode json() {
      return Serialization.unmarshal(body, JsonNode.class);
    }
  }

  private static int runs() {
    return cluster.client().resources(Action.class).inAnyNamespace().list().getItems().size();
  }

  /** Every error body has the one shape, and its request id is the response's X-Request-Id. */
  private static JsonNode assertError(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = json(response);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("error").asText()).isEqualTo(error);
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(body.get("requestId").asText())
        .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    return body;
  }

  private static void assertError(Raw response, int status, String error) {
    assertThat(response.status()).as(response.head()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    JsonNode body = response.json();
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("error").asText()).isEqualTo(error);
    assertThat(body.get("requestId").asText()).isEqualTo(response.header("X-Request-Id"));
  }

  // 1. Cross-site writes

  @Test
  void aCrossSiteOrNonJsonWriteIsRefusedAndCreatesNothing() throws Exception {
    int before = runs();
    JsonNode plain =
        assertError(
            send(
                "POST",
                RUNS,
                "text/plain",
                GOOD_RUN,
                "Origin",
                "https://evil.example",
                "Sec-Fetch-Site",
                "cross-site"),
            403,
            "CrossSiteRequest");
    assertThat(plain.get("message").asText()).contains("another site");
    assertThat(
            assertError(send("POST", RUNS, "text/plain", GOOD_RUN), 415, "UnsupportedMediaType")
                .get("field")
                .asText())
        .isEqualTo("body");
    assertError(
        send("POST", RUNS, "application/x-www-form-urlencoded", "definition=restart-service"),
        415,
        "UnsupportedMediaType");
    assertError(postJson(RUNS, GOOD_RUN, "Sec-Fetch-Site", "cross-site"), 403, "CrossSiteRequest");
    assertError(postJson(RUNS, GOOD_RUN, "Sec-Fetch-Site", "same-site"), 403, "CrossSiteRequest");
    assertThat(
            assertError(
                    postJson(RUNS, GOOD_RUN, "Origin", "https://evil.example"),
                    403,
                    "CrossSiteRequest")
                .get("message")
                .asText())
        .contains("https://evil.example");
    assertError(
        send("POST", RUNS + "/whatever/decision", "text/plain", "{\"decision\":\"approved\"}"),
        415,
        "UnsupportedMediaType");
    assertError(
        postJson(
            RUNS + "/whatever/decision",
            "{\"decision\":\"approved\"}",
            "Sec-Fetch-Site",
            "cross-site"),
        403,
        "CrossSiteRequest");
    assertThat(runs()).isEqualTo(before);

    // The portal's own pages (same origin) and clients that are not browsers may.
    assertThat(
            postJson(RUNS, GOOD_RUN, "Origin", base, "Sec-Fetch-Site", "same-origin").statusCode())
        .isEqualTo(201);
    assertThat(send("POST", RUNS, "application/json; charset=utf-8", GOOD_RUN).statusCode())
        .isEqualTo(201);
  }

  @Test
  void onlyTheAllowedHostNamesAreAnswered() throws Exception {
    Raw rebound =
        raw(
            "GET /api/v1/entities HTTP/1.1\r\nHost: attacker.example:"
                + port
                + "\r\nConnection: close\r\n\r\n");
    assertError(rebound, 421, "MisdirectedRequest");
    assertThat(rebound.json().get("message").asText())
        .contains("127.0.0.1, localhost, [::1], portal.test");
    for (String host :
        List.of(
            "127.0.0.1:" + port,
            "localhost:" + port,
            "[::1]:" + port,
            "LOCALHOST",
            "portal.test")) {
      assertThat(
              raw("GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .status())
          .as(host)
          .isEqualTo(200);
    }
  }

  // 2. One error format everywhere

  @Test
  void theServersOwnRefusalsHaveTheOneErrorFormat() throws Exception {
    assertThat(assertError(get("/api/v1/nothing"), 404, "NotFound").get("message").asText())
        .contains("GET /api/v1/nothing");
    HttpResponse<String> wrongMethod = send("DELETE", "/api/v1/blueprints", null, null);
    assertError(wrongMethod, 405, "MethodNotAllowed");
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET, HEAD");
    HttpResponse<String> getOnPost = get(RUNS);
    assertError(getOnPost, 405, "MethodNotAllowed");
    assertThat(getOnPost.headers().firstValue("Allow")).contains("POST");

    JsonNode tooLarge =
        assertError(
            postJson(RUNS, "{\"definition\":\"" + "x".repeat(1_100_000) + "\"}"),
            413,
            "ContentTooLarge");
    assertThat(tooLarge.get("message").asText()).contains("1048576 bytes");
    Raw longUri =
        raw(
            "GET /api/v1/entities?q="
                + "a".repeat(10_000)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
    assertError(longUri, 414, "UriTooLong");
    Raw bigHeaders =
        raw(
            "GET /api/v1/entities HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                + "b".repeat(10_000)
                + "\r\nConnection: close\r\n\r\n");
    assertError(bigHeaders, 431, "RequestHeaderFieldsTooLarge");
  }

  @Test
  void anErrorInAHandlerIsA500WithABodyNotAnEmptyAnswer() throws Exception {
    for (String token : List.of("overflow", "oom")) {
      JsonNode body =
          assertError(
              send("GET", "/api/v1/blueprints", null, null, "Authorization", "Bearer " + token),
              500,
              "InternalError");
      assertThat(body.get("message").asText())
          .contains("operator's log")
          .contains(body.get("requestId").asText());
    }
    assertThat(get("/api/v1/blueprints").statusCode()).as("the server answers on").isEqualTo(200);
  }

  @Test
  void everyResponseCarriesARequestId() throws Exception {
    HttpResponse<String> ok = get("/healthz");
    HttpResponse<String> again = get("/healthz");
    assertThat(ok.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{16}"));
    assertThat(again.headers().firstValue("X-Request-Id"))
        .isNotEqualTo(ok.headers().firstValue("X-Request-Id"));
    assertThat(get("/catalog").headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void headIsAnsweredLikeGetWithoutABodyAndOnlyWhereGetIs() throws Exception {
    HttpResponse<String> api = send("HEAD", "/api/v1/blueprints", null, null);
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.body()).isEmpty();
    assertThat(api.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    HttpResponse<String> page = send("HEAD", "/catalog", null, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEmpty();
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(
            send("HEAD", "/api/v1/namespaces/team-payments/entities/nope", null, null).statusCode())
        .isEqualTo(404);
    assertThat(send("HEAD", "/api/v1/nothing", null, null).statusCode()).isEqualTo(404);
    HttpResponse<String> postOnly = send("HEAD", RUNS, null, null);
    assertThat(postOnly.statusCode()).isEqualTo(405);
    assertThat(postOnly.headers().firstValue("Allow")).contains("POST");
  }

  // 3. Strict input

  @Test
  void jsonBodiesAreReadStrictly() throws Exception {
    int before = runs();
    assertThat(
            assertError(
                    postJson(RUNS, GOOD_RUN + " {\"definition\":\"decommission-service\"}"),
                    400,
                    "InvalidJson")
                .get("message")
                .asText())
        .contains("Trailing token");
    JsonNode duplicate =
        assertError(
            postJson(
                RUNS,
                "{\"definition\":\"restart-service\",\"entity\":\"payments-api\","
                    + "\"entity\":\"cart\",\"inputs\":{\"reason\":\"connection pool stuck\"}}"),
            400,
            "InvalidJson");
    assertThat(duplicate.get("message").asText()).contains("Duplicate field 'entity'");
    assertThat(duplicate.get("field").asText()).isEqualTo("entity");
    assertError(
        postJson(RUNS, "{\"definition\":\"restart-service\",\"inputs\":{\"reason\":NaN}}"),
        400,
        "InvalidJson");
    assertThat(
            assertError(
                    postJson(
                        RUNS, "{\"definition\":\"restart-service\",\"inputs\":{\"count\":1e999}}"),
                    400,
                    "InvalidJson")
                .get("field")
                .asText())
        .isEqualTo("inputs.count");
    JsonNode notText = assertError(postJson(RUNS, "{\"definition\":123}"), 400, "BadRequest");
    assertThat(notText.get("message").asText()).startsWith("definition must be a string");
    assertThat(notText.get("field").asText()).isEqualTo("definition");
    assertThat(notText.has("parameter")).isFalse();
    assertThat(
            assertError(
                    postJson(RUNS, "{\"definition\":\"restart-service\",\"entity\":[\"cart\"]}"),
                    400,
                    "BadRequest")
                .get("message")
                .asText())
        .startsWith("entity must be a string");
    assertThat(
            assertError(
                    postJson(
                        RUNS,
                        "{\"definition\":\"restart-service\",\"entity\":\"payments-api\","
                            + "\"generateName\":7}"),
                    400,
                    "BadRequest")
                .get("field")
                .asText())
        .isEqualTo("generateName");
    assertError(postJson(RUNS + "/whatever/decision", "{\"decision\":true}"), 400, "BadRequest");
    assertThat(runs()).isEqualTo(before);
  }

  @Test
  void numbersEnumsAndRepeatedOrMalformedParametersAreRefusedByName() throws Exception {
    for (String value : List.of("2d", "NaN", "Infinity", "0x10", "2f")) {
      JsonNode body =
          assertError(get("/api/v1/entities?property=replicas%3E%3D" + value), 400, "BadRequest");
      assertThat(body.get("parameter").asText()).as(value).isEqualTo("property");
    }
    assertThat(get("/api/v1/entities?property=replicas%3E%3D2").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/entities?property=replicas%3E%3D-1.5e0").statusCode()).isEqualTo(200);

    JsonNode phase = assertError(get("/api/v1/actions?phase=AAA"), 400, "BadRequest");
    assertThat(phase.get("parameter").asText()).isEqualTo("phase");
    assertThat(phase.get("message").asText())
        .contains("Pending, WaitingForApproval, Running, Succeeded, Failed, Rejected");

    for (String query :
        List.of(
            "root=team-payments/ledger&root=team-payments/payments-api",
            "root=team-payments/ledger&depth=1&depth=2")) {
      String name = query.contains("depth=2") ? "depth" : "root";
      assertThat(
              assertError(get("/api/v1/graph?" + query), 400, "BadRequest")
                  .get("parameter")
                  .asText())
          .isEqualTo(name);
    }
    assertThat(
            assertError(get("/api/v1/actions?limit=1&limit=2"), 400, "BadRequest")
                .get("parameter")
                .asText())
        .isEqualTo("limit");
    assertThat(
            assertError(get("/api/v1/entities?limit=1&limit=2"), 400, "BadRequest")
                .get("parameter")
                .asText())
        .isEqualTo("limit");
    assertThat(
            assertError(get("/api/v1/actions?limit=%2B5"), 400, "BadRequest")
                .get("parameter")
                .asText())
        .isEqualTo("limit");

    Raw percent =
        raw(
            "GET /api/v1/entities?blueprint=service&q=% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertError(percent, 400, "BadRequest");
    assertThat(percent.json().get("parameter").asText()).isEqualTo("q");
    assertThat(percent.json().get("message").asText()).contains("%25");
    assertThat(
            assertError(get("/api/v1/entities?q=%E0%A4"), 400, "BadRequest")
                .get("parameter")
                .asText())
        .isEqualTo("q");
    assertThat(get("/api/v1/entities?q=%25").statusCode()).isEqualTo(200);
  }

  // 5. An Action that is accepted can run

  @Test
  void aRunThatCouldNeverRunIsRefusedBeforeThe201WithEveryProblem() throws Exception {
    int before = runs();
    JsonNode missing =
        assertError(
            postJson(
                RUNS,
                "{\"definition\":\"restart-service\",\"entity\":\"nope\","
                    + "\"inputs\":{\"reason\":\"connection pool stuck\"}}"),
            404,
            "EntityNotFound");
    assertThat(missing.get("field").asText()).isEqualTo("entity");
    assertThat(missing.get("message").asText()).contains("no entity team-payments/nope");

    JsonNode both =
        assertError(
            postJson(
                RUNS,
                "{\"definition\":\"restart-service\",\"entity\":\"nope\","
                    + "\"inputs\":{\"reason\":\"no\"}}"),
            400,
            "MultipleProblems");
    assertThat(both.get("message").asText())
        .contains("inputs.reason: must be at least 5 characters long")
        .contains("entity: no entity team-payments/nope");
    assertThat(both.get("field").asText()).isEqualTo("inputs.reason");
    assertThat(both.get("problems")).hasSize(2);
    assertThat(both.get("problems").get(0).get("field").asText()).isEqualTo("inputs.reason");
    assertThat(both.get("problems").get(0).get("message").asText())
        .startsWith("inputs.reason: must be at least 5 characters long");
    assertThat(both.get("problems").get(1).get("field").asText()).isEqualTo("entity");
    assertThat(both.get("problems").get(1).get("message").asText())
        .startsWith("entity: no entity team-payments/nope");

    JsonNode wrongBlueprint =
        assertError(
            postJson(
                "/api/v1/namespaces/team-checkout/actions",
                "{\"definition\":\"restart-service\",\"entity\":\"cart-cache\",\"inputs\":{\"reason\":\"connection pool stuck\"}}"),
            400,
            "WrongBlueprint");
    assertThat(wrongBlueprint.get("message").asText()).contains("acts on service entities");

    JsonNode createWithEntity =
        assertError(
            postJson(
                RUNS,
                "{\"definition\":\"scaffold-service\",\"entity\":"
                    + "\"payments-api\",\"inputs\":{\"name\":\"new-service\",\"system\":\"team-payments/payments\"}}"),
            400,
            "InvalidEntityReference");
    assertThat(createWithEntity.get("message").asText()).contains("remove entity");

    JsonNode day2WithoutEntity =
        assertError(
            postJson(
                RUNS,
                "{\"definition\":\"restart-service\","
                    + "\"inputs\":{\"reason\":\"connection pool stuck\"}}"),
            400,
            "InvalidEntityReference");
    assertThat(day2WithoutEntity.get("field").asText()).isEqualTo("entity");

    JsonNode otherNamespace =
        assertError(
            postJson(
                RUNS,
                "{\"definition\":\"restart-service\",\"entity\":"
                    + "\"team-checkout/cart\",\"inputs\":{\"reason\":\"connection pool stuck\"}}"),
            400,
            "InvalidEntityReference");
    assertThat(otherNamespace.get("message").asText()).contains("another namespace");

    JsonNode noNamespace =
        assertError(
            postJson(
                "/api/v1/namespaces/team-nowhere/actions",
                "{\"definition\":"
                    + "\"scaffold-service\",\"inputs\":{\"name\":\"new-service\",\"system\":\"team-payments/payments\"}}"),
            404,
            "NamespaceNotFound");
    assertThat(noNamespace.get("parameter").asText()).isEqualTo("namespace");
    assertThat(noNamespace.get("message").asText())
        .contains("namespaces \"team-nowhere\" not found");

    for (String name : List.of("restart with spaces-", "x".repeat(300), "Restart-", "-restart")) {
      JsonNode badName =
          assertError(
              postJson(
                  RUNS,
                  "{\"definition\":\"restart-service\",\"entity\":\"payments-api\","
                      + "\"inputs\":{\"reason\":\"connection pool stuck\"},\"generateName\":\""
                      + name
                      + "\"}"),
              400,
              "BadRequest");
      assertThat(badName.get("field").asText()).as(name).isEqualTo("generateName");
    }

    JsonNode notAllowed =
        assertError(
            postJson(
                RUNS, "{\"definition\":\"leads-only-restart\",\"entity\":" + "\"payments-api\"}"),
            403,
            "NotAllowed");
    assertThat(notAllowed.get("message").asText())
        .contains("requester demo may not run leads-only-restart");

    JsonNode condition =
        assertError(
            postJson(
                RUNS,
                "{\"definition\":\"restart-service\",\"entity\":\"ledger\","
                    + "\"inputs\":{\"reason\":\"connection pool stuck\"}}"),
            400,
            "ConditionNotMet");
    assertThat(condition.get("field").asText()).isEqualTo("entity");
    assertThat(runs()).as("no refused run was stored").isEqualTo(before);

    HttpResponse<String> named =
        postJson(
            RUNS,
            "{\"definition\":\"restart-service\",\"entity\":\"payments-api\","
                + "\"inputs\":{\"reason\":\"connection pool stuck\"},\"generateName\":\""
                + "r".repeat(57)
                + "-\"}");
    assertThat(named.statusCode()).as(named.body()).isEqualTo(201);
    // The API server adds five characters (a 63-character name, the longest a Job may have); the
    // in-memory one adds more, so only the prefix is asserted here.
    assertThat(json(named).get("name").asText()).startsWith("r".repeat(57) + "-");
    assertThat(runs()).isEqualTo(before + 1);
  }

  @Test
  void theOpenApiDocumentStillDescribesTheErrorBody() throws Exception {
    JsonNode error =
        json(get("/api/v1/openapi.json")).at("/components/schemas/ApiError/properties");
    assertThat(error.has("field")).isTrue();
    assertThat(error.has("requestId")).isTrue();
  }
}
