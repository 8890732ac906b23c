package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.web.auth.Access;
import dev.portolan.kit.Conditions;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scorecards end to end against the in-memory API server: the grades a user reads in each
 * entity's status and the aggregate in the scorecard's, as resources are applied, changed and
 * deleted, and how many status writes that costs.
 */
class ScorecardReconciliationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private PortolanOperator operator;

  @BeforeEach
  void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    operator = new PortolanOperator(client, Clock.systemUTC(), null).start();
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
  }

  private void apply(String yaml) {
    cluster.apply(yaml);
  }

  private Entity entity(String namespace, String name) {
    return client.resources(Entity.class).inNamespace(namespace).withName(name).get();
  }

  private Scorecard scorecard(String name) {
    return client.resources(Scorecard.class).withName(name).get();
  }

  private ScorecardResult result(String namespace, String name, String scorecard) {
    Entity entity = entity(namespace, name);
    return entity == null || entity.getStatus() == null ? null : entity.getStatus().scorecards.get(scorecard);
  }

  private ScorecardResult awaitLevel(String namespace, String name, String scorecard, String level) {
    return await().atMost(WAIT).until(() -> result(namespace, name, scorecard), r -> r != null && level.equals(r.level));
  }

  private ScorecardStatus awaitStatus(String name, Predicate<ScorecardStatus> until) {
    return await().atMost(WAIT).until(() -> scorecard(name).getStatus(), s -> s != null && until.test(s));
  }

  private static Condition ready(ScorecardStatus status) {
    return Conditions.find(status.conditions, "Ready").orElseThrow();
  }

  private static List<String> rules(ScorecardResult result) {
    return result.rules.stream().map(r -> r.name + "=" + r.passed + (r.error == null ? "" : " (error)")).toList();
  }

  private static List<String> summaries(ScorecardStatus status) {
    return status.rules.stream().map(r -> r.name + ":" + r.passed + "/" + r.failed).toList();
  }

  /** Waits until no status write has happened for a second. */
  private double settledWrites(String kind) {
    double[] last = {-1};
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
      double now = operator.statusWriter().writes(kind);
      boolean stable = now == last[0];
      last[0] = now;
      return stable;
    });
    return last[0];
  }

  private static final String CATALOG = """
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: system}
      spec:
        title: System
        properties: {lifecycle: {type: string, default: production}}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: service}
      spec:
        title: Service
        properties:
          replicas: {type: integer, minimum: 0}
          oncall: {type: string, format: email}
        relations:
          system: {target: system, required: true}
        calculated:
          ha: {type: boolean, expression: "entity.properties.?replicas.orValue(0) >= 2"}
        mirrored:
          lifecycle: {path: system.lifecycle}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: database}
      spec:
        title: Database
        properties: {engine: {type: string}}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: RelationGrant
      metadata: {name: everyone, namespace: platform}
      spec: {from: [{namespace: "*"}]}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: billing, namespace: platform}
      spec: {blueprint: system, owner: payments}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: payments, namespace: team-a}
      spec:
        blueprint: service
        owner: payments
        properties: {replicas: 3, oncall: pay@example.com}
        relations: {system: platform/billing}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: cart, namespace: team-a}
      spec:
        blueprint: service
        owner: checkout
        properties: {replicas: 1}
        relations: {system: platform/billing}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: nobody, namespace: team-b}
      spec:
        blueprint: service
        properties: {replicas: 2}
        relations: {system: platform/billing}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: ledger-db, namespace: team-a}
      spec: {blueprint: database, owner: payments, properties: {engine: postgres}}
      """;

  private static final String READINESS = """
      apiVersion: portolan.dev/v1alpha1
      kind: Scorecard
      metadata: {name: readiness}
      spec:
        blueprint: service
        title: Production readiness
        levels: [Bronze, Silver, Gold]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
          - {name: ha, level: Silver, expression: "entity.calculated.ha"}
          - {name: oncall, level: Gold, expression: "entity.properties.oncall.endsWith('@example.com')"}
          - {name: production, level: Gold, expression: "entity.mirrored.lifecycle == 'production'"}
      """;

  private static final String BACKUPS = """
      apiVersion: portolan.dev/v1alpha1
      kind: Scorecard
      metadata: {name: backups}
      spec:
        blueprint: database
        levels: [Ok]
        rules: [{name: postgres, level: Ok, expression: "entity.properties.engine == 'postgres'"}]
      """;

  private void applyTheCatalogAndAwaitItsGrades() {
    apply(CATALOG + "---\n" + READINESS + "---\n" + BACKUPS);
    awaitStatus("readiness", s -> Integer.valueOf(3).equals(s.entities));
    awaitStatus("backups", s -> Integer.valueOf(1).equals(s.entities));
  }

  @Test
  void gradesEveryEntityOfTheBlueprintAndAggregatesTheGrades() {
    applyTheCatalogAndAwaitItsGrades();
    ScorecardResult payments = awaitLevel("team-a", "payments", "readiness", "Gold");
    assertThat(rules(payments)).containsExactly("has-owner=true", "ha=true", "oncall=true", "production=true");
    assertThat(payments.rules).extracting(r -> r.level).containsExactly("Bronze", "Silver", "Gold", "Gold");
    assertThat(awaitLevel("team-b", "nobody", "readiness", "None").rules.get(0).passed).isFalse();

    // A rule that fails at run time for one entity (cart has no oncall) fails for it alone.
    ScorecardResult cart = awaitLevel("team-a", "cart", "readiness", "Bronze");
    assertThat(rules(cart)).containsExactly("has-owner=true", "ha=false", "oncall=false (error)", "production=true");
    assertThat(cart.rules.get(2).error).contains("oncall");

    ScorecardStatus status = awaitStatus("readiness", s -> s.levels != null && s.levels.get("Bronze") == 1);
    assertThat(status.entities).isEqualTo(3);
    assertThat(status.levels).containsExactly(
        Map.entry("None", 1), Map.entry("Bronze", 1), Map.entry("Silver", 0), Map.entry("Gold", 1));
    assertThat(summaries(status)).containsExactly("has-owner:2/1", "ha:2/1", "oncall:1/2", "production:3/0");
    assertThat(status.observedGeneration).isEqualTo(scorecard("readiness").getMetadata().getGeneration());
    Condition ready = ready(status);
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Valid");

    // Each entity holds the results of its own blueprint's scorecards only.
    assertThat(entity("team-a", "payments").getStatus().scorecards).containsOnlyKeys("readiness");
    assertThat(awaitLevel("team-a", "ledger-db", "backups", "Ok")).isNotNull();
    assertThat(entity("team-a", "ledger-db").getStatus().scorecards).containsOnlyKeys("backups");
    assertThat(entity("platform", "billing").getStatus().scorecards).isEmpty();
  }

  @Test
  void aScorecardChangeReGradesItsBlueprintsEntitiesAndWritesOnlyChangedResults() {
    applyTheCatalogAndAwaitItsGrades();
    awaitLevel("team-a", "cart", "readiness", "Bronze");
    double before = settledWrites("Entity");
    Map<String, String> versions = Map.of(
        "payments", entity("team-a", "payments").getMetadata().getResourceVersion(),
        "nobody", entity("team-b", "nobody").getMetadata().getResourceVersion(),
        "ledger-db", entity("team-a", "ledger-db").getMetadata().getResourceVersion(),
        "billing", entity("platform", "billing").getMetadata().getResourceVersion());

    // One replica is now enough for Silver: only cart's result changes.
    apply(READINESS.replace("entity.calculated.ha", "entity.properties.replicas >= 1"));
    ScorecardResult cart = awaitLevel("team-a", "cart", "readiness", "Silver");
    assertThat(rules(cart)).containsExactly("has-owner=true", "ha=true", "oncall=false (error)", "production=true");
    assertThat(settledWrites("Entity") - before).isEqualTo(1.0);
    assertThat(entity("team-a", "payments").getMetadata().getResourceVersion()).isEqualTo(versions.get("payments"));
    assertThat(entity("team-b", "nobody").getMetadata().getResourceVersion()).isEqualTo(versions.get("nobody"));
    assertThat(entity("team-a", "ledger-db").getMetadata().getResourceVersion()).isEqualTo(versions.get("ledger-db"));
    assertThat(entity("platform", "billing").getMetadata().getResourceVersion()).isEqualTo(versions.get("billing"));

    ScorecardStatus status = awaitStatus("readiness", s -> s.observedGeneration == 2L && s.levels.get("Silver") == 1);
    assertThat(status.levels).containsExactly(
        Map.entry("None", 1), Map.entry("Bronze", 0), Map.entry("Silver", 1), Map.entry("Gold", 1));
    assertThat(summaries(status)).containsExactly("has-owner:2/1", "ha:3/0", "oncall:1/2", "production:3/0");
  }

  @Test
  void anEntityChangeReGradesIt() {
    applyTheCatalogAndAwaitItsGrades();
    awaitLevel("team-a", "cart", "readiness", "Bronze");
    apply("""
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: cart, namespace: team-a}
        spec:
          blueprint: service
          owner: checkout
          properties: {replicas: 2, oncall: cart@example.com}
          relations: {system: platform/billing}
        """);
    ScorecardResult cart = awaitLevel("team-a", "cart", "readiness", "Gold");
    assertThat(rules(cart)).containsExactly("has-owner=true", "ha=true", "oncall=true", "production=true");
    ScorecardStatus status = awaitStatus("readiness", s -> s.levels.get("Gold") == 2);
    assertThat(status.levels).containsEntry("Bronze", 0).containsEntry("None", 1);
    assertThat(summaries(status)).containsExactly("has-owner:2/1", "ha:3/0", "oncall:2/1", "production:3/0");
  }

  @Test
  void aChangeOfARelatedEntityReGradesTheEntitiesThatReadItThroughMirroredValues() {
    applyTheCatalogAndAwaitItsGrades();
    awaitLevel("team-a", "payments", "readiness", "Gold");
    apply("""
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: billing, namespace: platform}
        spec: {blueprint: system, owner: payments, properties: {lifecycle: deprecated}}
        """);
    ScorecardResult payments = awaitLevel("team-a", "payments", "readiness", "Silver");
    assertThat(rules(payments)).containsExactly("has-owner=true", "ha=true", "oncall=true", "production=false");
    awaitStatus("readiness", s -> s.rules.stream().anyMatch(r -> r.name.equals("production") && r.failed == 3));
  }

  @Test
  void aScorecardOfAnUnknownBlueprintSaysSoUntilTheBlueprintExists() {
    apply(CATALOG + """
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Scorecard
        metadata: {name: workloads}
        spec:
          blueprint: workload
          levels: [Bronze]
          rules: [{name: has-owner, level: Bronze, expression: "entity.owner != ''"}]
        """);
    ScorecardStatus status = awaitStatus("workloads", s -> !s.conditions.isEmpty());
    Condition ready = ready(status);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("BlueprintNotFound");
    assertThat(ready.getMessage()).isEqualTo("spec.blueprint: blueprint 'workload' does not exist; create it or use one"
        + " of: database, service, system; no entity is graded until this is fixed");
    assertThat(status.entities).isZero();
    assertThat(status.levels).containsExactly(Map.entry("None", 0), Map.entry("Bronze", 0));

    apply("""
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: workload}
        spec: {title: Workload}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: shop, namespace: team-a}
        spec: {blueprint: workload, owner: checkout}
        """);
    awaitLevel("team-a", "shop", "workloads", "Bronze");
    ScorecardStatus fixed = awaitStatus("workloads", s -> Conditions.isTrue(s.conditions, "Ready") && s.entities == 1);
    assertThat(fixed.levels).containsExactly(Map.entry("None", 0), Map.entry("Bronze", 1));
  }

  @Test
  void aRuleThatIsNotABooleanMakesTheScorecardNotReadyAndStopsNothingElse() {
    applyTheCatalogAndAwaitItsGrades();
    apply("""
        apiVersion: portolan.dev/v1alpha1
        kind: Scorecard
        metadata: {name: typo}
        spec:
          blueprint: service
          levels: [Bronze, Silver]
          rules:
            - {name: owner, level: Bronze, expression: "entity.owner != ''"}
            - {name: replicas, level: Silver, expression: "entity.properties.replicas + 1"}
        """);
    ScorecardStatus status = awaitStatus("typo", s -> !s.conditions.isEmpty());
    Condition ready = ready(status);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidExpression");
    assertThat(ready.getMessage()).isEqualTo("spec.rules[1].expression (rule 'replicas'): returns int but must return"
        + " boolean; no entity is graded until this is fixed");
    assertThat(status.entities).isZero();
    // The other scorecard of the blueprint still grades; the broken one leaves no result.
    await().during(Duration.ofSeconds(1)).atMost(WAIT).until(
        () -> entity("team-a", "payments").getStatus().scorecards.keySet(), keys -> keys.equals(java.util.Set.of("readiness")));

    apply("""
        apiVersion: portolan.dev/v1alpha1
        kind: Scorecard
        metadata: {name: typo}
        spec:
          blueprint: service
          levels: [Bronze, Silver]
          rules:
            - {name: owner, level: Bronze, expression: "entity.owner != ''"}
            - {name: replicas, level: Silver, expression: "entity.properties.replicas + 1 > 2"}
        """);
    awaitLevel("team-a", "payments", "typo", "Silver");
    awaitStatus("typo", s -> Conditions.isTrue(s.conditions, "Ready") && s.entities == 3);
  }

  /** Rules whose result CEL types as dyn, but the blueprint says is no boolean: refused before grading. */
  @Test
  void aRuleThatReturnsANonBooleanFieldOfTheBlueprintIsNotReadyBeforeAnyEntityIsGraded() {
    applyTheCatalogAndAwaitItsGrades();
    apply("""
        apiVersion: portolan.dev/v1alpha1
        kind: Scorecard
        metadata: {name: shapes}
        spec:
          blueprint: service
          levels: [Bronze, Silver]
          rules:
            - {name: owner, level: Bronze, expression: "entity.owner != ''"}
            - {name: replicas, level: Silver, expression: "entity.properties.replicas"}
            - {name: title, level: Silver, expression: "has(entity.properties.oncall) ? entity.calculated.ha : entity.title"}
        """);
    ScorecardStatus status = awaitStatus("shapes", s -> !s.conditions.isEmpty());
    Condition ready = ready(status);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidExpression");
    assertThat(ready.getMessage()).isEqualTo("spec.rules[1].expression (rule 'replicas'): returns integer"
        + " (entity.properties.replicas is an integer property of blueprint 'service') but must return boolean;"
        + " compare it or test it, for example entity.properties.replicas >= 2; spec.rules[2].expression (rule"
        + " 'title'): returns string (entity.title is a string field of every entity) but must return boolean;"
        + " compare it or test it, for example entity.title != ''; no entity is graded until this is fixed");
    assertThat(status.entities).isZero();
    await().during(Duration.ofSeconds(1)).atMost(WAIT).until(
        () -> entity("team-a", "payments").getStatus().scorecards.keySet(), keys -> !keys.contains("shapes"));
  }

  @Test
  void resultsOfScorecardsThatNoLongerApplyAreRemoved() {
    applyTheCatalogAndAwaitItsGrades();
    awaitLevel("team-a", "payments", "readiness", "Gold");

    // A filter that now leaves cart out.
    apply(READINESS.replace("levels:", "filter: \"entity.owner != 'checkout'\"\n  levels:"));
    await().atMost(WAIT).until(() -> result("team-a", "cart", "readiness") == null);
    awaitStatus("readiness", s -> s.entities == 2 && s.observedGeneration == 2L);

    // Moved to another blueprint: the service entities lose it, the database gains it (it has an
    // owner, but no calculated value 'ha').
    apply(READINESS.replace("blueprint: service", "blueprint: database"));
    ScorecardResult database = awaitLevel("team-a", "ledger-db", "readiness", "Bronze");
    assertThat(rules(database)).containsExactly("has-owner=true", "ha=false (error)", "oncall=false (error)",
        "production=false (error)");
    await().atMost(WAIT).until(() -> result("team-a", "payments", "readiness") == null);
    awaitStatus("readiness", s -> s.entities == 1 && s.levels.get("Bronze") == 1);

    // Deleted: no entity keeps its result, and its gauges go.
    client.resources(Scorecard.class).withName("readiness").delete();
    await().atMost(WAIT).until(() -> result("team-a", "ledger-db", "readiness") == null);
    await().atMost(WAIT).until(() -> !operator.metrics().scrape().contains("scorecard=\"readiness\""));
    assertThat(entity("team-a", "ledger-db").getStatus().scorecards).containsOnlyKeys("backups");
  }

  @Test
  void prometheusShowsTheGaugesOnMetrics() throws Exception {
    applyTheCatalogAndAwaitItsGrades();
    awaitStatus("readiness", s -> s.levels.get("Gold") == 1 && s.levels.get("Bronze") == 1);
    String base = "http://127.0.0.1:" + operator.serve("127.0.0.1", 0, Access.disabled()).port();
    HttpClient http = HttpClient.newHttpClient();
    String body = await().atMost(WAIT).until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body(), b -> b.contains("portolan_scorecard_entities{level=\"Gold\""));
    assertThat(body).contains(
        "portolan_scorecard_entities{level=\"None\",scorecard=\"readiness\"} 1.0\n",
        "portolan_scorecard_entities{level=\"Bronze\",scorecard=\"readiness\"} 1.0\n",
        "portolan_scorecard_entities{level=\"Silver\",scorecard=\"readiness\"} 0.0\n",
        "portolan_scorecard_entities{level=\"Gold\",scorecard=\"readiness\"} 1.0\n",
        "portolan_scorecard_entities{level=\"Ok\",scorecard=\"backups\"} 1.0\n",
        "portolan_scorecard_rule_passed{rule=\"oncall\",scorecard=\"readiness\"} 1.0\n",
        "portolan_scorecard_rule_failed{rule=\"oncall\",scorecard=\"readiness\"} 2.0\n",
        "portolan_status_writes_total{kind=\"Scorecard\"}");
  }
}
