package dev.portolan.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.Caller;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example automations as the API and the portal show them: the list and one, filtered by what
 * the caller may see, and what will happen to an environment and when.
 */
class AutomationApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Instant EXPIRES = Instant.now().plus(2, ChronoUnit.DAYS);

  private static EmbeddedCluster cluster;
  private static PortolanOperator operator;
  private static String base;

  /** Token "all" sees every namespace; any other only team-checkout. */
  private static final Access TWO_CALLERS =
      new Access() {
        @Override
        public Caller authenticate(String token) {
          return "all".equals(token)
              ? new Caller(token, null, ns -> true)
              : new Caller(token, null, "team-checkout"::equals);
        }

        @Override
        public String describe() {
          return "kubernetes";
        }
      };

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start();
    cluster.apply(ExampleResources.load(cluster.client(), Path.of("../examples")));
    cluster.apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: pr-1234, namespace: platform}
        spec:
          blueprint: environment
          owner: checkout
          properties: {namespace: env-pr-1234, size: small, expiresAt: "%s"}
        """
            .formatted(EXPIRES.truncatedTo(ChronoUnit.SECONDS)));
    operator = new PortolanOperator(cluster.client(), Clock.systemUTC(), null).start();
    base = "http://127.0.0.1:" + operator.serve("127.0.0.1", 0, TWO_CALLERS).port();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(get("/api/v1/automations", "all")).get("total").asInt() == 4);
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .header("Accept", path.startsWith("/api/") ? "application/json" : "text/html")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }

  @Test
  void theExampleAutomationsAreListedWithWhatTriggersThemAndWhatTheyDo() throws Exception {
    JsonNode all = json(get("/api/v1/automations", "all"));
    assertThat(all.get("items").findValuesAsText("name"))
        .containsExactly(
            "expire-environments",
            "notify-below-silver",
            "remediate-below-silver",
            "revoke-expired-access");
    JsonNode expire = all.at("/items/0");
    assertThat(expire.get("namespace").asText()).isEqualTo("platform");
    assertThat(expire.get("serviceAccountName").asText()).isEqualTo("environment-reaper");
    assertThat(expire.get("trigger").asText()).isEqualTo("DateTimeReached");
    assertThat(expire.get("triggerDetail").asText()).isEqualTo("environment.expiresAt");
    assertThat(expire.at("/effects/startAction").asText()).isEqualTo("delete-environment");
    assertThat(expire.at("/effects/notifySecret").isNull()).isTrue();
    assertThat(expire.get("namespaceSelector").isNull()).isTrue();
    assertThat(expire.get("recent").isArray()).isTrue();

    JsonNode notify = all.at("/items/1");
    assertThat(notify.at("/effects/notifySecret").asText()).isEqualTo("team-hook");
    assertThat(notify.at("/effects/notifyFormat").asText()).isEqualTo("Slack");
    assertThat(notify.at("/effects/event").asText()).isEqualTo("BelowSilver");
    assertThat(notify.get("namespaceSelector").asText())
        .isEqualTo("kubernetes.io/metadata.name in (team-payments,team-checkout)");

    JsonNode timed = json(get("/api/v1/automations?trigger=DateTimeReached", "all"));
    assertThat(timed.get("items").findValuesAsText("name"))
        .containsExactly("expire-environments", "revoke-expired-access");
    assertThat(json(get("/api/v1/automations?namespace=team-checkout", "all")).get("total").asInt())
        .isZero();

    JsonNode one =
        json(get("/api/v1/namespaces/platform/automations/remediate-below-silver", "all"));
    assertThat(one.get("condition").asText())
        .isEqualTo("from in ['Silver', 'Gold'] && !(to in ['Silver', 'Gold'])");
    assertThat(one.get("trigger").asText()).isEqualTo("ScorecardLevelChanged");
    assertThat(one.get("triggerDetail").asText()).isEqualTo("production-readiness");
  }

  @Test
  void theOperatorFindsEveryExampleAutomationReady() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(json(get("/api/v1/automations", "all")).get("items"))
                    .hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(
                        a ->
                            assertThat(a.get("ready").asBoolean())
                                .as(a.get("name") + ": " + a.get("message"))
                                .isTrue()));
  }

  @Test
  void aCallerSeesOnlyTheAutomationsOfTheNamespacesTheyMayRead() throws Exception {
    assertThat(json(get("/api/v1/automations", "team")).get("total").asInt()).isZero();
    HttpResponse<String> hidden =
        get("/api/v1/namespaces/platform/automations/expire-environments", "team");
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(json(hidden).get("message").asText())
        .isEqualTo("automation 'platform/expire-environments' does not exist");
    assertThat(get("/automations", "team").body())
        .contains("No automations in the namespaces you may see")
        .doesNotContain("expire-environments");
  }

  @Test
  void aBadTriggerOrParameterIsRefusedByName() throws Exception {
    HttpResponse<String> trigger = get("/api/v1/automations?trigger=Expiry", "all");
    assertThat(trigger.statusCode()).isEqualTo(400);
    assertThat(json(trigger).get("parameter").asText()).isEqualTo("trigger");
    assertThat(json(trigger).get("message").asText())
        .isEqualTo(
            "trigger must be one of EntityCreated, EntityUpdated, EntityDeleted,"
                + " ScorecardLevelChanged, DateTimeReached, ActionFinished, Schedule, not 'Expiry'");
    HttpResponse<String> unknown = get("/api/v1/automations?blueprint=service", "all");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("parameter").asText()).isEqualTo("blueprint");
  }

  @Test
  void anEnvironmentSaysWhenItWillBeDeletedAndByWhat() throws Exception {
    JsonNode due = json(get("/api/v1/namespaces/platform/entities/pr-1234/automations", "all"));
    assertThat(due.get("total").asInt()).isEqualTo(1);
    JsonNode expiry = due.at("/items/0");
    assertThat(expiry.get("automation").asText()).isEqualTo("platform/expire-environments");
    assertThat(expiry.get("property").asText()).isEqualTo("expiresAt");
    assertThat(expiry.get("dueAt").asText())
        .isEqualTo(EXPIRES.truncatedTo(ChronoUnit.SECONDS).toString());
    assertThat(expiry.get("state").asText()).isEqualTo("Scheduled");
    assertThat(expiry.get("secondsLeft").asLong()).isBetween(2 * 86_400L - 120, 2 * 86_400L);
    assertThat(expiry.at("/effects/startAction").asText()).isEqualTo("delete-environment");

    assertThat(
            json(get("/api/v1/namespaces/team-checkout/entities/cart/automations", "all"))
                .get("total")
                .asInt())
        .as("no date-time automation covers a service")
        .isZero();
    assertThat(get("/api/v1/namespaces/platform/entities/pr-1234/automations", "team").statusCode())
        .isEqualTo(404);

    String page = get("/entities/platform/pr-1234", "all").body();
    assertThat(page)
        .contains("What will happen")
        .contains("platform/expire-environments")
        .contains("runs delete-environment")
        .contains("in 1 d 23 h");
    assertThat(get("/entities/team-checkout/cart", "all").body())
        .doesNotContain("What will happen");
  }

  @Test
  void theAutomationsPageShowsEachWithItsIdentityAndEffects() throws Exception {
    String page = get("/automations", "all").body();
    assertThat(page)
        .contains("<h1>Automations</h1>")
        .contains("id=\"automation-platform-expire-environments\"")
        .contains("as ServiceAccount <strong>environment-reaper</strong>")
        .contains("starts delete-environment")
        .contains("notifies (Slack) through Secret team-hook")
        .contains("<code>from in ['Silver', 'Gold'] &amp;&amp; !(to in ['Silver', 'Gold'])</code>");
  }
}
