package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.portolan.PortolanOperator;
import dev.portolan.model.Action;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationStatus;
import dev.portolan.model.Entity;
import dev.portolan.web.admission.AdmissionWebhookServer;
import dev.portolan.web.auth.KubernetesAccess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Expiry as a golden path on the real control plane and the harness's real node (kubelet,
 * containerd, runc): examples/77-environments.yaml and 78-temporary-access.yaml applied as shipped,
 * a developer asks for an environment (a namespace with a quota) and for temporary access (a
 * RoleBinding) until some seconds from now, their Jobs run {@code kubectl} in real containers, and
 * at the expiry each automation starts its Delete action as its ServiceAccount: the namespace and
 * the RoleBinding are gone, and so are the entities.
 *
 * <p>The one thing that differs from the examples: {@code cluster.sh use-real-node platform} gives
 * the Pods of the namespace where the Actions (and so their Jobs) run the real node's nodeSelector
 * and toleration, through the API server's admission plugins; the definitions are not changed.
 */
@ExtendWith(RealCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutomationExpiryIT {
  private static final String RELEASE_NAMESPACE = "portolan-system";
  private static final String NS = "platform";
  private static final String REAL_NODE = "portolan-node-0";
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** How far ahead the expiry is set: time for the Create run's real Job to finish first. */
  private static final Duration LEAD = Duration.ofSeconds(25);

  private static final List<String> EXAMPLES =
      List.of("examples/77-environments.yaml", "examples/78-temporary-access.yaml");

  private static ControlPlane plane;
  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static PortolanOperator operator;
  private static Watch runWatch;

  /** When this test first saw each Action an automation started (the watch's ADDED event). */
  private static final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

  @BeforeAll
  static void install(ControlPlane controlPlane) throws Exception {
    plane = controlPlane;
    assertThat(plane.hasRealNode())
        .as(
            "cluster.sh started no real node (root, containerd, runc, containernetworking-plugins,"
                + " busybox-static, file and iptables are needed; see e2e/README.md and %s)",
            ControlPlane.ROOT.resolve("e2e/target/cluster-start.log"))
        .isTrue();
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
            "crd/actions.portolan.dev",
            "crd/actiondefinitions.portolan.dev",
            "crd/entities.portolan.dev",
            "crd/automations.portolan.dev",
            "crd/blueprints.portolan.dev"));
    require(kubectl.run("apply", "-f", "examples/00-namespaces.yaml"));
    for (String example : EXAMPLES) {
      require(kubectl.run("apply", "-f", example));
    }
    plane.cluster("use-real-node", NS);

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
            .set("webhook.url", "https://127.0.0.1:" + webhookPort + AdmissionWebhookServer.PATH)
            .set("webhook.certificate.ipAddresses[0]", "127.0.0.1")
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    require(kubectl.runWithInput(PEOPLE, "apply", "-f", "-"));

    Path certificates = Files.createTempDirectory("portolan-webhook");
    for (String file : List.of("tls.crt", "tls.key")) {
      String data = secretData("portolan-webhook-tls", "{.data." + file.replace(".", "\\.") + "}");
      Files.write(certificates.resolve(file), Base64.getDecoder().decode(data));
    }
    Files.write(
        certificates.resolve("action-key"),
        Base64.getDecoder().decode(secretData("portolan-action-key", "{.data.key}")));
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
    operator =
        new PortolanOperator(
                asOperator,
                Clock.systemUTC(),
                null,
                "default",
                true,
                dev.portolan.action.JobSignature.fromFile(certificates.resolve("action-key")))
            .start();
    operator.serveWebhook("127.0.0.1", webhookPort, certificates);
    operator.serve(
        "127.0.0.1",
        0,
        new KubernetesAccess(asOperator, Clock.systemUTC(), Duration.ofSeconds(30)));
    await().atMost(WAIT).until(operator::isReady);
    for (String automation : List.of("expire-environments", "revoke-expired-access")) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  kubectl
                      .run(
                          "get",
                          "automation",
                          automation,
                          "-n",
                          NS,
                          "-o",
                          "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
                      .out()
                      .strip(),
              "True"::equals);
    }
    runWatch =
        admin
            .resources(Action.class)
            .inNamespace(NS)
            .withLabel("portolan.dev/automation")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Watcher.Action change, dev.portolan.model.Action run) {
                    firstSeen.putIfAbsent(run.getMetadata().getName(), Instant.now());
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    System.out.println("[e2e] the automation runs' watch closed: " + cause);
                  }
                });
  }

  @AfterAll
  static void uninstall() {
    if (runWatch != null) {
      runWatch.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (asOperator != null) {
      asOperator.close();
    }
    if (kubectl != null) {
      kubectl.run("delete", "actions", "--all", "-n", NS, "--wait=false");
      for (String example : EXAMPLES) {
        kubectl.run("delete", "-f", example, "--ignore-not-found", "--wait=false");
      }
      kubectl.runWithInput(PEOPLE, "delete", "-f", "-", "--ignore-not-found");
      kubectl.run(
          "annotate",
          "namespace",
          NS,
          "scheduler.alpha.kubernetes.io/node-selector-",
          "scheduler.alpha.kubernetes.io/defaultTolerations-");
      try {
        Helm.uninstall("portolan")
            .withNamespace(RELEASE_NAMESPACE)
            .withKubeConfig(plane.kubeconfig())
            .call();
      } catch (RuntimeException e) {
        System.out.println("[e2e] helm uninstall: " + e.getMessage());
      }
    }
    if (admin != null) {
      admin.close();
    }
  }

  /**
   * The acceptance: an expiry fires within a second of its time and the environment is gone
   * (its namespace deleted by the Delete action's real Job), started exactly once, as the
   * automation's ServiceAccount.
   */
  @Test
  @Order(1)
  void anEnvironmentsExpiryStartsItsDeletionWithinASecondAndTheNamespaceIsGone() {
    Instant expiresAt = Instant.now().plus(LEAD).truncatedTo(ChronoUnit.SECONDS);
    String create =
        createAs(
            "alice",
            "developers",
            "{definition: create-environment, inputs: {name: pr-e2e, owner: checkout, size: small,"
                + " expiresAt: \""
                + expiresAt
                + "\"}}");
    Action created = awaitPhase(create, "Succeeded");
    assertThat(created.getStatus().requestedBy.username).isEqualTo("alice");
    assertRanOnTheRealNode(created);
    assertThat(
            require(
                    kubectl.run(
                        "get",
                        "namespace",
                        "env-pr-e2e",
                        "-o",
                        "jsonpath={.metadata.labels.portolan\\.dev/environment}"))
                .out())
        .isEqualTo("pr-e2e");
    assertThat(
            require(
                    kubectl.run(
                        "get",
                        "resourcequota",
                        "environment",
                        "-n",
                        "env-pr-e2e",
                        "-o",
                        "jsonpath={.spec.hard.pods} {.spec.hard.requests\\.cpu}"))
                .out())
        .isEqualTo("20 2");
    Entity environment = awaitEntity("pr-e2e");
    assertThat(environment.getSpec().properties.get("expiresAt").asText())
        .isEqualTo(expiresAt.toString());
    assertThat(environment.getSpec().properties.get("namespace").asText()).isEqualTo("env-pr-e2e");
    assertThat(Instant.now())
        .as("the environment exists before its expiry (else the lag below means nothing)")
        .isBefore(expiresAt);

    Action run = awaitTheOneRun("expire-environments", expiresAt);
    assertStartedOnTime("expire-environments", run, expiresAt, "environment-reaper");
    assertThat(run.getSpec().definition).isEqualTo("delete-environment");

    Action deleted = awaitPhase(run.getMetadata().getName(), "Succeeded");
    assertRanOnTheRealNode(deleted);
    assertThat(deleted.getStatus().outputs.get("deletedNamespace").asText())
        .isEqualTo("env-pr-e2e");
    assertThat(deleted.getStatus().outputs.get("requestedBy").asText())
        .isEqualTo("system:serviceaccount:platform:environment-reaper");
    Kubectl.Result namespace = kubectl.run("get", "namespace", "env-pr-e2e");
    assertThat(namespace.ok()).as(namespace.toString()).isFalse();
    assertThat(namespace.err()).contains("NotFound");
    awaitEntityGone("pr-e2e");
    assertExactlyOnce("expire-environments", run);
  }

  /**
   * Temporary access: approved by a platform lead, the grant's Job binds the role; at expiresAt
   * revoke-expired-access runs the revoke action, whose Job deletes the RoleBinding.
   */
  @Test
  @Order(2)
  void aTemporaryAccessIsGrantedOnApprovalAndRevokedAtItsExpiry() {
    Instant expiresAt = Instant.now().plus(LEAD).truncatedTo(ChronoUnit.SECONDS);
    String grant =
        createAs(
            "alice",
            "developers",
            "{definition: grant-temporary-access, inputs: {user: bob@example.com, role: view,"
                + " namespace: team-checkout, reason: incident INC-42, expiresAt: \""
                + expiresAt
                + "\"}}");
    awaitPhase(grant, "WaitingForApproval");
    require(
        kubectl.run(
            "annotate",
            "action",
            grant,
            "-n",
            NS,
            "portolan.dev/approval=approved",
            "--as",
            "lead@example.com",
            "--as-group",
            "platform-leads"));
    Action granted = awaitPhase(grant, "Succeeded");
    assertRanOnTheRealNode(granted);
    String binding = "portolan-temporary-" + grant;
    assertThat(
            require(
                    kubectl.run(
                        "get",
                        "rolebinding",
                        binding,
                        "-n",
                        "team-checkout",
                        "-o",
                        "jsonpath={.roleRef.name} {.subjects[0].name}"
                            + " {.metadata.labels.portolan\\.dev/access-grant}"))
                .out())
        .isEqualTo("view bob@example.com " + grant);
    assertThat(canBobListPods()).isEqualTo("yes");
    Entity entity = awaitEntity(grant);
    assertThat(entity.getSpec().properties.get("grantedNamespace").asText())
        .isEqualTo("team-checkout");
    assertThat(Instant.now())
        .as("the grant exists before its expiry (else the lag below means nothing)")
        .isBefore(expiresAt);

    Action run = awaitTheOneRun("revoke-expired-access", expiresAt);
    assertStartedOnTime("revoke-expired-access", run, expiresAt, "access-reaper");
    assertThat(run.getSpec().definition).isEqualTo("revoke-temporary-access");
    Action revoked = awaitPhase(run.getMetadata().getName(), "Succeeded");
    assertRanOnTheRealNode(revoked);
    assertThat(revoked.getStatus().outputs.get("revokedIn").asText()).isEqualTo("team-checkout");
    Kubectl.Result gone = kubectl.run("get", "rolebinding", binding, "-n", "team-checkout");
    assertThat(gone.ok()).as(gone.toString()).isFalse();
    assertThat(gone.err()).contains("NotFound");
    assertThat(canBobListPods()).isEqualTo("no");
    awaitEntityGone(grant);
    assertThat(
            require(
                    kubectl.run(
                        "get",
                        "events",
                        "-n",
                        NS,
                        "--field-selector",
                        "involvedObject.name=" + grant + ",reason=AccessExpired",
                        "-o",
                        "jsonpath={.items[*].message}"))
                .out())
        .contains("the view access of bob@example.com in team-checkout expired");
    assertExactlyOnce("revoke-expired-access", run);
  }

  private static String canBobListPods() {
    return kubectl
        .run("auth", "can-i", "list", "pods", "-n", "team-checkout", "--as", "bob@example.com")
        .out()
        .strip();
  }

  /** Waits past the expiry for the automation's run; there must be exactly one. */
  private static Action awaitTheOneRun(String automation, Instant expiresAt) {
    long wait = Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
    List<Action> runs = new java.util.ArrayList<>();
    await()
        .atMost(Duration.ofMillis(wait).plus(WAIT))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              List<Action> found = runsOf(automation);
              assertThat(found)
                  .as("the runs of %s; its status: %s", automation, statusJson(automation))
                  .hasSize(1);
              assertThat(found.get(0).getStatus()).isNotNull();
              assertThat(found.get(0).getStatus().requestedBy).isNotNull();
              runs.clear();
              runs.addAll(found);
            });
    return runs.get(0);
  }

  /**
   * The run's creation (to the API server's second), its first sight through a watch (to the
   * millisecond) and the automation's firing time are all within a second of the expiry.
   */
  private static void assertStartedOnTime(
      String automation, Action run, Instant expiresAt, String serviceAccount) {
    String name = run.getMetadata().getName();
    Instant created = Instant.parse(run.getMetadata().getCreationTimestamp());
    Instant seen = firstSeen.get(name);
    // The automation writes its status after it created the run: wait for that write.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(status(automation).recent)
                    .as(statusJson(automation))
                    .anySatisfy(f -> assertThat(f.run).isEqualTo(name)));
    AutomationStatus.Firing firing = status(automation).recent.get(0);
    Instant fired = java.time.OffsetDateTime.parse(firing.time).toInstant();
    System.out.printf(
        "[e2e] %s: expiresAt %s, run %s created %s (%+d ms, the API server's second), seen by a"
            + " watch %+d ms after, recent[0].time %s (%+d ms)%n",
        automation,
        expiresAt,
        name,
        created,
        Duration.between(expiresAt, created).toMillis(),
        seen == null ? Long.MIN_VALUE : Duration.between(expiresAt, seen).toMillis(),
        firing.time,
        Duration.between(expiresAt, fired).toMillis());
    assertThat(Duration.between(expiresAt, created).toMillis())
        .as("creationTimestamp %s against expiresAt %s", created, expiresAt)
        .isBetween(0L, 1000L);
    assertThat(seen).as("the watch saw %s", name).isNotNull();
    assertThat(Duration.between(expiresAt, seen).toMillis())
        .as("the run seen by a watch after expiresAt %s", expiresAt)
        .isBetween(0L, 1000L);
    assertThat(Duration.between(expiresAt, fired).toMillis()).isBetween(0L, 1000L);
    assertThat(firing.result).isEqualTo("Started");
    assertThat(firing.trigger).isEqualTo("DateTimeReached");
    assertThat(firing.run).isEqualTo(name);
    assertThat(run.getStatus().requestedBy.username)
        .as("the automation's ServiceAccount, recorded by the webhook")
        .isEqualTo("system:serviceaccount:platform:" + serviceAccount);
    assertThat(run.getStatus().requestedBy.groups)
        .contains("system:serviceaccounts", "system:serviceaccounts:platform");
    assertThat(run.getMetadata().getAnnotations().get("portolan.dev/occurrence"))
        .isEqualTo(firing.occurrence)
        .startsWith("time/")
        .endsWith("/expiresAt/" + expiresAt);
  }

  /** A while after, still one run, counted once. */
  private static void assertExactlyOnce(String automation, Action run) {
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              AutomationStatus status = status(automation);
              assertThat(status.counts.fired).as(statusJson(automation)).isEqualTo(1L);
              assertThat(status.counts.runsStarted).isEqualTo(1L);
              assertThat(status.counts.failed).isZero();
            });
    assertThat(runsOf(automation))
        .extracting(a -> a.getMetadata().getName())
        .containsExactly(run.getMetadata().getName());
  }

  private static void assertRanOnTheRealNode(Action action) {
    List<Pod> pods =
        admin
            .pods()
            .inNamespace(NS)
            .withLabel("batch.kubernetes.io/job-name", action.getStatus().job)
            .list()
            .getItems();
    assertThat(pods)
        .as("the Pods of %s's Job %s", action.getMetadata().getName(), action.getStatus().job)
        .isNotEmpty()
        .allSatisfy(pod -> assertThat(pod.getSpec().getNodeName()).isEqualTo(REAL_NODE));
  }

  private static List<Action> runsOf(String automation) {
    return admin
        .resources(Action.class)
        .inNamespace(NS)
        .withLabel("portolan.dev/automation", automation)
        .list()
        .getItems();
  }

  private static AutomationStatus status(String automation) {
    return admin.resources(Automation.class).inNamespace(NS).withName(automation).get().getStatus();
  }

  private static String statusJson(String automation) {
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(status(automation));
  }

  private static Entity awaitEntity(String name) {
    await()
        .atMost(WAIT)
        .until(() -> admin.resources(Entity.class).inNamespace(NS).withName(name).get() != null);
    return admin.resources(Entity.class).inNamespace(NS).withName(name).get();
  }

  private static void awaitEntityGone(String name) {
    await()
        .atMost(WAIT)
        .until(() -> admin.resources(Entity.class).inNamespace(NS).withName(name).get() == null);
  }

  private static String createAs(String user, String group, String spec) {
    return require(
            kubectl.runWithInput(
                """
                apiVersion: portolan.dev/v1alpha1
                kind: Action
                metadata: {generateName: e2e-, namespace: %s}
                spec: %s
                """
                    .formatted(NS, spec),
                "create",
                "-f",
                "-",
                "--as",
                user,
                "--as-group",
                group,
                "-o",
                "jsonpath={.metadata.name}"))
        .out()
        .strip();
  }

  private static Action awaitPhase(String name, String phase) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Action now = admin.resources(Action.class).inNamespace(NS).withName(name).get();
              assertThat(now).isNotNull();
              assertThat(now.getStatus() == null ? null : now.getStatus().phase)
                  .as(
                      "%s: %s",
                      name, now.getStatus() == null ? "no status" : now.getStatus().message)
                  .isEqualTo(phase);
            });
    return admin.resources(Action.class).inNamespace(NS).withName(name).get();
  }

  private static String secretData(String secret, String path) {
    return require(
            kubectl.run("get", "secret", secret, "-n", RELEASE_NAMESPACE, "-o", "jsonpath=" + path))
        .out()
        .strip();
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }

  /** The people of the examples' README: developers request, platform leads approve. */
  private static final String PEOPLE =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: e2e-expiry-requesters, namespace: platform}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-action-requester}
      subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: e2e-expiry-viewers, namespace: platform}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-catalog-viewer}
      subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: platform-leads}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: e2e-expiry-approvers, namespace: platform}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-action-approver}
      subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: platform-leads}]
      """;
}
