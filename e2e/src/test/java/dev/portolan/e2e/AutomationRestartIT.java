package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.portolan.model.Action;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #18's acceptance on the real control plane: the operator, as its own process under the
 * chart's ServiceAccount, is SIGKILLed in the middle of a burst of 200 date-time occurrences (after
 * its status showed the first firings), 50 more fall due while it is down, and the operator started
 * again resumes: every occurrence started exactly one Action, and the status counts each once.
 *
 * <p>The runs wait for an approval, so no Job is made and no node is needed.
 */
@ExtendWith(RealCluster.class)
class AutomationRestartIT {
  private static final String RELEASE = "portolan";
  private static final String RELEASE_NAMESPACE = "portolan-system";
  private static final String NS = "restart-e2e";
  private static final String AUTOMATION = "expire-leases";
  private static final int BURST = 200;
  private static final int WHILE_DOWN = 50;
  private static final Path WORK = ControlPlane.ROOT.resolve("e2e/target/automation-restart");
  private static final Duration WAIT = Duration.ofSeconds(180);

  private static ControlPlane plane;
  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static OperatorProcess.Launch launch;
  private static OperatorProcess operator;

  private static final String SETUP =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: %1$s}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: restart-lease}
      spec:
        title: Lease
        properties:
          dueAt: {type: string, format: date-time, title: Due at}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: restart-reclaim}
      spec:
        title: Reclaim the lease
        blueprint: restart-lease
        operation: Day2
        allowed: {users: ["system:serviceaccount:%1$s:reclaimer"]}
        approval: {required: true, approvers: {groups: [platform-leads]}}
        job:
          template:
            spec:
              containers:
                - {name: reclaim, image: busybox, command: ["true"]}
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: reclaimer, namespace: %1$s}
      automountServiceAccountToken: false
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: reclaimer, namespace: %1$s}
      rules:
        - apiGroups: [portolan.dev]
          resources: [actions]
          verbs: [create]
        - apiGroups: [portolan.dev]
          resources: [entities]
          verbs: [get, list, watch]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: reclaimer, namespace: %1$s}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reclaimer}
      subjects: [{kind: ServiceAccount, name: reclaimer, namespace: %1$s}]
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Automation
      metadata: {name: %2$s, namespace: %1$s}
      spec:
        serviceAccountName: reclaimer
        maxRunsPerMinute: 1000
        trigger:
          dateTimeReached: {blueprint: restart-lease, property: dueAt}
        effects:
          startAction: {definition: restart-reclaim}
      """
          .formatted(NS, AUTOMATION);

  @BeforeAll
  static void install(ControlPlane controlPlane) throws Exception {
    plane = controlPlane;
    kubectl = plane.kubectlRunner();
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
            .build();
    Files.createDirectories(WORK);
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
    launch = OperatorProcess.prepare(plane, CatalogScaleBenchmark.chartJvm());
    require(kubectl.runWithInput(SETUP, "apply", "-f", "-"));
    operator = launch.start(WORK.resolve("operator-1.log"));
    operator.awaitReady(WAIT);
    await().atMost(WAIT).until(() -> "True".equals(ready()));
  }

  @AfterAll
  static void uninstall() throws Exception {
    if (operator != null) {
      operator.kill();
    }
    if (kubectl != null) {
      kubectl.run("delete", "namespace", NS, "--wait=false");
      kubectl.run("delete", "actiondefinition", "restart-reclaim", "--ignore-not-found");
      kubectl.run("delete", "blueprint", "restart-lease", "--ignore-not-found");
      try {
        Helm.uninstall(RELEASE)
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

  @Test
  void anOperatorKilledMidBurstResumesWithNoDuplicateAndNoMiss() throws Exception {
    // Far enough ahead for the 250 entities to be made and armed; the second batch falls due
    // while the operator is down.
    Instant burstAt = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
    Instant downAt = burstAt.plusSeconds(6);
    long created = System.nanoTime();
    require(kubectl.runWithInput(entities(burstAt, downAt), "apply", "-f", "-"));
    System.out.printf(
        "[e2e] %d entities made in %.1f s; the burst is due in %.1f s%n",
        BURST + WHILE_DOWN,
        (System.nanoTime() - created) / 1e9,
        Duration.between(Instant.now(), burstAt).toMillis() / 1e3);
    assertThat(Instant.now()).as("the entities are made before they fall due").isBefore(burstAt);

    // Killed as soon as the status shows the first firings: the burst is still being worked.
    Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    try (Watch runWatch = watchRuns(firstSeen)) {
      killedMidBurstThenRestarted(burstAt, downAt, firstSeen);
    }
  }

  private void killedMidBurstThenRestarted(
      Instant burstAt, Instant downAt, Map<String, Instant> firstSeen) throws Exception {
    CountDownLatch firing = new CountDownLatch(1);
    try (Watch status = watchFirings(firing)) {
      assertThat(
              firing.await(
                  Duration.between(Instant.now(), burstAt).getSeconds() + 60, TimeUnit.SECONDS))
          .as("the status shows a firing")
          .isTrue();
      operator.kill();
    }
    Instant killedAt = Instant.now();
    List<Action> atKill = runs();
    AutomationStatus statusAtKill = status();
    System.out.printf(
        "[e2e] SIGKILL at due+%.2f s: %d of %d runs made; the status then: %s%n",
        seconds(burstAt, killedAt), atKill.size(), BURST, describe(statusAtKill));
    assertThat(atKill.size())
        .as("killed in the middle of the burst")
        .isPositive()
        .isLessThan(BURST);

    long wait = Duration.between(Instant.now(), downAt.plusSeconds(1)).toMillis();
    if (wait > 0) {
      Thread.sleep(wait); // the second batch falls due with no operator
    }
    assertThat(runs()).as("nothing starts runs while the operator is down").hasSize(atKill.size());
    operator = launch.start(WORK.resolve("operator-2.log"));
    operator.awaitReady(WAIT);
    Instant readyAt = Instant.now();
    System.out.printf(
        "[e2e] the operator started again is ready at due+%.2f s%n", seconds(burstAt, readyAt));

    Instant[] settledAt = new Instant[1];
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              AutomationStatus s = status();
              Instant through = s == null ? null : Instant.parse(s.processedThrough);
              settledAt[0] = Instant.now();
              return through != null && !through.isBefore(downAt);
            });
    List<Action> made = runs();
    AutomationStatus after = status();
    Instant lastCreated =
        made.stream()
            .map(a -> Instant.parse(a.getMetadata().getCreationTimestamp()))
            .max(Instant::compareTo)
            .orElseThrow();
    Instant lastSeen = firstSeen.values().stream().max(Instant::compareTo).orElseThrow();
    System.out.printf(
        "[e2e] last run created at due+%.0f s (API server, to the second), first seen by a watch"
            + " at due+%.2f s; watermark past the last due time at due+%.1f s; the status: %s%n",
        seconds(burstAt, lastCreated),
        seconds(burstAt, lastSeen),
        seconds(burstAt, settledAt[0]),
        describe(after));

    assertThat(made).as("one run per occurrence").hasSize(BURST + WHILE_DOWN);
    assertThat(made)
        .extracting(a -> a.getMetadata().getAnnotations().get("portolan.dev/occurrence"))
        .doesNotHaveDuplicates()
        .doesNotContainNull();
    Map<String, Long> perEntity =
        made.stream()
            .collect(Collectors.groupingBy(a -> a.getSpec().entity, Collectors.counting()));
    assertThat(perEntity).hasSize(BURST + WHILE_DOWN);
    assertThat(perEntity.values()).containsOnly(1L);
    assertThat(after.counts.runsStarted).isEqualTo((long) BURST + WHILE_DOWN);
    assertThat(after.counts.fired).isEqualTo((long) BURST + WHILE_DOWN);
    assertThat(after.counts.failed).isZero();
    assertThat(after.counts.skipped).isZero();
    assertThat(after.recent).extracting(f -> f.occurrence).doesNotHaveDuplicates();
    assertThat(Instant.parse(after.processedThrough)).isAfterOrEqualTo(downAt);
  }

  private static String entities(Instant burstAt, Instant downAt) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < BURST + WHILE_DOWN; i++) {
      yaml.append(
          """
          apiVersion: portolan.dev/v1alpha1
          kind: Entity
          metadata: {name: lease-%03d, namespace: %s}
          spec: {blueprint: restart-lease, title: Lease %d, properties: {dueAt: "%s"}}
          ---
          """
              .formatted(i, NS, i, i < BURST ? burstAt : downAt));
    }
    return yaml.toString();
  }

  private static Watch watchRuns(Map<String, Instant> firstSeen) {
    return admin
        .resources(Action.class)
        .inNamespace(NS)
        .withLabel("portolan.dev/automation", AUTOMATION)
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Watcher.Action change, dev.portolan.model.Action run) {
                firstSeen.putIfAbsent(run.getMetadata().getName(), Instant.now());
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  /** Counts down once the automation's status lists a firing. */
  private static Watch watchFirings(CountDownLatch firing) {
    return admin
        .resources(Automation.class)
        .inNamespace(NS)
        .withName(AUTOMATION)
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Watcher.Action change, Automation automation) {
                AutomationStatus s = automation.getStatus();
                if (s != null && s.recent != null && !s.recent.isEmpty()) {
                  firing.countDown();
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private static List<Action> runs() {
    return admin
        .resources(Action.class)
        .inNamespace(NS)
        .withLabel("portolan.dev/automation", AUTOMATION)
        .list()
        .getItems();
  }

  private static AutomationStatus status() {
    Automation automation =
        admin.resources(Automation.class).inNamespace(NS).withName(AUTOMATION).get();
    return automation == null ? null : automation.getStatus();
  }

  private static String ready() {
    return kubectl
        .run(
            "get",
            "automation",
            AUTOMATION,
            "-n",
            NS,
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
        .out()
        .strip();
  }

  private static String describe(AutomationStatus s) {
    if (s == null || s.counts == null) {
      return "none";
    }
    return String.format(
        "fired %d, runsStarted %d, skipped %d, failed %d, %d recent, processedThrough %s",
        s.counts.fired,
        s.counts.runsStarted,
        s.counts.skipped,
        s.counts.failed,
        s.recent == null ? 0 : s.recent.size(),
        s.processedThrough);
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1e3;
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }
}
