package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.portolan.PortolanOperator;
import dev.portolan.controller.GuardrailWebhookManager;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import dev.portolan.web.admission.AdmissionWebhookServer;
import dev.portolan.web.auth.KubernetesAccess;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * Guardrails on a real control plane, with the real kubectl: the chart installed (its webhook
 * certificate, the empty guardrails configuration, the operator's ClusterRole), the operator run
 * outside the cluster under the chart's ServiceAccount, so the API server calls its webhook by URL.
 * The example scorecards enforce: workload-readiness warns in team-checkout (labelled
 * portolan.dev/guardrails=warn), workload-readiness-strict refuses in team-guarded (=deny).
 */
@ExtendWith(RealCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuardrailAcceptanceIT {
  private static final String RELEASE_NAMESPACE = "portolan-system";
  private static final String WARN_NS = "team-checkout";
  private static final String DENY_NS = "team-guarded";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String CONFIGURATION = "portolan-guardrails";

  private static ControlPlane plane;
  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static PortolanOperator operator;
  private static Path certificates;
  private static int webhookPort;

  /** A Deployment with a team label and a pinned image (Bronze); Silver needs {@code extra}. */
  private static String deployment(
      String name, String namespace, String annotations, String extra) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: %s
          labels: {team: checkout, portolan.dev/e2e: guardrails}
          annotations: {%s}
        spec:
          replicas: 1
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers:
                - name: app
                  image: registry.example.com/shop/%s:1.0.0
        %s
        """
        .formatted(
            name, namespace, annotations, name, name, name, extra.indent(10).stripTrailing());
  }

  private static final String LIMITS_AND_PROBES =
      """
      resources:
        requests: {cpu: 10m, memory: 16Mi}
        limits: {memory: 32Mi}
      livenessProbe: {httpGet: {path: /healthz, port: 8080}}
      readinessProbe: {httpGet: {path: /readyz, port: 8080}}""";

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
            "crd/scorecards.portolan.dev",
            "crd/entities.portolan.dev",
            "crd/blueprints.portolan.dev"));
    require(kubectl.run("apply", "-f", "examples/00-namespaces.yaml"));
    require(kubectl.run("apply", "-f", "examples/50-discovery-blueprints.yaml"));
    require(kubectl.run("apply", "-f", "examples/70-workload-scorecard.yaml"));
    require(kubectl.run("apply", "-f", "examples/71-guardrails.yaml"));
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
            .set("webhook.url", "https://127.0.0.1:" + webhookPort + AdmissionWebhookServer.PATH)
            .set("webhook.certificate.ipAddresses[0]", "127.0.0.1")
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    certificates = Files.createTempDirectory("portolan-guardrails");
    for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
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
    // People: lead may exempt in team-guarded, dev may not; both may edit there and in checkout.
    for (String ns : List.of(WARN_NS, DENY_NS)) {
      require(
          kubectl.run(
              "create",
              "rolebinding",
              "e2e-editors",
              "-n",
              ns,
              "--clusterrole=edit",
              "--user=lead",
              "--user=dev"));
    }
    require(
        kubectl.run(
            "create",
            "rolebinding",
            "e2e-exempters",
            "-n",
            DENY_NS,
            "--clusterrole=portolan-guardrail-exempter",
            "--user=lead"));
    String token =
        require(
                kubectl.run(
                    "create", "token", "portolan", "-n", RELEASE_NAMESPACE, "--duration=2h"))
            .out()
            .strip();
    Config adminConfig = admin.getConfiguration();
    asOperator =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(adminConfig.getMasterUrl())
                    .withCaCertData(adminConfig.getCaCertData())
                    .withCaCertFile(adminConfig.getCaCertFile())
                    .withOauthToken(token)
                    .build())
            .build();
    startOperator();
  }

  private static void startOperator() throws Exception {
    operator =
        new PortolanOperator(asOperator, Clock.systemUTC(), null)
            .manageGuardrailWebhooks(
                new GuardrailWebhookManager.Settings(
                    CONFIGURATION,
                    "https://127.0.0.1:" + webhookPort,
                    null,
                    RELEASE_NAMESPACE,
                    certificates.resolve("ca.crt"),
                    3))
            .start();
    operator.serveWebhook("127.0.0.1", webhookPort, certificates);
    operator.serve(
        "127.0.0.1",
        0,
        new KubernetesAccess(asOperator, Clock.systemUTC(), Duration.ofSeconds(30)));
    await().atMost(WAIT).until(operator::isReady);
    // The webhooks are in place, and the API server calls them: a server-side dry run is judged.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              ValidatingWebhookConfiguration config =
                  admin
                      .admissionRegistration()
                      .v1()
                      .validatingWebhookConfigurations()
                      .withName(CONFIGURATION)
                      .get();
              return config != null && config.getWebhooks() != null
                  ? config.getWebhooks().size()
                  : 0;
            },
            n -> n == 2);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl.runWithInput(
                    deployment("probe", WARN_NS, "", ""),
                    "create",
                    "--dry-run=server",
                    "-o",
                    "name",
                    "-f",
                    "-"),
            r -> r.err().contains("Warning: workload-readiness"));
  }

  @AfterAll
  static void uninstall() {
    if (operator != null) {
      operator.close();
    }
    if (asOperator != null) {
      asOperator.close();
    }
    for (String ns : List.of(WARN_NS, DENY_NS)) {
      kubectl.run(
          "delete", "deployments", "-n", ns, "-l", "portolan.dev/e2e=guardrails", "--wait=false");
      kubectl.run(
          "delete", "rolebinding", "e2e-editors", "e2e-exempters", "-n", ns, "--ignore-not-found");
    }
    try {
      Helm.uninstall("portolan")
          .withNamespace(RELEASE_NAMESPACE)
          .withKubeConfig(plane.kubeconfig())
          .call();
    } catch (RuntimeException e) {
      System.out.println("[e2e] helm uninstall: " + e.getMessage());
    }
    kubectl.run("delete", "-f", "examples/71-guardrails.yaml", "--wait=false");
    kubectl.run("delete", "namespace", DENY_NS, "--wait=false");
    if (admin != null) {
      admin.close();
    }
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }

  private static Kubectl.Result apply(String manifest, String... as) {
    String[] args = new String[3 + as.length];
    args[0] = "apply";
    args[1] = "-f";
    args[2] = "-";
    System.arraycopy(as, 0, args, 3, as.length);
    return kubectl.runWithInput(manifest, args);
  }

  private static Entity entity(String namespace, String name) {
    return admin.resources(Entity.class).inNamespace(namespace).withName(name).get();
  }

  private static String liveLevel(String namespace, String name, String scorecard) {
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              Entity e = entity(namespace, name);
              return e == null
                      || e.getStatus() == null
                      || e.getStatus().scorecards.get(scorecard) == null
                  ? null
                  : e.getStatus().scorecards.get(scorecard).level;
            },
            level -> level != null);
  }

  private static Scorecard scorecard(String name) {
    return admin.resources(Scorecard.class).withName(name).get();
  }

  @Test
  @Order(1)
  void inTheWarnNamespaceKubectlPrintsAWarningPerFailingRuleAndTheLiveGradeAgrees() {
    Kubectl.Result applied = require(apply(deployment("web", WARN_NS, "", "")));
    System.out.printf(
        "[e2e] kubectl apply in %s printed:%n%s%s", WARN_NS, applied.err(), applied.out());
    assertThat(applied.out()).contains("deployment.apps/web created");
    assertThat(applied.err())
        .contains(
            "Warning: workload-readiness (Bronze, needs Silver): requests-and-limits: Every"
                + " container sets resource requests and limits. Fix: Set resources.requests and"
                + " resources.limits on every container")
        .contains(
            "Warning: workload-readiness (Bronze, needs Silver): probes: Every container has"
                + " liveness and readiness probes.");
    assertThat(liveLevel(WARN_NS, "deployment-web", "workload-readiness"))
        .as("the level admission computed")
        .isEqualTo("Bronze");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        require(
                                kubectl.run(
                                    "get",
                                    "events",
                                    "-n",
                                    WARN_NS,
                                    "--field-selector",
                                    "involvedObject.name=web,reason=GuardrailWarned",
                                    "-o",
                                    "jsonpath={.items[*].message}"))
                            .out())
                    .contains("workload-readiness: failing requests-and-limits, probes"));
  }

  @Test
  @Order(2)
  void inTheDenyNamespaceTheApiServerRefusesWithTheFailingRules() {
    Kubectl.Result refused = apply(deployment("web", DENY_NS, "", ""));
    System.out.printf("[e2e] kubectl apply in %s printed:%n%s", DENY_NS, refused.err());
    assertThat(refused.ok()).as(refused.toString()).isFalse();
    assertThat(refused.err())
        .contains(
            "admission webhook \"workload-readiness-strict.guardrails.portolan.dev\" denied the"
                + " request: Deployment team-guarded/web is refused by scorecard"
                + " workload-readiness-strict (Bronze, needs Silver): requests-and-limits: Every"
                + " container sets resource requests and limits.")
        .contains("probes: Every container has liveness and readiness probes.");
    assertThat(admin.apps().deployments().inNamespace(DENY_NS).withName("web").get()).isNull();
  }

  @Test
  @Order(3)
  void withLimitsAndProbesItIsAdmittedSilentlyInBoth() {
    for (String ns : List.of(WARN_NS, DENY_NS)) {
      Kubectl.Result applied = require(apply(deployment("api", ns, "", LIMITS_AND_PROBES)));
      assertThat(applied.err()).as(ns).doesNotContain("Warning");
    }
    assertThat(liveLevel(DENY_NS, "deployment-api", "workload-readiness-strict"))
        .isEqualTo("Silver");
    assertThat(liveLevel(WARN_NS, "deployment-api", "workload-readiness")).isEqualTo("Silver");
  }

  @Test
  @Order(4)
  void anExemptionByAPermittedUserIsAdmittedAndShownOnTheEntity() {
    Kubectl.Result applied =
        require(
            apply(
                deployment(
                    "legacy",
                    DENY_NS,
                    "portolan.dev/exempt: workload-readiness-strict, portolan.dev/exempt-reason: \"retired in Q1\"",
                    ""),
                "--as=lead"));
    assertThat(applied.err())
        .contains(
            "Warning: workload-readiness-strict (Bronze, needs Silver): exempted by"
                + " portolan.dev/exempt (retired in Q1); failing: requests-and-limits, probes");
    Entity legacy =
        await().atMost(WAIT).until(() -> entity(DENY_NS, "deployment-legacy"), e -> e != null);
    assertThat(legacy.getSpec().properties.get("exemptFrom").asText())
        .isEqualTo("workload-readiness-strict");
    assertThat(legacy.getSpec().properties.get("exemptReason").asText()).isEqualTo("retired in Q1");
  }

  @Test
  @Order(5)
  void theSameAnnotationFromAUserWhoMayNotExemptIsRefused() {
    Kubectl.Result refused =
        apply(
            deployment("sneaky", DENY_NS, "portolan.dev/exempt: workload-readiness-strict", ""),
            "--as=dev");
    assertThat(refused.ok()).as(refused.toString()).isFalse();
    assertThat(refused.err())
        .contains(
            "metadata.annotations[portolan.dev/exempt] names scorecard workload-readiness-strict,"
                + " but user dev may not exempt workloads from it in namespace team-guarded");
  }

  @Test
  @Order(6)
  void theScorecardsCountWhatTheyJudgedAndTheMetricsToo() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var strict = scorecard("workload-readiness-strict").getStatus().enforcement;
              assertThat(strict.mode).isEqualTo("Deny");
              assertThat(strict.denied).isEqualTo(2);
              assertThat(strict.exempted).isEqualTo(1);
              assertThat(strict.admissionsJudged).isEqualTo(4);
              assertThat(strict.lastDenied.object).isEqualTo("Deployment team-guarded/sneaky");
              assertThat(strict.lastDenied.user).isEqualTo("dev");
              var warn = scorecard("workload-readiness").getStatus().enforcement;
              assertThat(warn.warned).isEqualTo(1);
            });
    // The metrics count the same admissions, and apart from them the set-up's one warned dry run
    // (the probe that waited for the webhooks).
    assertThat(operator.metrics().scrape())
        .contains(
            "portolan_guardrail_admissions_total{dry_run=\"false\",outcome=\"warned\",scorecard=\"workload-readiness\"} 1.0")
        .contains(
            "portolan_guardrail_admissions_total{dry_run=\"true\",outcome=\"warned\",scorecard=\"workload-readiness\"} 1.0")
        .contains(
            "portolan_guardrail_admissions_total{dry_run=\"false\",outcome=\"exempted\",scorecard=\"workload-readiness-strict\"} 1.0")
        .contains("portolan_guardrail_webhook_seconds_bucket");
  }

  @Test
  @Order(7)
  void withTheOperatorStoppedWarnAdmitsAndDenyRefusesAsDocumented() {
    operator.close();
    operator = null;
    Kubectl.Result warned = require(apply(deployment("while-away", WARN_NS, "", "")));
    assertThat(warned.out()).contains("deployment.apps/while-away created");
    assertThat(warned.err()).doesNotContain("Warning: workload-readiness");
    Kubectl.Result refused = apply(deployment("while-away", DENY_NS, "", LIMITS_AND_PROBES));
    assertThat(refused.ok()).as(refused.toString()).isFalse();
    assertThat(refused.err())
        .contains("failed calling webhook \"workload-readiness-strict.guardrails.portolan.dev\"");
  }
}
