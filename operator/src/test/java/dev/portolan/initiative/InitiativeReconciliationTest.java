package dev.portolan.initiative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Entity;
import dev.portolan.model.Initiative;
import dev.portolan.model.InitiativeStatus;
import dev.portolan.web.PortalServer;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.Caller;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Initiatives end to end against the in-memory API server, at a fixed moment half-way between the
 * start and the deadline: the status a user reads as entities are fixed, the Events of each phase,
 * and the API's counts for a caller who sees one namespace.
 */
class InitiativeReconciliationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Instant HALF_WAY = Instant.parse("2026-12-06T00:00:00Z");
  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private PortolanOperator operator;

  @BeforeEach
  void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    operator = new PortolanOperator(client, Clock.fixed(HALF_WAY, ZoneOffset.UTC), null).start();
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
  }

  private static String service(
      String namespace, String name, String owner, String tier, int replicas) {
    return """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: %s, namespace: %s}
        spec: {blueprint: service, owner: %s, properties: {tier: %s, replicas: %d}}
        ---
        """
        .formatted(name, namespace, owner, tier, replicas);
  }

  private static final String CATALOG =
      """
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: service}
      spec:
        title: Service
        properties: {tier: {type: string}, replicas: {type: integer, default: 1}}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Scorecard
      metadata: {name: readiness}
      spec:
        blueprint: service
        levels: [Bronze, Silver]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
          - {name: ha, level: Silver, expression: "entity.properties.replicas >= 2"}
      ---
      """
          + service("team-a", "api", "payments", "backend", 3)
          + service("team-a", "worker", "payments", "backend", 1)
          + service("team-b", "ledger", "ledgers", "backend", 1)
          + service("team-b", "web", "checkout", "frontend", 1);

  private static final String INITIATIVE =
      """
          apiVersion: portolan.dev/v1alpha1
          kind: Initiative
          metadata: {name: backend-silver}
          spec:
            scorecard: readiness
            title: Every backend service Silver
            level: Silver
            filter: "entity.properties.tier == 'backend'"
            startDate: "2026-12-01"
            deadline: "2026-12-10"
          """;

  /** The catalog graded first, so that the initiative's first count is of every entity. */
  private void applyGradedCatalogAnd(String initiative) {
    cluster.apply(CATALOG);
    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(dev.portolan.model.Scorecard.class).withName("readiness").get(),
            s -> s.getStatus() != null && Integer.valueOf(4).equals(s.getStatus().entities));
    cluster.apply(initiative);
  }

  private InitiativeStatus awaitStatus(Predicate<InitiativeStatus> until) {
    return await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Initiative.class).withName("backend-silver").get().getStatus(),
            s -> s != null && until.test(s));
  }

  private void scale(String namespace, String name, int replicas) {
    client
        .resources(Entity.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            e -> {
              e.getSpec()
                  .properties
                  .put("replicas", Serialization.jsonMapper().valueToTree(replicas));
              return e;
            });
  }

  private List<String> events() {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> "backend-silver".equals(e.getInvolvedObject().getName()))
        .sorted(
            java.util.Comparator.comparing(Event::getFirstTimestamp)
                .thenComparing(Event::getReason))
        .map(e -> e.getType() + " " + e.getReason())
        .toList();
  }

  @Test
  void countsTheCoveredEntitiesFromTheirGradesAndMovesFromAtRiskToMetAsTheyAreFixed() {
    applyGradedCatalogAnd(INITIATIVE);
    InitiativeStatus atRisk = awaitStatus(s -> Integer.valueOf(3).equals(s.covered));
    assertThat(atRisk.passing).isEqualTo(1);
    assertThat(atRisk.failing).isEqualTo(2);
    assertThat(atRisk.percent).isEqualTo(33);
    assertThat(atRisk.expectedPercent).isEqualTo(50);
    assertThat(atRisk.daysLeft).isEqualTo(4);
    assertThat(atRisk.target).isEqualTo("Silver");
    assertThat(atRisk.phase).isEqualTo("AtRisk");
    assertThat(atRisk.phaseReason).isEqualTo("BehindSchedule");
    assertThat(atRisk.owners)
        .extracting(o -> o.owner + " " + o.passing + "/" + o.covered)
        .containsExactly("payments 1/2", "ledgers 0/1"); // one failing each: the most covered first
    assertThat(atRisk.otherOwners).isNull();
    assertThat(atRisk.history)
        .extracting(p -> p.date + " " + p.passing + "/" + p.covered)
        .containsExactly("2026-12-06 1/3");
    assertThat(atRisk.namespaces).containsExactly("team-a", "team-b");
    assertThat(Conditions.find(atRisk.conditions, "Ready").orElseThrow().getStatus())
        .isEqualTo("True");

    scale("team-a", "worker", 2);
    InitiativeStatus onTrack = awaitStatus(s -> Integer.valueOf(2).equals(s.passing));
    assertThat(onTrack.phase).isEqualTo("OnTrack");
    assertThat(onTrack.history).hasSize(1); // the day's last figures, one point per day
    scale("team-b", "ledger", 2);
    InitiativeStatus met = awaitStatus(s -> "Met".equals(s.phase));
    assertThat(met.percent).isEqualTo(100);
    assertThat(met.phaseMessage).isEqualTo("all 3 covered entities reach Silver");
    assertThat(met.history)
        .extracting(p -> p.date + " " + p.passing + "/" + p.covered)
        .containsExactly("2026-12-06 3/3");
    await().atMost(WAIT).until(this::events, e -> e.size() == 3);
    assertThat(events())
        .containsExactlyInAnyOrder("Warning AtRisk", "Normal OnTrack", "Normal Met");
  }

  /**
   * The in-memory API server has no admission, so the records admission would write are put on the
   * waiver here (as in {@code WaiverReconciliationTest}).
   */
  private static final String LEDGER_HA_WAIVER =
      """
      apiVersion: portolan.dev/v1alpha1
      kind: Waiver
      metadata:
        name: ledger-ha
        namespace: team-b
        annotations:
          portolan.dev/requested-by: '%s'
          portolan.dev/approval: approved
          portolan.dev/decided-by: '%s'
      spec:
        entity: ledger
        scorecard: readiness
        rules: [ha]
        reason: moving to a replicated store
        expiresAt: "2026-12-08T00:00:00Z"
      """
          .formatted(
              new dev.portolan.action.ActionRecords.Identity("alice", List.of("dev"), null)
                  .toJson(),
              new dev.portolan.action.ActionRecords.Identity(
                      "lead", List.of("leads"), "2026-12-05T10:00:00Z")
                  .toJson());

  @Test
  void anEntityThatReachesTheTargetOnlyThroughAWaiverIsCountedWaivedNeverPassing()
      throws Exception {
    cluster.apply(LEDGER_HA_WAIVER);
    applyGradedCatalogAnd(INITIATIVE);
    InitiativeStatus leaning =
        awaitStatus(
            s -> Integer.valueOf(1).equals(s.waived) && Integer.valueOf(3).equals(s.covered));
    assertThat(leaning.passing).isEqualTo(1); // api
    assertThat(leaning.failing).isEqualTo(1); // worker
    assertThat(leaning.percent).isEqualTo(33);
    assertThat(leaning.phase).isEqualTo("AtRisk");
    assertThat(leaning.phaseMessage)
        .startsWith("1 of 3 covered entities reach Silver (33%), 1 more only through a waiver,")
        .endsWith("; 1 still fail, 1 waived, 4 days left");
    assertThat(leaning.owners)
        .extracting(o -> o.owner + " " + o.passing + "/" + o.failing + "/" + o.waived)
        .containsExactly("payments 1/1/0", "ledgers 0/0/1");
    assertThat(leaning.history)
        .extracting(p -> p.date + " " + p.passing + "+" + p.waived + "/" + p.covered)
        .containsExactly("2026-12-06 1+1/3");

    scale("team-a", "worker", 2);
    InitiativeStatus notMet = awaitStatus(s -> Integer.valueOf(2).equals(s.passing));
    assertThat(notMet.waived).isEqualTo(1);
    assertThat(notMet.failing).isZero();
    assertThat(notMet.phase).isEqualTo("OnTrack"); // not Met while ledger leans on its waiver
    assertThat(notMet.phaseMessage).endsWith("; 1 waived, 4 days left");

    PortalServer server = operator.serve("127.0.0.1", 0, everything());
    JsonNode view = get(server, "/api/v1/initiatives/backend-silver", "all");
    assertThat(view.get("waived").asInt()).isEqualTo(1);
    assertThat(view.get("passing").asInt()).isEqualTo(2);
    assertThat(view.get("covered").asInt()).isEqualTo(3);
    assertThat(view.get("percent").asInt()).isEqualTo(66);
    assertThat(view.at("/owners/0/owner").asText()).isEqualTo("ledgers");
    assertThat(view.at("/owners/0/waived").asInt()).isEqualTo(1);
    assertThat(
            get(server, "/api/v1/initiatives/backend-silver/history", "all")
                .at("/points/0/waived")
                .asInt())
        .isEqualTo(1);
    assertThat(send(server, "/initiatives", "all").body())
        .contains("<strong>66%</strong> done: 2 of 3 covered entities")
        .contains("<span class=\"waived\">1 waived</span>");

    scale("team-b", "ledger", 2); // fixed for real: the waiver no longer carries it
    InitiativeStatus met = awaitStatus(s -> "Met".equals(s.phase));
    assertThat(met.waived).isZero();
    assertThat(met.passing).isEqualTo(3);
  }

  private static Access everything() {
    return new Access() {
      @Override
      public Caller authenticate(String token) {
        return new Caller(token, null, ns -> true);
      }

      @Override
      public String describe() {
        return "kubernetes";
      }
    };
  }

  @Test
  void aTargetTheScorecardDoesNotHaveIsNamedAndNothingIsCounted() {
    applyGradedCatalogAnd(INITIATIVE.replace("level: Silver\n", "level: Gold\n"));
    InitiativeStatus status = awaitStatus(s -> Conditions.find(s.conditions, "Ready").isPresent());
    var ready = Conditions.find(status.conditions, "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidTarget");
    assertThat(ready.getMessage())
        .isEqualTo(
            "spec.level: 'Gold' is not a level of scorecard 'readiness'; use one of: Bronze,"
                + " Silver; nothing is counted until this is fixed");
    assertThat(status.problems).extracting(p -> p.field).containsExactly("spec.level");
    assertThat(status.phase).isNull();
    assertThat(status.covered).isNull();
  }

  @Test
  void theApiCountsOnlyTheNamespacesTheCallerMaySee() throws Exception {
    applyGradedCatalogAnd(INITIATIVE);
    awaitStatus(s -> Integer.valueOf(3).equals(s.covered));
    Access teamA =
        new Access() {
          @Override
          public Caller authenticate(String token) {
            return "all".equals(token)
                ? new Caller(token, null, ns -> true)
                : new Caller(token, null, "team-a"::equals);
          }

          @Override
          public String describe() {
            return "kubernetes";
          }
        };
    PortalServer server = operator.serve("127.0.0.1", 0, teamA);
    JsonNode one = get(server, "/api/v1/initiatives/backend-silver", "a");
    assertThat(one.get("covered").asInt()).isEqualTo(2);
    assertThat(one.get("passing").asInt()).isEqualTo(1);
    assertThat(one.get("percent").asInt()).isEqualTo(50);
    assertThat(one.get("phase").asText()).isEqualTo("AtRisk"); // the initiative's, as kubectl says
    assertThat(one.get("owners").findValuesAsText("owner")).containsExactly("payments");
    assertThat(get(server, "/api/v1/initiatives", "a").at("/items/0/covered").asInt()).isEqualTo(2);
    JsonNode hidden = get(server, "/api/v1/initiatives/backend-silver/history", "a");
    assertThat(hidden.get("shown").asBoolean()).isFalse();
    assertThat(hidden.get("points")).isEmpty();
    assertThat(hidden.get("message").asText())
        .startsWith("the history counts entities of 1 namespace you may not see");
    JsonNode all = get(server, "/api/v1/initiatives/backend-silver/history", "all");
    assertThat(all.get("shown").asBoolean()).isTrue();
    assertThat(all.at("/points/0/date").asText()).isEqualTo("2026-12-06");
    assertThat(all.at("/points/0/percent").asInt()).isEqualTo(33);
    assertThat(all.at("/points/0/expectedPercent").asInt()).isEqualTo(60); // end of day 6 of 10
    assertThat(get(server, "/api/v1/initiatives/backend-silver", "all").get("owners").size())
        .isEqualTo(2);
    HttpResponse<String> missing = send(server, "/api/v1/initiatives/nope", "a");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("initiative 'nope' does not exist");
    HttpResponse<String> page = send(server, "/initiatives", "a");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Every backend service Silver")
        .contains("<strong>50%</strong> done: 1 of 2 covered entities")
        .contains("No burn-up: the history counts entities of 1 namespace you may not see")
        .doesNotContain("ledgers");
    assertThat(send(server, "/initiatives", "all").body())
        .contains("<polyline")
        .contains("ledgers");
  }

  private static HttpResponse<String> send(PortalServer server, String path, String token)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", path.startsWith("/api") ? "application/json" : "text/html")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(PortalServer server, String path, String token) throws Exception {
    HttpResponse<String> response = send(server, path, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }
}
