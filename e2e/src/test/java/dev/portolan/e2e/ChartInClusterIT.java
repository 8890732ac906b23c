package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.model.Action;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart as shipped, on the harness's real node: the operator image built by this build
 * (operator/target/portolan-operator-image.tar, imported under the chart's default image name),
 * installed with the real helm binary and default values in the README's order, two replicas with
 * leader election, the portal API and the admission webhook reached through their Services, an
 * Action's Job run by containerd and runc, a leader handover and an upgrade under load, and an
 * uninstall that leaves nothing of the release.
 *
 * <p>The harness's real node is tainted so that the other acceptance tests' Pods stay on the kwok
 * node; {@code cluster.sh use-real-node} gives the release namespace and team-checkout (where the
 * Action runs) the real node's nodeSelector and toleration. Nothing else differs from what the
 * README tells a user to type.
 */
@ExtendWith(RealCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartInClusterIT {
  private static final String NS = "portolan-system";
  private static final String TEAM = "team-checkout";
  private static final Path IMAGE =
      ControlPlane.ROOT.resolve("operator/target/portolan-operator-image.tar");
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private static ControlPlane plane;
  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static KubernetesClient alice;
  private static String token;

  @BeforeAll
  static void connect(ControlPlane controlPlane) throws Exception {
    plane = controlPlane;
    assertThat(plane.hasRealNode())
        .as(
            "cluster.sh started no real node (root, containerd, runc, containernetworking-plugins, busybox-static"
                + " and iptables are needed; see e2e/README.md and %s)",
            ControlPlane.ROOT.resolve("e2e/target/cluster-start.log"))
        .isTrue();
    assertThat(IMAGE)
        .as("the operator image; mvn verify builds it in operator's pre-integration-test")
        .exists();
    kubectl = plane.kubectlRunner();
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    admin = new KubernetesClientBuilder().withConfig(config).build();
    alice =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(config)
                    .withImpersonateUsername("alice")
                    .withImpersonateGroups("developers")
                    .build())
            .build();
    // What another test class may have left: a release of the same name, the namespace.
    helm("uninstall", "portolan", "-n", NS, "--wait");
    kubectl.run("delete", "namespace", NS, "--wait=true", "--timeout=120s");
    long start = System.nanoTime();
    plane.cluster("import-image", IMAGE.toString());
    System.out.printf(
        "[e2e] imported the operator image (%d MB) in %.1f s%n",
        Files.size(IMAGE) >> 20, (System.nanoTime() - start) / 1e9);
    plane.cluster("use-real-node", NS, TEAM);
  }

  @AfterAll
  static void disconnect() {
    if (kubectl != null) {
      helm("uninstall", "portolan", "-n", NS, "--wait");
      kubectl.run("delete", "actions", "--all", "-n", TEAM, "--wait=false");
      kubectl.run("delete", "actiondefinition", "e2e-real-run", "--ignore-not-found");
      kubectl.run("delete", "clusterrolebinding", "e2e-chart-reader", "--ignore-not-found");
      kubectl.run(
          "delete",
          "rolebinding",
          "e2e-requesters",
          "e2e-log-readers",
          "-n",
          TEAM,
          "--ignore-not-found");
      // Waited for: the next test class installs its own release into the same namespace.
      kubectl.run("delete", "namespace", NS, "--wait=true", "--timeout=180s");
      kubectl.run(
          "annotate",
          "namespace",
          TEAM,
          "scheduler.alpha.kubernetes.io/node-selector-",
          "scheduler.alpha.kubernetes.io/defaultTolerations-");
    }
    if (alice != null) {
      alice.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  @Order(1)
  void theReadmesCommandsInstallTheChartWhoseTwoReplicasBecomeReadyThroughTheirProbes() {
    require(kubectl.run("apply", "-f", "crds/"));
    require(
        kubectl.run(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/actions.portolan.dev",
            "crd/blueprints.portolan.dev",
            "crd/entities.portolan.dev"));
    require(kubectl.run("apply", "-f", "examples/"));
    long start = System.nanoTime();
    // Default values; the default blueprints the examples applied already stay out of the release.
    Kubectl.Result installed =
        helm("install", "portolan", "helm/portolan", "-n", NS, "--create-namespace");
    assertThat(installed.ok()).as(installed.toString()).isTrue();
    Kubectl.Result rolled =
        kubectl.run("rollout", "status", "deployment/portolan", "-n", NS, "--timeout=240s");
    assertThat(rolled.ok()).as(rolled + "\n" + describePods()).isTrue();
    System.out.printf(
        "[e2e] helm install to 2 Ready operator Pods: %.1f s%n", (System.nanoTime() - start) / 1e9);
    List<Pod> pods = operatorPods();
    assertThat(pods)
        .hasSize(2)
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).isEqualTo("portolan-node-0");
              assertThat(pod.getSpec().getContainers().get(0).getImage())
                  .isEqualTo(ChartTest.OPERATOR_IMAGE);
              assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
              assertThat(pod.getStatus().getContainerStatuses().get(0).getImageID())
                  .startsWith("sha256:");
            });
    for (Pod pod : pods) {
      var running = pod.getStatus().getContainerStatuses().get(0).getState().getRunning();
      var ready =
          pod.getStatus().getConditions().stream()
              .filter(c -> c.getType().equals("Ready"))
              .findFirst()
              .orElseThrow();
      System.out.printf(
          "[e2e] %s: container started %s, Ready %s%n",
          pod.getMetadata().getName(), running.getStartedAt(), ready.getLastTransitionTime());
    }
    // The process really runs as the image's non-root user, with no capabilities.
    Kubectl.Result status =
        require(
            kubectl.run(
                "exec",
                "-n",
                NS,
                pods.get(0).getMetadata().getName(),
                "--",
                "/opt/java/bin/java",
                "-XshowSettings:properties",
                "-version"));
    assertThat(status.err()).contains("user.name = nonroot");
    assertThat(helm("get", "manifest", "portolan", "-n", NS).out())
        .as("the examples' blueprints are not the release's")
        .doesNotContain("kind: Blueprint");
  }

  @Test
  @Order(2)
  void theInClusterOperatorGradesAndDiscoversTheExamplesAndServesThemThroughItsService()
      throws Exception {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Kubectl.Result discovered =
                  kubectl.run(
                      "get",
                      "entity",
                      "deployment-payments-api",
                      "-n",
                      "team-payments",
                      "-o",
                      "jsonpath={.spec.properties.replicas}");
              assertThat(discovered.ok()).as(discovered.toString()).isTrue();
              assertThat(discovered.out()).isNotBlank();
              Kubectl.Result graded =
                  kubectl.run(
                      "get",
                      "entity",
                      "ledger",
                      "-n",
                      "team-payments",
                      "-o",
                      "jsonpath={.status.scorecards.production-readiness.level}");
              assertThat(graded.out()).isNotBlank();
            });
    require(
        kubectl.runWithInput(
            """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: e2e-reader, namespace: portolan-system}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: e2e-chart-reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-catalog-viewer}
        subjects: [{kind: ServiceAccount, name: e2e-reader, namespace: portolan-system}]
        """,
            "apply",
            "-f",
            "-"));
    token =
        require(kubectl.run("create", "token", "e2e-reader", "-n", NS, "--duration=2h"))
            .out()
            .strip();
    HttpResponse<String> health = get("/readyz", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/entities", null).statusCode()).as("no token").isEqualTo(401);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              HttpResponse<String> entity =
                  get("/api/v1/namespaces/team-checkout/entities/cart", token);
              assertThat(entity.statusCode()).as(entity.body()).isEqualTo(200);
              assertThat(entity.body()).contains("\"blueprint\":\"service\"");
            });
  }

  @Test
  @Order(3)
  void
      anActionRunsARealContainerRestrictedByRuncWithOutputsFromItsTerminationMessageAndItsLogInTheApi()
          throws Exception {
    require(
        kubectl.runWithInput(
            """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: e2e-requesters, namespace: team-checkout}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-action-requester}
        subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: e2e-log-readers, namespace: team-checkout}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: ServiceAccount, name: e2e-reader, namespace: portolan-system}]
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: ActionDefinition
        metadata: {name: e2e-real-run}
        spec:
          title: Real run
          blueprint: service
          operation: Day2
          inputs: {properties: {reason: {type: string}}, required: [reason]}
          allowed: {groups: [developers]}
          history: {keep: 1000}
          job:
            template:
              spec:
                containers:
                  - name: run
                    image: docker.io/library/busybox:1.37
                    command:
                      - sh
                      - -c
                      - >-
                        echo "ran on $(cat /proc/sys/kernel/hostname) as $(id -u) for $INPUT_REASON";
                        if touch /written 2>/dev/null; then root=writable; else root=read-only; fi;
                        caps=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status);
                        echo "root file system $root, capabilities $caps";
                        printf '{"uid":"%s","root":"%s","capEff":"%s"}' "$(id -u)" "$root" "$caps" > /dev/termination-log
        """,
            "apply", "-f", "-"));
    Action done = awaitPhase(createAction("real container"), "Succeeded", WAIT);
    assertThat(done.getStatus().requestedBy.username)
        .as("recorded by the webhook, through its Service")
        .isEqualTo("alice");
    Map<String, JsonNode> outputs = done.getStatus().outputs;
    assertThat(outputs.get("uid").asText()).isEqualTo("65532");
    assertThat(outputs.get("root").asText())
        .as("runc mounted the root file system read-only")
        .isEqualTo("read-only");
    assertThat(outputs.get("capEff").asText()).as("no capabilities").isEqualTo("0000000000000000");
    Pod pod =
        admin
            .pods()
            .inNamespace(TEAM)
            .withLabel("batch.kubernetes.io/job-name", done.getStatus().job)
            .list()
            .getItems()
            .get(0);
    assertThat(pod.getSpec().getNodeName()).isEqualTo("portolan-node-0");
    assertThat(
            pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
        .isEqualTo("{\"uid\":\"65532\",\"root\":\"read-only\",\"capEff\":\"0000000000000000\"}");
    HttpResponse<String> log =
        get(
            "/api/v1/namespaces/team-checkout/actions/" + done.getMetadata().getName() + "/log",
            token);
    assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
    assertThat(log.body())
        .contains(
            "as 65532 for real container",
            "root file system read-only, capabilities 0000000000000000");
  }

  @Test
  @Order(4)
  void deletingTheLeaderHandsOverWithinTheLeaseWithNoRefusedActionAndNoDuplicateJob()
      throws Exception {
    Lease lease = admin.leases().inNamespace(NS).withName("portolan-operator").get();
    String leader = lease.getSpec().getHolderIdentity();
    int leaseSeconds = lease.getSpec().getLeaseDurationSeconds();
    assertThat(operatorPods()).extracting(p -> p.getMetadata().getName()).contains(leader);
    try (Load load = new Load()) {
      long start = System.nanoTime();
      admin.pods().inNamespace(NS).withName(leader).delete();
      String next =
          await()
              .atMost(Duration.ofSeconds(leaseSeconds + 10))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () ->
                      admin
                          .leases()
                          .inNamespace(NS)
                          .withName("portolan-operator")
                          .get()
                          .getSpec()
                          .getHolderIdentity(),
                  holder -> holder != null && !holder.isEmpty() && !holder.equals(leader));
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "[e2e] lease handed from %s to %s in %.1f s (lease %d s)%n",
          leader, next, seconds, leaseSeconds);
      assertThat(seconds).as("handover within the lease time").isLessThan(leaseSeconds);
      Kubectl.Result rolled =
          kubectl.run("rollout", "status", "deployment/portolan", "-n", NS, "--timeout=180s");
      assertThat(rolled.ok()).as(rolled.toString()).isTrue();
      load.stopAndCheck();
    }
  }

  @Test
  @Order(5)
  void helmUpgradeRollsWithoutDowntimeForTheApiAndTheWebhook() throws Exception {
    List<String> before = operatorPods().stream().map(p -> p.getMetadata().getName()).toList();
    try (Load load = new Load()) {
      Kubectl.Result upgraded =
          helm(
              "upgrade",
              "portolan",
              "helm/portolan",
              "-n",
              NS,
              "--set",
              "podAnnotations.e2e/rollout=second",
              "--wait",
              "--timeout",
              "5m");
      assertThat(upgraded.ok()).as(upgraded.toString()).isTrue();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  operatorPods().stream()
                      .noneMatch(p -> before.contains(p.getMetadata().getName())));
      load.stopAndCheck();
    }
    assertThat(operatorPods()).hasSize(2);
  }

  @Test
  @Order(6)
  void helmUninstallLeavesNothingOfTheRelease() {
    Kubectl.Result uninstalled =
        helm("uninstall", "portolan", "-n", NS, "--wait", "--timeout", "3m");
    assertThat(uninstalled.ok()).as(uninstalled.toString()).isTrue();
    // Terminating ones too: each stops reconciling, hands its lease over and drains before it goes.
    await()
        .atMost(WAIT)
        .until(
            () ->
                admin
                    .pods()
                    .inNamespace(NS)
                    .withLabel("app.kubernetes.io/instance", "portolan")
                    .list()
                    .getItems()
                    .isEmpty());
    String namespaced =
        String.join(
            ",",
            "all",
            "configmaps",
            "secrets",
            "serviceaccounts",
            "roles",
            "rolebindings",
            "poddisruptionbudgets",
            "leases",
            "endpointslices",
            "entities.portolan.dev");
    List<String> left =
        new ArrayList<>(
            lines(require(kubectl.run("get", namespaced, "-n", NS, "-o", "name")).out()));
    left.removeAll(
        List.of(
            "configmap/kube-root-ca.crt", "serviceaccount/default", "serviceaccount/e2e-reader"));
    List<String> cluster =
        lines(
            require(
                    kubectl.run(
                        "get",
                        "clusterroles,clusterrolebindings,mutatingwebhookconfigurations,validatingwebhookconfigurations",
                        "-l",
                        "app.kubernetes.io/instance=portolan",
                        "-o",
                        "name"))
                .out());
    System.out.println(
        "[e2e] left in " + NS + " after helm uninstall: " + left + "; cluster-wide: " + cluster);
    // The operator's Lease is its own (released on SIGTERM, not the release's), and discovery's
    // entities of the release's own Deployment and Service and of its namespace are catalog data
    // that
    // nobody is left to remove once the operator is gone (the garbage collector takes each with its
    // source): docs/api.md says both stay.
    assertThat(left).contains("lease.coordination.k8s.io/portolan-operator");
    assertThat(left)
        .isSubsetOf(
            "lease.coordination.k8s.io/portolan-operator",
            "entity.portolan.dev/deployment-portolan",
            "entity.portolan.dev/service-portolan",
            "entity.portolan.dev/namespace-" + NS);
    assertThat(cluster).isEmpty();
    assertThat(require(kubectl.run("get", "crd", "-o", "name")).out())
        .contains("actions.portolan.dev");
    assertThat(require(kubectl.run("get", "blueprints", "-o", "name")).out())
        .as("the blueprints the examples applied stay")
        .contains("blueprint.portolan.dev/namespace");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Creates an Action as alice and asks the API for entities through the Service, once a second,
   * until stopped; every creation must be admitted and every request answered.
   */
  private static final class Load implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private final List<String> apiFailures = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread = new Thread(this::run, "action-load");

    Load() {
      thread.start();
    }

    private void run() {
      int i = 0;
      while (running.get()) {
        try {
          created.add(createAction("load " + i++));
        } catch (RuntimeException e) {
          refused.add(e.getMessage());
        }
        try {
          HttpResponse<String> ready = get("/api/v1/entities?limit=1", token);
          if (ready.statusCode() != 200) {
            apiFailures.add(ready.statusCode() + " " + ready.body());
          }
        } catch (Exception e) {
          apiFailures.add(String.valueOf(e));
        }
        sleep(1000);
      }
    }

    void stopAndCheck() throws InterruptedException {
      running.set(false);
      thread.join(30_000);
      System.out.printf(
          "[e2e] load: %d Actions created, %d refused, %d API failures%n",
          created.size(), refused.size(), apiFailures.size());
      assertThat(refused).as("Actions refused while the operator Pods changed").isEmpty();
      assertThat(apiFailures).as("API requests through the Service that failed").isEmpty();
      assertThat(created).hasSizeGreaterThan(5);
      for (String name : created) {
        awaitPhase(name, "Succeeded", WAIT);
      }
      Map<String, Long> jobsPerAction =
          admin.batch().v1().jobs().inNamespace(TEAM).list().getItems().stream()
              .filter(job -> job.getMetadata().getOwnerReferences() != null)
              .flatMap(job -> job.getMetadata().getOwnerReferences().stream())
              .filter(
                  owner -> owner.getKind().equals("Action") && created.contains(owner.getName()))
              .collect(Collectors.groupingBy(owner -> owner.getName(), Collectors.counting()));
      assertThat(jobsPerAction)
          .as("one Job per Action")
          .hasSize(created.size())
          .allSatisfy((action, jobs) -> assertThat(jobs).as(action).isEqualTo(1L));
    }

    @Override
    public void close() {
      running.set(false);
    }
  }

  private static String createAction(String reason) {
    return alice
        .resource(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: Action
        metadata: {generateName: e2e-real-run-, namespace: team-checkout}
        spec: {definition: e2e-real-run, entity: cart, inputs: {reason: "%s"}}
        """
                .formatted(reason))
        .create()
        .getMetadata()
        .getName();
  }

  private static Action awaitPhase(String name, String phase, Duration wait) {
    await()
        .atMost(wait)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Action now = admin.resources(Action.class).inNamespace(TEAM).withName(name).get();
              assertThat(now).as(name).isNotNull();
              assertThat(now.getStatus() == null ? null : now.getStatus().phase)
                  .as(
                      "%s: %s",
                      name,
                      now.getStatus() == null
                          ? "no status"
                          : now.getStatus().message
                              + " "
                              + io.fabric8.kubernetes.client.utils.Serialization.asJson(
                                  now.getStatus().conditions))
                  .isEqualTo(phase);
            });
    return admin.resources(Action.class).inNamespace(TEAM).withName(name).get();
  }

  private static List<Pod> operatorPods() {
    return admin
        .pods()
        .inNamespace(NS)
        .withLabel("app.kubernetes.io/instance", "portolan")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static String describePods() {
    return kubectl.run("describe", "pods", "-n", NS).out();
  }

  private static HttpResponse<String> get(String path, String bearer)
      throws IOException, InterruptedException {
    String ip =
        admin.services().inNamespace(NS).withName("portolan").get().getSpec().getClusterIP();
    var request =
        HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path))
            .timeout(Duration.ofSeconds(5));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The harness's real helm binary, run from the repository's root as a user would. */
  private static Kubectl.Result helm(String... args) {
    List<String> command = new ArrayList<>(List.of(plane.helm().toString()));
    command.addAll(List.of(args));
    try {
      Path err = Files.createTempFile("helm", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(ControlPlane.ROOT.toFile())
              .redirectError(err.toFile());
      builder.environment().put("KUBECONFIG", plane.kubeconfig().toString());
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(600, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("helm " + String.join(" ", args) + " did not finish");
      }
      String errors = Files.readString(err);
      Files.deleteIfExists(err);
      return new Kubectl.Result(process.exitValue(), out, errors);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
