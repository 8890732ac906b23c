package dev.portolan.e2e;

import com.marcnuri.helm.Helm;
import dev.portolan.PortolanOperator;
import dev.portolan.automation.ImpersonatingRunStarter;
import dev.portolan.automation.RunNames;
import dev.portolan.model.Action;
import dev.portolan.model.Automation;
import dev.portolan.web.admission.AdmissionWebhookServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue #18's expiry storm on the real control plane: {@code -Dentities=N} (default 10,000)
 * entities whose {@code expiresAt} all fall in one minute M (spread over its first {@code
 * -Dspread=S} seconds, default 60; 1 puts them all in one second), one Automation with {@code
 * dateTimeReached} and a {@code startAction} of a definition whose Job does nothing. Prints, per
 * occurrence, the lag from its expiresAt to its Action's creationTimestamp (whole seconds, as the
 * API server stamps it), the time from the end of M to the last run, runs and duplicates, the
 * automation's counts; then the floor: a plain Fabric8 client impersonating the same ServiceAccount
 * creating N equivalent Actions through the same webhook, and the ratio. The operator runs in this
 * JVM (as GuardrailBenchmark does). Run: {@code PORTOLAN_E2E_REAL_NODE=0 flock
 * /tmp/portolan-e2e.lock mvn -q -pl operator,e2e package -DskipTests -DskipImage
 * exec:exec@expiry-benchmark -Dexpiry.entities=1000 -Dexpiry.spread=60}.
 */
public final class AutomationExpiryBenchmark {
  private static final String NS = "bench-expiry";
  private static final String SA = "bench-reaper";
  private static final String AUTOMATION = "bench-expire";

