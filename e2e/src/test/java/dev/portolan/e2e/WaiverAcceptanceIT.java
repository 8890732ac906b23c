package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.portolan.PortolanOperator;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Waiver;
import dev.portolan.web.admission.AdmissionWebhookServer;
import dev.portolan.web.auth.KubernetesAccess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Waivers on a real control plane: the chart installs the admission webhook (served by the operator
 * outside the cluster, under the chart's ServiceAccount, called by URL) and the waiver roles;
 * people act with {@code kubectl --as}. A developer's request waits, an approver's decision applies
 * it, self-approval and an expiry beyond the cap are refused with the webhook's message, the waived
 * rule shows as {@code Waived} in kubectl, the API and the UI, and at expiry the entity is graded
 * again within a second.
 */
@ExtendWith(RealCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WaiverAcceptanceIT {
  private static final String RELEASE_NAMESPACE = "portolan-system";
  private static final String NS = "waivers-e2e";
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** How long the approved waiver lives: long enough for the steps before its expiry. */
  private static final Duration LIFETIME = Duration.ofSeconds(90);

  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static PortolanOperator operator;
  private static ControlPlane plane;
  private static Instant expiresAt;

  @BeforeAll
  static void install(ControlPlane controlPlane) throws Exception {
    plane = controlPlane;
    kubectl = plane.kubectlRunner();
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
            .build();
    require(kubectl.run("apply", "-f", "crds/"));
    require(
        kubectl.run(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/waivers.portolan.dev",
            "crd/scorecards.portolan.dev",
            "crd/entities.portolan.dev"));
    require(kubectl.run("apply", "-f", "examples/10-blueprints.yaml"));
    int webhookPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      webhookPort = socket.getLocalPort();
    }
    var release =
        new Helm(ChartTest.CHART)
            .install()
            .withName("portolan")
            .withNamespace(RELEASE_NAMESPACE)
            .createNamespace()
            .withKubeConfig(plane.kubeconfig())
            .set("defaultBlueprints.enabled", "false")
            .set("guardrails.enabled", "false")
            .set("webhook.url", "https://127.0.0.1:" + webhookPort + AdmissionWebhookServer.PATH)
            .set("webhook.certificate.ipAddresses[0]", "127.0.0.1")
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    require(kubectl.runWithInput(FIXTURES, "apply", "-f", "-"));
    Path certificates = Files.createTempDirectory("portolan-webhook");
    for (String file : List.of("tls.crt", "tls.key")) {
      Kubectl.Result data =
          require(
              kubectl.run(
                  "get",
                  "secret",
                  "portolan-webhook-tls",
                  "-n",
                  RELEASE_NAMESPACE,
                  "-o",
                  "jsonpath={.data." + file.replace(".", "\\.") + "}"));
      Files.write(certificates.resolve(file), Base64.getDecoder().decode(data.out().strip()));
    }
    asOperator =
        clientWithToken(
            require(
                    kubectl.run(
                        "create", "token", "portolan", "-n", RELEASE_NAMESPACE, "--duration=2h"))
                .out()
                .strip());
    operator =
        new PortolanOperator(
                asOperator,
                Clock.systemUTC(),
                null,
                "default",
                true,
                dev.portolan.action.JobSignature.ephemeral(),
                "90d")
            .start();
    operator.serveWebhook("127.0.0.1", webhookPort, certificates);
    operator.serve(
        "127.0.0.1",
        0,
        new KubernetesAccess(asOperator, Clock.systemUTC(), Duration.ofSeconds(30)));
    await().atMost(WAIT).until(operator::isReady);
    // cart passes has-language and has-replicas but fails has-repo, so it is at None.
    await().atMost(WAIT).until(() -> level("cart"), "None"::equals);
  }

  private static KubernetesClient clientWithToken(String token) {
    Config adminConfig = admin.getConfiguration();
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl(adminConfig.getMasterUrl())
                .withCaCertData(adminConfig.getCaCertData())
                .withCaCertFile(adminConfig.getCaCertFile())
                .withOauthToken(token)
                .build())
        .build();
  }

  @AfterAll
  static void uninstall() {
    if (operator != null) {
      operator.close();
    }
    if (asOperator != null) {
      asOperator.close();
    }
    kubectl.run("delete", "namespace", NS, "--wait=false");
    kubectl.run("delete", "scorecard", "e2e-readiness", "--wait=false");
    kubectl.run("delete", "-f", "examples/10-blueprints.yaml", "--wait=false");
    try {
      Helm.uninstall("portolan")
          .withNamespace(RELEASE_NAMESPACE)
          .withKubeConfig(plane.kubeconfig())
          .call();
    } catch (RuntimeException e) {
      System.out.println("[e2e] helm uninstall: " + e.getMessage());
    }
    if (admin != null) {
      admin.close();
    }
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }

  private static Kubectl.Result request(String user, String group, String name, Instant until) {
    return kubectl.runWithInput(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Waiver
        metadata: {name: %s, namespace: %s}
        spec:
          entity: cart
          scorecard: e2e-readiness
          rules: [has-repo]
          reason: The repository moves to the monorepo this sprint.
          expiresAt: "%s"
        """
            .formatted(name, NS, until),
        "create",
        "-f",
        "-",
        "--as",
        user,
        "--as-group",
        group);
  }

  private static Kubectl.Result decide(String user, String group, String name, String decision) {
    return kubectl.run(
        "annotate",
        "waiver",
        name,
        "-n",
        NS,
        "portolan.dev/approval=" + decision,
        "--as",
        user,
        "--as-group",
        group);
  }

  private static Waiver waiver(String name) {
    return admin.resources(Waiver.class).inNamespace(NS).withName(name).get();
  }

  private static String phase(String name) {
    Waiver waiver = waiver(name);
    return waiver == null || waiver.getStatus() == null ? null : waiver.getStatus().phase;
  }

  private static ScorecardResult grade(String entity) {
    Entity now = admin.resources(Entity.class).inNamespace(NS).withName(entity).get();
    return now == null || now.getStatus() == null
        ? null
        : now.getStatus().scorecards.get("e2e-readiness");
  }

  private static String level(String entity) {
    ScorecardResult grade = grade(entity);
    return grade == null ? null : grade.level;
  }

  private static RuleResult hasRepo() {
    ScorecardResult grade = grade("cart");
    return grade == null
        ? null
        : grade.rules.stream().filter(r -> r.name.equals("has-repo")).findFirst().orElse(null);
  }

  private static String events(String waiver) {
    return require(
            kubectl.run(
                "get",
                "events",
                "-n",
                NS,
                "--field-selector",
                "involvedObject.name=" + waiver,
                "-o",
                "jsonpath={.items[*].reason}"))
        .out();
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + operator.server().port() + path))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void aDevelopersRequestIsRecordedAndWaitsForAnApprover() {
    expiresAt = Instant.now().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS);
    require(request("alice", "developers", "cart-repo", expiresAt));
    await().atMost(WAIT).until(() -> phase("cart-repo"), "Pending"::equals);
    Waiver pending = waiver("cart-repo");
    assertThat(pending.getStatus().requestedBy.username).isEqualTo("alice");
    assertThat(pending.getStatus().approvedBy).isNull();
    assertThat(pending.getStatus().entities).containsExactly("cart");
    assertThat(hasRepo().result).as("a pending waiver waives nothing").isNull();
    assertThat(level("cart")).isEqualTo("None");
    Kubectl.Result listed = require(kubectl.run("get", "waivers", "-n", NS));
    assertThat(listed.out())
        .contains("ENTITY", "SELECTOR", "SCORECARD", "RULES", "PHASE", "APPROVER", "EXPIRES")
        .contains("cart", "e2e-readiness", "has-repo", "Pending", expiresAt.toString());
  }

  @Test
  @Order(2)
  void anExpiryBeyondTheCapIsRefusedNamingTheFieldAndTheCap() {
    Kubectl.Result refused =
        request("alice", "developers", "too-long", Instant.now().plus(Duration.ofDays(120)));
    assertThat(refused.ok()).isFalse();
    assertThat(refused.err())
        .contains("spec.expiresAt", "is further ahead than the cap waivers.maxDuration (90d)");
  }

  @Test
  @Order(3)
  void aDeveloperMayNotApproveAndAnApproverMayNotApproveTheirOwnRequest() {
    Kubectl.Result developer = decide("alice", "developers", "cart-repo", "approved");
    assertThat(developer.ok()).isFalse();
    assertThat(developer.err())
        .contains(
            "alice may not approve waivers in namespace waivers-e2e; approving needs the RBAC"
                + " verb approve on waivers.portolan.dev");

    require(request("lead", "leads", "lead-own", Instant.now().plus(Duration.ofDays(7))));
    Kubectl.Result self = decide("lead", "leads", "lead-own", "approved");
    assertThat(self.ok()).isFalse();
    assertThat(self.err())
        .contains(
            "metadata.annotations[portolan.dev/approval]: lead requested this Waiver and cannot"
                + " also approve it; ask another approver");
    System.out.println("[e2e] self-approval refused: " + self.err().strip());
    assertThat(phase("lead-own")).isEqualTo("Pending");
  }

  @Test
  @Order(4)
  void anApproversDecisionAppliesTheWaiverAndKubectlShowsTheRuleWaived() {
    // The scorecard grades every service of the cluster, and ITs that ran before may have left
    // some: the waiver is measured as what it changes in the counts.
    var before = hasRepoSummary();
    require(decide("lead", "leads", "cart-repo", "approved"));
    await().atMost(WAIT).until(() -> phase("cart-repo"), "Active"::equals);
    Waiver active = waiver("cart-repo");
    assertThat(active.getStatus().approvedBy.username).isEqualTo("lead");
    assertThat(active.getStatus().approvalTime).isNotNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        require(
                                kubectl.run(
                                    "get",
                                    "entity",
                                    "cart",
                                    "-n",
                                    NS,
                                    "-o",
                                    "jsonpath={.status.scorecards.e2e-readiness.rules[?(@.name==\"has-repo\")].result}"))
                            .out())
                    .isEqualTo("Waived"));
    RuleResult waived = hasRepo();
    assertThat(waived.passed).as("a waived rule is never shown as passed").isFalse();
    assertThat(waived.waiver.approvedBy).isEqualTo("lead");
    assertThat(waived.waiver.expiresAt).isEqualTo(expiresAt.toString());
    assertThat(level("cart"))
        .as("the waived rule does not hold the level back")
        .isEqualTo("Silver");
    assertThat(require(kubectl.run("get", "waivers", "-n", NS, "cart-repo")).out())
        .contains("Active", "lead");
    await().atMost(WAIT).until(() -> events("cart-repo"), e -> e.contains("Approved"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var scorecard = scorecardStatus();
              assertThat(scorecard.waived).isEqualTo(1);
              var now = hasRepoSummary();
              assertThat(now.waived).isEqualTo(1);
              assertThat(now.passed).as("waived is never counted passed").isEqualTo(before.passed);
              assertThat(now.failed).isEqualTo(before.failed - 1);
            });
    // kubectl's table says it too, in its own column.
    String[] table = require(kubectl.run("get", "scorecard", "e2e-readiness")).out().split("\n");
    List<String> header = List.of(table[0].trim().split("\\s+"));
    List<String> row = List.of(table[1].trim().split("\\s+"));
    assertThat(header).contains("WAIVED");
    assertThat(row.get(header.indexOf("WAIVED"))).isEqualTo("1");
  }

  private static dev.portolan.model.ScorecardStatus scorecardStatus() {
    return admin
        .resources(dev.portolan.model.Scorecard.class)
        .withName("e2e-readiness")
        .get()
        .getStatus();
  }

  private static dev.portolan.model.ScorecardStatus.RuleSummary hasRepoSummary() {
    return scorecardStatus().rules.stream()
        .filter(r -> r.name.equals("has-repo"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @Order(5)
  void theApiAndTheUiShowTheWaiverOnlyToWhoMaySeeItsNamespace() throws Exception {
    String viewer = require(kubectl.run("create", "token", "e2e-viewer", "-n", NS)).out().strip();
    String outsider =
        require(kubectl.run("create", "token", "e2e-outsider", "-n", NS)).out().strip();

    HttpResponse<String> listed = get("/api/v1/waivers?namespace=" + NS, viewer);
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    JsonNode items = Serialization.jsonMapper().readTree(listed.body()).get("items");
    assertThat(items).hasSize(2);
    JsonNode cartRepo = items.get(0);
    assertThat(cartRepo.get("name").asText()).isEqualTo("cart-repo");
    assertThat(cartRepo.get("phase").asText()).isEqualTo("Active");
    assertThat(cartRepo.get("approvedBy").asText()).isEqualTo("lead");
    assertThat(cartRepo.get("requestedBy").asText()).isEqualTo("alice");

    HttpResponse<String> one = get("/api/v1/namespaces/" + NS + "/waivers/cart-repo", viewer);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).contains("\"expiresAt\":\"" + expiresAt + "\"");

    HttpResponse<String> hidden = get("/api/v1/waivers", outsider);
    assertThat(hidden.statusCode()).isEqualTo(200);
    assertThat(Serialization.jsonMapper().readTree(hidden.body()).get("total").asInt()).isZero();
    assertThat(get("/api/v1/namespaces/" + NS + "/waivers/cart-repo", outsider).statusCode())
        .isEqualTo(404);

    HttpResponse<String> entity = get("/api/v1/namespaces/" + NS + "/entities/cart", viewer);
    assertThat(entity.body()).contains("\"result\":\"Waived\"", "\"approvedBy\":\"lead\"");

    HttpResponse<String> page = get("/entities/" + NS + "/cart", viewer);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Waived", "approved by lead", "until <time datetime=\"" + expiresAt + "\"");
  }

  @Test
  @Order(6)
  void atTheSecondItExpiresTheEntityIsGradedAgainWithinASecond() throws Exception {
    assertThat(Instant.now()).as("the steps before took too long").isBefore(expiresAt);
    Instant changed = null;
    Instant deadline = expiresAt.plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      RuleResult rule = hasRepo();
      if (rule != null && rule.result == null) {
        changed = Instant.now();
        break;
      }
      Thread.sleep(20); // polling the observation, not waiting for correctness
    }
    assertThat(changed).as("has-repo is graded again after the waiver expires").isNotNull();
    Duration late = Duration.between(expiresAt, changed);
    System.out.println(
        "[e2e] waiver expired at "
            + expiresAt
            + "; cart re-graded "
            + late.toMillis()
            + " ms later");
    assertThat(late).isLessThan(Duration.ofSeconds(1));
    assertThat(hasRepo().passed).isFalse();
    assertThat(level("cart")).isEqualTo("None");
    await().atMost(WAIT).until(() -> phase("cart-repo"), "Expired"::equals);
    await().atMost(WAIT).until(() -> events("cart-repo"), e -> e.contains("Expired"));
  }

  private static final String FIXTURES =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: waivers-e2e}
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: e2e-viewer, namespace: waivers-e2e}
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: e2e-outsider, namespace: waivers-e2e}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: requesters, namespace: waivers-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-waiver-requester}
      subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: leads}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: approvers, namespace: waivers-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-waiver-approver}
      subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: leads}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: viewers, namespace: waivers-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-catalog-viewer}
      subjects:
        - {kind: ServiceAccount, name: e2e-viewer, namespace: waivers-e2e}
      ---
      # Developers may annotate waivers too, so that the webhook, not RBAC, is what refuses a
      # developer's approval.
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: waiver-annotator, namespace: waivers-e2e}
      rules:
        - {apiGroups: [portolan.dev], resources: [waivers], verbs: [get, patch]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: annotators, namespace: waivers-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: waiver-annotator}
      subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Scorecard
      metadata: {name: e2e-readiness}
      spec:
        blueprint: service
        levels: [Bronze, Silver]
        rules:
          - {name: has-language, level: Bronze, expression: "entity.properties.?language.orValue('') != ''"}
          - {name: has-repo, level: Bronze, expression: "entity.properties.?repo.orValue('').startsWith('https://')"}
          - {name: has-replicas, level: Silver, expression: "entity.properties.?replicas.orValue(0) >= 2"}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: e2e-team, namespace: waivers-e2e}
      spec: {blueprint: team, title: E2E team}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: e2e-system, namespace: waivers-e2e}
      spec: {blueprint: system, title: E2E system, relations: {team: e2e-team}}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: cart, namespace: waivers-e2e}
      spec:
        blueprint: service
        title: Cart
        properties: {language: go, replicas: 2}
        relations: {system: e2e-system}
      """;
}
