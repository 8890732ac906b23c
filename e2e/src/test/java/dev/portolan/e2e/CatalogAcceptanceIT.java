package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.portolan.PortolanOperator;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardStatus;
import dev.portolan.web.auth.KubernetesAccess;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.Statistic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The catalog on a real control plane, driven the way the README tells a user to: the CRDs and
 * examples applied with kubectl, the chart installed with Helm, and the operator running under the
 * chart's ServiceAccount, so the chart's RBAC is what is tested.
 */
@ExtendWith(RealCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogAcceptanceIT {
  private static final String RELEASE_NAMESPACE = "portolan-system";
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static ControlPlane plane;
  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static PortolanOperator operator;
  private static String serviceAccountToken;

  @BeforeAll
  static void connect(ControlPlane controlPlane) throws Exception {
    plane = controlPlane;
    kubectl = plane.kubectlRunner();
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
            .build();
  }

  @AfterAll
  static void disconnect() {
    if (operator != null) {
      operator.close();
    }
    if (asOperator != null) {
      asOperator.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  @Order(1)
  void theCrdsApplyAndExplainThemselves() {
    Kubectl.Result applied = kubectl.run("apply", "-f", "crds/");
    assertThat(applied.ok()).as(applied.toString()).isTrue();
    Kubectl.Result established =
        kubectl.run(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/blueprints.portolan.dev",
            "crd/entities.portolan.dev",
            "crd/scorecards.portolan.dev",
            "crd/actiondefinitions.portolan.dev",
            "crd/actions.portolan.dev");
    assertThat(established.ok()).as(established.toString()).isTrue();
    // The API server publishes a new CRD's schema for discovery a moment after it is Established
    // (and when another test class deleted and re-created it, kubectl may still see the old one).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Kubectl.Result explain = kubectl.run("explain", "entity.spec.properties");
              assertThat(explain.ok()).as(explain.toString()).isTrue();
              assertThat(explain.out())
                  .contains("Property values, checked against the blueprint's properties");
            });
  }

  @Test
  @Order(2)
  void theApiServerRejectsResourcesThatBreakTheSchemaWithItsMessage() {
    assertRejected(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: e2e-bad-range}
        spec:
          title: Bad
          properties: {replicas: {type: integer, minimum: 5, maximum: 1}}
        """,
        "minimum must not be greater than maximum");
    assertRejected(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: e2e-bad-type}
        spec:
          title: Bad
          properties: {size: {type: strnig}}
        """,
        "spec.properties.size.type: Unsupported value: \"strnig\": supported values: \"array\", \"boolean\","
            + " \"integer\", \"number\", \"object\", \"string\"");
    assertRejected(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: e2e-bad-calculated-type}
        spec:
          title: Bad
          calculated: {summary: {type: text, expression: "entity.name"}}
        """,
        "spec.calculated.summary.type: Unsupported value: \"text\"");
    assertRejected(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: e2e-bad-required}
        spec:
          title: Bad
          properties: {a: {type: string}}
          required: [b]
        """,
        "every name in required must be declared under properties");
    assertRejected(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Scorecard
        metadata: {name: e2e-bad-levels}
        spec:
          blueprint: service
          levels: [Bronze, Silver]
          rules: [{name: r, level: Gold, expression: "true"}]
        """,
        "every rule's level must be one of spec.levels");
    assertRejected(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: e2e-no-blueprint, namespace: default}
        spec: {title: No blueprint}
        """,
        "spec.blueprint: Required value");
  }

  private static void assertRejected(String yaml, String message) {
    Kubectl.Result result = kubectl.runWithInput(yaml, "apply", "-f", "-");
    assertThat(result.ok()).as("kubectl apply should fail for:\n%s", yaml).isFalse();
    assertThat(result.err()).contains(message);
  }

  @Test
  @Order(3)
  void theChartInstallsWithHelm() {
    var release =
        new Helm(ChartTest.CHART)
            .install()
            .withName("portolan")
            .withNamespace(RELEASE_NAMESPACE)
            .createNamespace()
            .withKubeConfig(plane.kubeconfig())
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    for (String resource :
        List.of(
            "serviceaccount/portolan",
            "deployment/portolan",
            "service/portolan",
            "role/portolan-leader-election")) {
      Kubectl.Result got = kubectl.run("get", "-n", RELEASE_NAMESPACE, resource);
      assertThat(got.ok()).as(got.toString()).isTrue();
    }
    assertThat(kubectl.run("get", "clusterrole/portolan").ok()).isTrue();
  }

  @Test
  @Order(4)
  void theOperatorRunsAsTheChartsServiceAccount() throws Exception {
    Kubectl.Result token =
        kubectl.run("create", "token", "portolan", "-n", RELEASE_NAMESPACE, "--duration=2h");
    assertThat(token.ok()).as(token.toString()).isTrue();
    serviceAccountToken = token.out().strip();
    Config adminConfig = admin.getConfiguration();
    Config operatorConfig =
        new ConfigBuilder()
            .withMasterUrl(adminConfig.getMasterUrl())
            .withCaCertData(adminConfig.getCaCertData())
            .withCaCertFile(adminConfig.getCaCertFile())
            .withOauthToken(serviceAccountToken)
            .withNamespace(RELEASE_NAMESPACE)
            .build();
    asOperator = new KubernetesClientBuilder().withConfig(operatorConfig).build();
    var review =
        admin
            .authentication()
            .v1()
            .tokenReviews()
            .create(
                new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder()
                    .withNewSpec()
                    .withToken(serviceAccountToken)
                    .endSpec()
                    .build());
    assertThat(review.getStatus().getUser().getUsername())
        .isEqualTo("system:serviceaccount:portolan-system:portolan");
    operator = startOperator();
    await().atMost(WAIT).until(operator::isReady);
  }

  private static PortolanOperator startOperator() {
    PortolanOperator started = new PortolanOperator(asOperator, Clock.systemUTC(), null).start();
    started.serve(
        "127.0.0.1",
        0,
        new KubernetesAccess(asOperator, Clock.systemUTC(), Duration.ofSeconds(30)));
    return started;
  }

  @Test
  @Order(5)
  void theExamplesReachTheStatusTheReadmePromises() {
    Kubectl.Result applied = kubectl.run("apply", "-f", "examples/");
    assertThat(applied.ok()).as(applied.toString()).isTrue();

    for (String ref :
        List.of(
            "platform/payments",
            "platform/billing",
            "platform/storefront",
            "platform/warehouse",
            "team-payments/payments-api",
            "team-payments/ledger",
            "team-payments/payments-db",
            "team-checkout/checkout-web",
            "team-checkout/cart",
            "team-checkout/cart-cache")) {
      awaitValid(ref, "True", "Valid");
    }
    Condition legacy = awaitValid("team-checkout/legacy-reports", "False", "MultipleProblems");
    assertThat(legacy.getMessage())
        .isEqualTo(
            "spec.properties.language: must be one of java, go, python, node (got \"cobol\"); "
                + "spec.properties.replicas: must be at least 0 (got -1); "
                + "spec.properties.repo: is not a valid url (got \"not a url\"); "
                + "spec.relations.system: entity 'platform/reporting' does not exist; create it or fix the reference");

    Kubectl.Result listed = kubectl.run("get", "entities", "-n", "team-checkout");
    assertThat(listed.out())
        .containsPattern("legacy-reports\\s+service\\s+Legacy reports\\s+checkout\\s+False");
    Kubectl.Result blueprints = kubectl.run("get", "blueprints");
    assertThat(blueprints.out()).containsPattern("service\\s+Service\\s+5\\s+True");

    // The API answers the chart's ServiceAccount, and nobody without a valid token.
    assertThat(http("/api/v1/entities?namespace=team-payments", serviceAccountToken).statusCode())
        .isEqualTo(200);
    assertThat(http("/api/v1/entities", "not-a-token").statusCode()).isEqualTo(401);
    assertThat(http("/api/v1/entities", null).statusCode()).isEqualTo(401);

    // A ServiceAccount that RBAC lets list entities in team-payments only sees only team-payments.
    String viewerToken = entityReaderToken("catalog-viewer", "team-payments");
    HttpResponse<String> seen = http("/api/v1/entities?limit=500&fields=spec.title", viewerToken);
    assertThat(seen.statusCode()).isEqualTo(200);
    var body =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            seen.body(), com.fasterxml.jackson.databind.JsonNode.class);
    assertThat(body.get("total").asInt()).isPositive();
    assertThat(body.at("/facets/namespace").size()).isEqualTo(1);
    assertThat(body.at("/facets/namespace/team-payments").asInt())
        .isEqualTo(body.get("total").asInt());
    assertThat(http("/api/v1/namespaces/platform/entities/billing", viewerToken).statusCode())
        .isEqualTo(404);
    assertThat(http("/api/v1/namespaces/team-payments/entities/ledger", viewerToken).statusCode())
        .isEqualTo(200);
  }

  @Test
  @Order(6)
  void theExampleScorecardGradesTheServicesAndAFixWithKubectlRaisesALevel() {
    // kubectl get scorecards shows the aggregate once every service is graded (none waived).
    await()
        .atMost(WAIT)
        .until(
            () -> kubectl.run("get", "scorecards").out(),
            out -> out.matches("(?s).*production-readiness\\s+service\\s+5\\s+0\\s+True.*"));
    // Its short name is its own: sc stays the StorageClasses'.
    assertThat(kubectl.run("get", "scard").out()).contains("production-readiness");
    assertThat(kubectl.run("api-resources", "--api-group=storage.k8s.io").out())
        .containsPattern("storageclasses\\s+sc\\s");
    ScorecardStatus status =
        awaitScorecard(
            "production-readiness",
            s -> Map.of("None", 2, "Bronze", 1, "Silver", 1, "Gold", 1).equals(s.levels));
    assertThat(status.rules)
        .extracting(r -> r.name + ":" + r.passed + "/" + r.failed)
        .containsExactly(
            "has-owner:5/0",
            "has-repo:3/2",
            "has-oncall:2/3",
            "highly-available:4/1",
            "documented:3/2",
            "frontend-has-dependencies:5/0",
            "production-system:4/1",
            "tagged:1/4");
    assertThat(awaitLevel("team-payments/ledger", "Bronze").rules)
        .filteredOn(r -> !r.passed)
        .extracting(r -> r.name)
        .containsExactly("has-oncall", "tagged");
    assertThat(awaitLevel("team-payments/payments-api", "Gold")).isNotNull();

    // Give the ledger an on-call address: it reaches Silver, and the scorecard's counts follow.
    Kubectl.Result applied =
        kubectl.runWithInput(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: ledger, namespace: team-payments}
        spec:
          blueprint: service
          title: Ledger
          owner: payments
          description: The double-entry record of every payment.
          properties:
            language: go
            tier: data
            replicas: 2
            repo: https://git.example.com/payments/ledger
            oncall: ledger-oncall@example.com
          relations:
            system: platform/billing
            databases: [payments-db, platform/warehouse]
        """,
            "apply",
            "-f",
            "-");
    assertThat(applied.ok()).as(applied.toString()).isTrue();
    awaitLevel("team-payments/ledger", "Silver");
    Kubectl.Result level =
        kubectl.run(
            "get",
            "entity",
            "ledger",
            "-n",
            "team-payments",
            "-o",
            "jsonpath={.status.scorecards.production-readiness.level}");
    assertThat(level.out()).isEqualTo("Silver");
    awaitScorecard(
        "production-readiness",
        s -> Map.of("None", 2, "Bronze", 0, "Silver", 2, "Gold", 1).equals(s.levels));

    // Back to the example as written, for the steps that follow.
    Kubectl.Result restored = kubectl.run("apply", "-f", "examples/30-services-and-databases.yaml");
    assertThat(restored.ok()).as(restored.toString()).isTrue();
    awaitLevel("team-payments/ledger", "Bronze");
  }

  @Test
  @Order(7)
  void fixingTheInvalidExampleWithKubectlMakesItValid() {
    Kubectl.Result applied =
        kubectl.runWithInput(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: reporting, namespace: platform}
        spec: {blueprint: system, title: Reporting, owner: checkout, relations: {team: checkout}}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: legacy-reports, namespace: team-checkout}
        spec:
          blueprint: service
          title: Legacy reports
          owner: checkout
          properties: {language: java, replicas: 1, repo: "https://git.example.com/checkout/legacy-reports"}
          relations: {system: platform/reporting, dependsOn: [cart]}
        """,
            "apply",
            "-f",
            "-");
    assertThat(applied.ok()).as(applied.toString()).isTrue();
    awaitValid("team-checkout/legacy-reports", "True", "Valid");
  }

  @Test
  @Order(8)
  void deletingATargetMakesItsReferrersInvalid() {
    Kubectl.Result deleted = kubectl.run("delete", "entity", "cart", "-n", "team-checkout");
    assertThat(deleted.ok()).as(deleted.toString()).isTrue();
    Condition checkoutWeb =
        awaitValid("team-checkout/checkout-web", "False", "RelationTargetNotFound");
    assertThat(checkoutWeb.getMessage())
        .isEqualTo(
            "spec.relations.dependsOn[0]: entity 'team-checkout/cart' does not exist; create it or fix the reference");
    awaitValid("team-checkout/legacy-reports", "False", "RelationTargetNotFound");
    Kubectl.Result restored = kubectl.run("apply", "-f", "examples/30-services-and-databases.yaml");
    assertThat(restored.ok()).as(restored.toString()).isTrue();
    awaitValid("team-checkout/checkout-web", "True", "Valid");
  }

  @Test
  @Order(9)
  void workloadsAppliedWithKubectlBecomeEntitiesAndFollowEveryChange() {
    Map<String, String> handWritten = entityVersions();
    handWritten
        .keySet()
        .removeIf(
            ref ->
                ref.contains("/deployment-")
                    || ref.contains("/statefulset-")
                    || ref.contains("/cronjob-")
                    || ref.contains("/service-")
                    || ref.contains("/namespace-"));
    Kubectl.Result applied = kubectl.run("apply", "-f", "examples/60-workloads.yaml");
    assertThat(applied.ok()).as(applied.toString()).isTrue();

    Entity payments =
        awaitEntity(
            "team-payments/deployment-payments-api",
            e ->
                e.getStatus() != null
                    && e.getStatus().source != null
                    && Conditions.isTrue(e.getStatus().conditions, "Valid"));
    assertThat(payments.getSpec().title).isEqualTo("Payments API (running)");
    assertThat(payments.getSpec().owner).isEqualTo("payments");
    assertThat(payments.getSpec().properties.get("images").toString())
        .isEqualTo("[\"registry.example.com/payments/payments-api:1.4.2\"]");
    assertThat(payments.getStatus().source.kind).isEqualTo("Deployment");
    assertThat(payments.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("payments-api"));
    // kwok runs the Pods, so the ready count comes through the real Deployment controller.
    awaitEntity(
        "team-payments/deployment-payments-api",
        e -> e.getSpec().properties.get("readyReplicas").asInt() == 2);
    awaitEntity(
        "team-checkout/statefulset-cart-redis",
        e -> e.getSpec().properties.get("replicas").asInt() == 1);
    awaitEntity(
        "team-checkout/cronjob-nightly-report",
        e -> e.getSpec().properties.get("kind").asText().equals("CronJob"));
    awaitEntity("team-payments/namespace-team-payments", e -> true);
    awaitEntity(
        "team-payments/service-payments-api",
        e ->
            "[\"deployment-payments-api\"]"
                .equals(String.valueOf(e.getSpec().relations.get("workloads"))));

    Kubectl.Result scaled =
        kubectl.run("scale", "deployment/payments-api", "-n", "team-payments", "--replicas=4");
    assertThat(scaled.ok()).as(scaled.toString()).isTrue();
    awaitEntity(
        "team-payments/deployment-payments-api",
        e -> e.getSpec().properties.get("replicas").asInt() == 4);

    Kubectl.Result selector =
        kubectl.run(
            "patch",
            "service/payments-api",
            "-n",
            "team-payments",
            "--type=merge",
            "-p",
            "{\"spec\":{\"selector\":{\"app\":\"ledger\"}}}");
    assertThat(selector.ok()).as(selector.toString()).isTrue();
    awaitEntity(
        "team-payments/service-payments-api",
        e ->
            "[\"deployment-ledger\"]"
                .equals(String.valueOf(e.getSpec().relations.get("workloads"))));

    Kubectl.Result excluded =
        kubectl.run(
            "annotate", "deployment/ledger", "-n", "team-payments", "portolan.dev/exclude=true");
    assertThat(excluded.ok()).as(excluded.toString()).isTrue();
    awaitGone("team-payments/deployment-ledger");

    Kubectl.Result deleted = kubectl.run("delete", "statefulset/cart-redis", "-n", "team-checkout");
    assertThat(deleted.ok()).as(deleted.toString()).isTrue();
    awaitGone("team-checkout/statefulset-cart-redis");

    // The entities written by hand were never touched.
    Map<String, String> after = entityVersions();
    handWritten.forEach((ref, version) -> assertThat(after.get(ref)).as(ref).isEqualTo(version));
  }

  @Test
  @Order(10)
  void aDiscoveredEntityDeletedOrEditedWithKubectlIsRepairedFromItsSourceWithinSeconds() {
    Entity before = awaitEntity("team-payments/deployment-payments-api", e -> true);
    // Settled first: the last test pointed the Service at ledger, whose entity it then excluded.
    long serviceGeneration =
        awaitEntity(
                "team-payments/service-payments-api",
                e -> {
                  var workloads = e.getSpec().relations.get("workloads");
                  return workloads == null || workloads.isEmpty();
                })
            .getMetadata()
            .getGeneration();
    Kubectl.Result deleted =
        kubectl.run("delete", "entity", "deployment-payments-api", "-n", "team-payments");
    assertThat(deleted.ok()).as(deleted.toString()).isTrue();
    Entity restored =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    admin
                        .resources(Entity.class)
                        .inNamespace("team-payments")
                        .withName("deployment-payments-api")
                        .get(),
                e -> e != null && !e.getMetadata().getUid().equals(before.getMetadata().getUid()));
    assertThat(restored.getSpec().properties.get("replicas").asInt()).isEqualTo(4);

    Kubectl.Result edited =
        kubectl.run(
            "patch",
            "entity",
            "deployment-payments-api",
            "-n",
            "team-payments",
            "--type=merge",
            "-p",
            "{\"spec\":{\"owner\":\"mallory\",\"properties\":{\"replicas\":7,"
                + "\"images\":[\"evil:latest\"]}}}");
    assertThat(edited.ok()).as(edited.toString()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                admin
                    .resources(Entity.class)
                    .inNamespace("team-payments")
                    .withName("deployment-payments-api")
                    .get(),
            e ->
                "payments".equals(e.getSpec().owner)
                    && e.getSpec().properties.get("replicas").asInt() == 4
                    && e.getSpec()
                        .properties
                        .get("images")
                        .toString()
                        .contains("payments-api:1.4.2"));
    // Nothing else was touched: the Service relating to it kept its spec throughout.
    assertThat(
            admin
                .resources(Entity.class)
                .inNamespace("team-payments")
                .withName("service-payments-api")
                .get()
                .getMetadata()
                .getGeneration())
        .isEqualTo(serviceGeneration);
  }

  @Test
  @Order(11)
  void theWorkloadScorecardGradesDiscoveredWorkloadsAndAddingLimitsRaisesALevel() {
    Kubectl.Result applied =
        kubectl.runWithInput(
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: orders, namespace: team-payments, labels: {team: payments}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: orders}}
          template:
            metadata: {labels: {app: orders}}
            spec:
              containers:
                - name: orders
                  image: registry.example.com/payments/orders:2.1.0
                  livenessProbe: {httpGet: {path: /healthz, port: 8080}}
                  readinessProbe: {httpGet: {path: /readyz, port: 8080}}
        """,
            "apply",
            "-f",
            "-");
    assertThat(applied.ok()).as(applied.toString()).isTrue();
    awaitLevel("team-payments/deployment-orders", "workload-readiness", "Bronze");
    Kubectl.Result limits =
        kubectl.run(
            "set",
            "resources",
            "deployment/orders",
            "-n",
            "team-payments",
            "--requests=cpu=100m,memory=128Mi",
            "--limits=memory=256Mi");
    assertThat(limits.ok()).as(limits.toString()).isTrue();
    awaitLevel("team-payments/deployment-orders", "workload-readiness", "Gold");
    awaitLevel("team-payments/deployment-payments-api", "workload-readiness", "Gold");
  }

  private static void awaitLevel(String ref, String scorecard, String level) {
    awaitEntity(
        ref,
        e ->
            e.getStatus() != null
                && e.getStatus().scorecards.containsKey(scorecard)
                && level.equals(e.getStatus().scorecards.get(scorecard).level));
  }

  @Test
  @Order(12)
  void blueprintsSayWhatDiscoveryWatches() {
    Kubectl.Result workload =
        kubectl.run(
            "get",
            "blueprint",
            "workload",
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"Discovery\")].message}");
    assertThat(workload.out())
        .startsWith("4 rule(s) watching Deployment, StatefulSet, DaemonSet, CronJob; ");
  }

  /**
   * The acceptance for {@code portolan grade}: the jar, run as a CI step would run it,
   * prints for examples/60-workloads.yaml the levels the cluster shows on the entities of those
   * workloads, with the definitions from the files and with them read from the cluster.
   */
  @Test
  @Order(12)
  void theGradeCommandPrintsTheLevelsTheClusterShows() throws Exception {
    // Put the workloads back as the file says (earlier steps excluded, scaled and deleted some).
    Kubectl.Result included =
        kubectl.run(
            "annotate", "deployment/ledger", "-n", "team-payments", "portolan.dev/exclude-");
    assertThat(included.ok()).as(included.toString()).isTrue();
    Kubectl.Result applied = kubectl.run("apply", "-f", "examples/60-workloads.yaml");
    assertThat(applied.ok()).as(applied.toString()).isTrue();

    GradeProcess.Result files =
        GradeProcess.run(
            null, "-f", "examples/60-workloads.yaml", "--blueprints", "examples", "-o", "json");
    assertThat(files.status()).as(files.err()).isZero();
    Map<String, String> printed = levels(files.out());
    assertThat(printed)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "team-payments/deployment-payments-api", "Gold",
                "team-payments/deployment-ledger", "None",
                "team-checkout/statefulset-cart-redis", "Bronze",
                "team-checkout/cronjob-nightly-report", "Bronze"));
    printed.forEach((ref, level) -> awaitLevel(ref, "workload-readiness", level));

    GradeProcess.Result fromCluster =
        GradeProcess.run(plane.kubeconfig(), "-f", "examples/60-workloads.yaml", "-o", "json");
    assertThat(fromCluster.status()).as(fromCluster.err()).isZero();
    assertThat(levels(fromCluster.out())).isEqualTo(printed);
    System.out.printf(
        "grade took %d ms with --blueprints, %d ms reading the cluster%n",
        files.millis(), fromCluster.millis());
  }

  /** {@code namespace/entity -> level} of workload-readiness, from grade's JSON. */
  private static Map<String, String> levels(String json) throws Exception {
    Map<String, String> levels = new HashMap<>();
    for (var object :
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("objects")) {
      for (var verdict : object.path("verdicts")) {
        if ("workload-readiness".equals(verdict.path("scorecard").asText())) {
          levels.put(
              verdict.path("entity").path("namespace").asText()
                  + "/"
                  + verdict.path("entity").path("name").asText(),
              verdict.path("level").asText());
        }
      }
    }
    return levels;
  }

  private static Entity awaitEntity(String ref, java.util.function.Predicate<Entity> until) {
    String[] parts = ref.split("/");
    return await()
        .atMost(WAIT)
        .until(
            () -> admin.resources(Entity.class).inNamespace(parts[0]).withName(parts[1]).get(),
            e -> e != null && until.test(e));
  }

  private static void awaitGone(String ref) {
    String[] parts = ref.split("/");
    await()
        .atMost(WAIT)
        .until(
            () ->
                admin.resources(Entity.class).inNamespace(parts[0]).withName(parts[1]).get()
                    == null);
  }

  @Test
  @Order(13)
  void aRestartedOperatorKeepsEveryStatusAndRewritesNothing() {
    awaitValid("team-checkout/legacy-reports", "True", "Valid");
    // legacy-reports, fixed, now has an https repository: Bronze.
    awaitLevel("team-checkout/legacy-reports", "Bronze");
    awaitScorecard(
        "production-readiness",
        s -> Map.of("None", 1, "Bronze", 2, "Silver", 1, "Gold", 1).equals(s.levels));
    // Let the discovered workloads settle (kwok finishes their rollouts), then take the versions.
    Map<String, Map<String, String>> last = new HashMap<>();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              Map<String, String> now = entityVersions();
              return now.equals(last.put("versions", now));
            });
    Map<String, String> versions = entityVersions();
    String scorecardVersion =
        admin
            .resources(Scorecard.class)
            .withName("production-readiness")
            .get()
            .getMetadata()
            .getResourceVersion();
    operator.close();
    operator = startOperator();
    await().atMost(WAIT).until(operator::isReady);
    // Every entity is reconciled once at start; wait for all of them, then count the writes.
    await()
        .atMost(WAIT)
        .until(
            () ->
                reconciles(operator, "entity") >= versions.size()
                    && reconciles(operator, "scorecard") >= 1);
    assertThat(operator.statusWriter().writes("Entity")).isZero();
    assertThat(operator.statusWriter().writes("Blueprint")).isZero();
    assertThat(operator.statusWriter().writes("Scorecard")).isZero();
    assertThat(entityVersions()).isEqualTo(versions);
    assertThat(
            admin
                .resources(Scorecard.class)
                .withName("production-readiness")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(scorecardVersion);
    for (String ref : versions.keySet()) {
      awaitValid(ref, "True", "Valid");
    }
    assertThat(versions).containsKey("team-payments/deployment-payments-api");
  }

  @Test
  @Order(14)
  void aRelationIntoANamespaceThatGrantsNothingShowsItsReaderNothingOfIt() {
    Kubectl.Result applied =
        kubectl.runWithInput(
            """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-secret}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: keepers, namespace: team-secret}
        spec: {blueprint: team, title: Keepers-7f3c, owner: keepers}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: vault, namespace: team-secret}
        spec: {blueprint: system, title: Vault-7f3c, owner: keepers, properties: {lifecycle: experimental},
               relations: {team: keepers}}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: spy, namespace: team-checkout}
        spec: {blueprint: service, owner: checkout, properties: {language: go, replicas: 1},
               relations: {system: team-secret/vault}}
        """,
            "apply",
            "-f",
            "-");
    assertThat(applied.ok()).as(applied.toString()).isTrue();
    String viewer = "system:serviceaccount:team-checkout:checkout-viewer";
    String token = entityReaderToken("checkout-viewer", "team-checkout");
    Condition refused = awaitValid("team-checkout/spy", "False", "RelationNotGranted");
    assertThat(refused.getMessage()).contains("RelationGrant in 'team-secret'");
    // The reader may not read the source...
    assertThat(kubectl.run("get", "entity", "vault", "-n", "team-secret", "--as", viewer).err())
        .contains("Forbidden");
    // ...and nothing of it reaches them: not kubectl, not the API, not search or its facets, not
    // the UI.
    Kubectl.Result status =
        kubectl.run("get", "entity", "spy", "-n", "team-checkout", "--as", viewer, "-o", "json");
    assertThat(status.ok()).as(status.toString()).isTrue();
    assertThat(status.out()).doesNotContain("7f3c").doesNotContain("experimental");
    HttpResponse<String> entity = http("/api/v1/namespaces/team-checkout/entities/spy", token);
    assertThat(entity.statusCode()).isEqualTo(200);
    assertThat(entity.body()).doesNotContain("7f3c").doesNotContain("experimental");
    HttpResponse<String> search = http("/api/v1/entities?namespace=team-checkout&limit=500", token);
    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(search.body())
        .contains("\"spy\"")
        .doesNotContain("7f3c")
        .doesNotContain("experimental");
    assertThat(http("/api/v1/entities?q=7f3c", token).body()).contains("\"total\":0");
    HttpResponse<String> page = http("/entities/team-checkout/spy", token);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("cannot be used; its owners can allow it with a RelationGrant")
        .doesNotContain("7f3c");

    // Once team-secret grants it, the relation holds and its values show: the owners of the source
    // chose so.
    Kubectl.Result granted =
        kubectl.runWithInput(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: RelationGrant
        metadata: {name: checkout, namespace: team-secret}
        spec: {from: [{namespace: team-checkout}], blueprints: [system]}
        """,
            "apply",
            "-f",
            "-");
    assertThat(granted.ok()).as(granted.toString()).isTrue();
    awaitValid("team-checkout/spy", "True", "Valid");
    await()
        .atMost(WAIT)
        .until(
            () -> http("/api/v1/namespaces/team-checkout/entities/spy", token).body(),
            body -> body.contains("Keepers-7f3c") && body.contains("experimental"));
    assertThat(kubectl.run("get", "rgrant", "-n", "team-secret").out())
        .containsPattern("checkout\\s+team-checkout");

    Kubectl.Result revoked =
        kubectl.run("delete", "relationgrant", "checkout", "-n", "team-secret");
    assertThat(revoked.ok()).as(revoked.toString()).isTrue();
    awaitValid("team-checkout/spy", "False", "RelationNotGranted");
    await()
        .atMost(WAIT)
        .until(
            () ->
                kubectl
                    .run(
                        "get", "entity", "spy", "-n", "team-checkout", "--as", viewer, "-o", "json")
                    .out(),
            out -> !out.contains("7f3c"));
    kubectl.run("delete", "entity", "spy", "-n", "team-checkout");
    kubectl.run("delete", "namespace", "team-secret", "--wait=false");
  }

  @Test
  @Order(15)
  void helmUninstallRemovesTheRelease() {
    operator.close();
    operator = null;
    String out =
        Helm.uninstall("portolan")
            .withNamespace(RELEASE_NAMESPACE)
            .withKubeConfig(plane.kubeconfig())
            .call();
    assertThat(out).contains("uninstalled");
    await()
        .atMost(WAIT)
        .until(() -> !kubectl.run("get", "-n", RELEASE_NAMESPACE, "deployment/portolan").ok());
    for (String resource :
        List.of("serviceaccount/portolan", "service/portolan", "role/portolan-leader-election")) {
      assertThat(kubectl.run("get", "-n", RELEASE_NAMESPACE, resource).ok()).as(resource).isFalse();
    }
    assertThat(kubectl.run("get", "clusterrole/portolan").ok()).isFalse();
    assertThat(kubectl.run("get", "clusterrolebinding/portolan").ok()).isFalse();
  }

  private static Condition awaitValid(String ref, String status, String reason) {
    String[] parts = ref.split("/");
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              Entity entity =
                  admin.resources(Entity.class).inNamespace(parts[0]).withName(parts[1]).get();
              return entity == null || entity.getStatus() == null
                  ? null
                  : Conditions.find(entity.getStatus().conditions, "Valid").orElse(null);
            },
            c -> c != null && status.equals(c.getStatus()) && reason.equals(c.getReason()));
  }

  private static Map<String, String> entityVersions() {
    Map<String, String> versions = new HashMap<>();
    for (Entity e : admin.resources(Entity.class).inAnyNamespace().list().getItems()) {
      versions.put(
          e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(),
          e.getMetadata().getResourceVersion());
    }
    return versions;
  }

  private static ScorecardResult awaitLevel(String ref, String level) {
    String[] parts = ref.split("/");
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              Entity entity =
                  admin.resources(Entity.class).inNamespace(parts[0]).withName(parts[1]).get();
              return entity == null || entity.getStatus() == null
                  ? null
                  : entity.getStatus().scorecards.get("production-readiness");
            },
            r -> r != null && level.equals(r.level));
  }

  private static ScorecardStatus awaitScorecard(
      String name, java.util.function.Predicate<ScorecardStatus> until) {
    return await()
        .atMost(WAIT)
        .until(
            () -> admin.resources(Scorecard.class).withName(name).get().getStatus(),
            s -> s != null && Conditions.isTrue(s.conditions, "Ready") && until.test(s));
  }

  private static double reconciles(PortolanOperator operator, String controller) {
    return operator.metrics().getMeters().stream()
        .filter(
            m ->
                m.getId().getName().equals("operator.sdk.controllers.execution.reconcile")
                    && controller.equals(m.getId().getTag("controller")))
        .flatMap(m -> java.util.stream.StreamSupport.stream(m.measure().spliterator(), false))
        .filter(m -> m.getStatistic() == Statistic.COUNT)
        .mapToDouble(io.micrometer.core.instrument.Measurement::getValue)
        .sum();
  }

  /**
   * A ServiceAccount that RBAC lets get and list entities in one namespace only, and a token for
   * it.
   */
  private static String entityReaderToken(String name, String namespace) {
    Kubectl.Result reader =
        kubectl.runWithInput(
            """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: %1$s, namespace: %2$s}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: entity-reader, namespace: %2$s}
        rules: [{apiGroups: [portolan.dev], resources: [entities], verbs: [get, list]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: %1$s, namespace: %2$s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: entity-reader}
        subjects: [{kind: ServiceAccount, name: %1$s, namespace: %2$s}]
        """
                .formatted(name, namespace),
            "apply",
            "-f",
            "-");
    assertThat(reader.ok()).as(reader.toString()).isTrue();
    return kubectl.run("create", "token", name, "-n", namespace).out().strip();
  }

  private static HttpResponse<String> http(String path, String token) {
    try {
      var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operatorPort() + path));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int operatorPort() {
    return operator.server().port();
  }
}