  private AutomationExpiryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int total = Integer.getInteger("entities", 10_000);
    int spread = Math.max(1, Math.min(60, Integer.getInteger("spread", 60)));
    try (ControlPlane plane = ControlPlane.start()) {
      Kubectl kubectl = plane.kubectlRunner();
      check(kubectl.run("apply", "-f", "crds/"));
      check(
          kubectl.run(
              "wait",
              "--for=condition=Established",
              "--timeout=60s",
              "crd/actions.portolan.dev",
              "crd/automations.portolan.dev",
              "crd/entities.portolan.dev"));
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      new Helm(ChartTest.CHART)
          .install()
          .withName("portolan")
          .withNamespace("portolan-system")
          .createNamespace()
          .withKubeConfig(plane.kubeconfig())
          .set("defaultBlueprints.enabled", "false")
          .set("webhook.url", "https://127.0.0.1:" + port + AdmissionWebhookServer.PATH)
          .set("webhook.certificate.ipAddresses[0]", "127.0.0.1")
          .call();
      check(kubectl.runWithInput(FIXTURES, "apply", "-f", "-"));
      Path certificates = Files.createTempDirectory("portolan-expiry");
      for (String file : List.of("tls.crt", "tls.key")) {
        Files.write(certificates.resolve(file), secret(kubectl, "portolan-webhook-tls", file));
      }
      Files.write(
          certificates.resolve("action-key"), secret(kubectl, "portolan-action-key", "key"));
      KubernetesClient admin =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
              .build();
      String token =
          check(
                  kubectl.run(
                      "create", "token", "portolan", "-n", "portolan-system", "--duration=2h"))
              .out()
              .strip();
      Config operatorConfig =
          new ConfigBuilder()
              .withMasterUrl(admin.getConfiguration().getMasterUrl())
              .withCaCertData(admin.getConfiguration().getCaCertData())
              .withCaCertFile(admin.getConfiguration().getCaCertFile())
              .withOauthToken(token)
              .build();
      KubernetesClient asOperator =
          new KubernetesClientBuilder().withConfig(operatorConfig).build();

      // The minute M starts at least 60 s after seeding begins, so that seeding finishes first.
      Instant minute =
          Instant.now()
              .plusSeconds(60 + total / 100)
              .truncatedTo(ChronoUnit.MINUTES)
              .plusSeconds(60);
      long seedStart = System.nanoTime();
      parallel(
          total,
          i ->
              admin
                  .resource(
                      """
                      apiVersion: portolan.dev/v1alpha1
                      kind: Entity
                      metadata: {name: env-%d, namespace: %s}
                      spec: {blueprint: bench-expiring, title: Env %d, properties: {expiresAt: "%s"}}
                      """
                          .formatted(i, NS, i, minute.plusSeconds(i % spread)))
                  .create());
      double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
      System.out.printf(
          "[bench] seeded %d entities in %.1f s; they expire in M = %s .. +%d s; load %s%n",
          total, seedSeconds, minute, spread, load());

      PortolanOperator operator =
          new PortolanOperator(
                  asOperator,
                  Clock.systemUTC(),
                  null,
                  "default",
                  true,
                  dev.portolan.action.JobSignature.fromFile(certificates.resolve("action-key")))
              .start();
      try {
        operator.serveWebhook("127.0.0.1", port, certificates);
        // Every run the automation starts, as the API server first shows it: a definition keeps
        // only its newest finished runs (spec.history.keep), so a list at the end would miss the
        // ones already finished and deleted.
        Map<String, Action> seen = new ConcurrentHashMap<>();
        SharedIndexInformer<Action> watch =
            admin
                .resources(Action.class)
                .inNamespace(NS)
                .withLabel(RunNames.AUTOMATION_LABEL, AUTOMATION)
                .inform(
                    new ResourceEventHandler<>() {
                      @Override
                      public void onAdd(Action run) {
                        seen.putIfAbsent(run.getMetadata().getName(), run);
                      }

                      @Override
                      public void onUpdate(Action before, Action run) {
                        seen.putIfAbsent(run.getMetadata().getName(), run);
                      }

                      @Override
                      public void onDelete(Action run, boolean unknownFinalState) {}
                    });
        ApiServerWrites beforeStorm = ApiServerWrites.read(kubectl);
        check(kubectl.runWithInput(AUTOMATION_YAML, "apply", "-f", "-"));
        String loadBefore = load();
        Instant end = minute.plusSeconds(spread);
        Instant giveUp = end.plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(giveUp)) {
          // Lags come from creation timestamps, not from when this loop sees a run.
          Thread.sleep(1_000);
          if (seen.size() >= total && Instant.now().isAfter(end)) {
            break;
          }
        }
        String loadDuring = load();
        Thread.sleep(10_000); // late duplicates would show here
        watch.close();
        List<Action> runs = List.copyOf(seen.values());
        ApiServerWrites storm = ApiServerWrites.read(kubectl).since(beforeStorm);
        report(total, minute, end, runs, admin, loadBefore, loadDuring);
        System.out.printf(
            "[bench] API server writes during the storm: %.0f, %.1f per run: %s%n",
            storm.total(), storm.total() / Math.max(1, runs.size()), storm.per(runs.size()));

        ApiServerWrites beforeFloor = ApiServerWrites.read(kubectl);
        long floorStart = System.nanoTime();
        try (ImpersonatingRunStarter starter = new ImpersonatingRunStarter(operatorConfig)) {
          parallel(
              total,
              i ->
                  starter.start(
                      NS,
                      SA,
                      Serialization.unmarshal(
                          """
                          apiVersion: portolan.dev/v1alpha1
                          kind: Action
                          metadata:
                            name: floor-%d
                            namespace: %s
                            labels: {portolan.dev/bench: floor}
                          spec: {definition: bench-noop, entity: env-%d}
                          """
                              .formatted(i, NS, i),
                          Action.class)));
        }
        double floorSeconds = (System.nanoTime() - floorStart) / 1e9;
        ApiServerWrites floorWrites = ApiServerWrites.read(kubectl).since(beforeFloor);
        long floorMade =
            admin
                .resources(Action.class)
                .inNamespace(NS)
                .withLabel("portolan.dev/bench", "floor")
                .list()
                .getItems()
                .size();
        Instant first =
            runs.stream()
                .map(a -> Instant.parse(a.getMetadata().getCreationTimestamp()))
                .min(Instant::compareTo)
                .orElse(end);
        Instant last =
            runs.stream()
                .map(a -> Instant.parse(a.getMetadata().getCreationTimestamp()))
                .max(Instant::compareTo)
                .orElse(end);
        // Creation timestamps have whole seconds: a span counts both its first and last second.
        double operatorSeconds = Duration.between(first, last).toSeconds() + 1;
        double operatorRate = runs.size() / operatorSeconds;
        double floorRate = floorMade / floorSeconds;
        long afterLast = Duration.between(end, last).toSeconds();
        System.out.printf(
            "[bench] floor: plain client (16 threads, impersonating %s) made %d Actions in %.1f s"
                + " (%.0f/s); load %s%n",
            SA, floorMade, floorSeconds, floorRate, load());
        System.out.printf(
            "[bench] API server writes while the floor's Actions were made: %.0f in %.1f s"
                + " (%.0f/s), %.1f per Action: %s%n",
            floorWrites.total(),
            floorSeconds,
            floorWrites.total() / floorSeconds,
            floorWrites.total() / Math.max(1, floorMade),
            floorWrites.per(floorMade));
        System.out.printf(
            "[bench] operator: %d runs, first %s, last %s: %.0f s (%.0f/s) while the"
                + " occurrences span %d s; rate operator/floor = %.2f%n",
            runs.size(),
            first,
            last,
            operatorSeconds,
            operatorRate,
            spread,
            operatorRate / floorRate);
        System.out.printf(
            "[bench] verdict: %d of %d handled, last run %d s after the last expiry: %s%n",
            runs.size(),
            total,
            afterLast,
            runs.size() == total && afterLast < 60 ? "within a minute" : "NOT within a minute");
      } finally {
        operator.close();
      }
    }
  }

  private static void report(
      int total,
      Instant minute,
      Instant end,
      List<Action> runs,
      KubernetesClient admin,
      String loadBefore,
      String loadDuring) {
    List<Long> lags = new ArrayList<>();
    Set<String> occurrences = new HashSet<>();
    int duplicates = 0;
    Instant last = end;
    for (Action run : runs) {
      String occurrence = run.getMetadata().getAnnotations().get(RunNames.OCCURRENCE_ANNOTATION);
      if (!occurrences.add(occurrence)) {
        duplicates++;
      }
      Instant created = Instant.parse(run.getMetadata().getCreationTimestamp());
      if (created.isAfter(last)) {
        last = created;
      }
      Instant expires = Instant.parse(occurrence.substring(occurrence.lastIndexOf('/') + 1));
      lags.add(Duration.between(expires, created).toMillis());
    }
    Collections.sort(lags);
    Automation automation =
        admin.resources(Automation.class).inNamespace(NS).withName(AUTOMATION).get();
    System.out.printf("[bench] expiry storm: %d entities expiring in %s .. +60 s%n", total, minute);
    System.out.printf("[bench] %-34s %s%n", "runs created", runs.size());
    System.out.printf("[bench] %-34s %s%n", "distinct occurrences", occurrences.size());
    System.out.printf("[bench] %-34s %s%n", "duplicates", duplicates);
    if (!lags.isEmpty()) {
      System.out.printf(
          "[bench] %-34s median %.1f s  p99 %.1f s  max %.1f s%n",
          "lag expiresAt -> creationTimestamp",
          at(lags, 0.5) / 1000.0,
          at(lags, 0.99) / 1000.0,
          lags.get(lags.size() - 1) / 1000.0);
    }
    System.out.printf(
        "[bench] %-34s %.1f s%n",
        "end of M -> last run", Duration.between(end, last).toMillis() / 1000.0);
    System.out.printf(
        "[bench] %-34s %s%n",
        "automation counts",
        automation == null || automation.getStatus() == null
            ? "-"
            : Serialization.asJson(automation.getStatus().counts));
    System.out.printf(
        "[bench] %-34s before %s / after %s%n", "load average", loadBefore, loadDuring);
  }

  private interface Task {
    void run(int i) throws Exception;
  }

  private static void parallel(int total, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> futures = new ArrayList<>(total);
      for (int i = 0; i < total; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  task.run(n);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static byte[] secret(Kubectl kubectl, String name, String key) {
    String data =
        check(
                kubectl.run(
                    "get",
                    "secret",
                    name,
                    "-n",
                    "portolan-system",
                    "-o",
                    "jsonpath={.data." + key.replace(".", "\\.") + "}"))
            .out()
            .strip();
    return Base64.getDecoder().decode(data);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static long at(List<Long> sorted, double quantile) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
  }

  private static Kubectl.Result check(Kubectl.Result result) {
    if (!result.ok()) {
      throw new IllegalStateException(result.toString());
    }
    return result;
  }

  private static final String FIXTURES =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: bench-expiry}
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: bench-reaper, namespace: bench-expiry}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: reaper-requests, namespace: bench-expiry}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-action-requester}
      subjects: [{kind: ServiceAccount, name: bench-reaper, namespace: bench-expiry}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: reaper-views, namespace: bench-expiry}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-catalog-viewer}
      subjects: [{kind: ServiceAccount, name: bench-reaper, namespace: bench-expiry}]
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: bench-expiring}
      spec:
        title: Expiring
        properties:
          expiresAt: {type: string, format: date-time, title: Expires at}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: bench-noop}
      spec:
        title: Nothing
        blueprint: bench-expiring
        operation: Day2
        allowed: {users: ["system:serviceaccount:bench-expiry:bench-reaper"]}
        job:
          template:
            spec:
              containers: [{name: noop, image: busybox:1.37, command: [sh, -c, "true"]}]
      """;

  private static final String AUTOMATION_YAML =
      """
      apiVersion: portolan.dev/v1alpha1
      kind: Automation
      metadata: {name: bench-expire, namespace: bench-expiry}
      spec:
        serviceAccountName: bench-reaper
        trigger: {dateTimeReached: {blueprint: bench-expiring, property: expiresAt}}
        maxRunsPerMinute: 10000
        effects:
          startAction: {definition: bench-noop}
      """;
}
