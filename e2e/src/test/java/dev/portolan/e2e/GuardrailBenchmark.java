package dev.portolan.e2e;

import com.marcnuri.helm.Helm;
import dev.portolan.PortolanOperator;
import dev.portolan.controller.GuardrailWebhookManager;
import dev.portolan.web.admission.AdmissionWebhookServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission latency of the guardrails on the real control plane: server-side dry-run creates of a
 * Deployment (judged, not stored, not counted) sent at a fixed rate (50 per second by default, open
 * loop: each request leaves on schedule whether or not the last one answered), into the Warn and
 * the Deny namespace of the examples and, for the API server's own floor, into a namespace no
 * guardrail selects. Prints p50, p99 and max as the client sees them, and the webhook's own mean
 * from its histogram. Run: {@code mvn -q -pl operator,e2e package -DskipTests
 * exec:exec@guardrail-benchmark} (it starts and stops the control plane itself).
 */
public final class GuardrailBenchmark {
  private GuardrailBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (ControlPlane plane = ControlPlane.start()) {
      Kubectl kubectl = plane.kubectlRunner();
      check(kubectl.run("apply", "-f", "crds/"));
      check(
          kubectl.run(
              "wait",
              "--for=condition=Established",
              "--timeout=60s",
              "crd/scorecards.portolan.dev",
              "crd/entities.portolan.dev"));
      for (String file :
          List.of(
              "examples/00-namespaces.yaml",
              "examples/50-discovery-blueprints.yaml",
              "examples/70-workload-scorecard.yaml",
              "examples/71-guardrails.yaml")) {
        check(kubectl.run("apply", "-f", file));
      }
      check(kubectl.run("create", "namespace", "bench-unguarded"));
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
      Path certificates = Files.createTempDirectory("portolan-guardrails");
      for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
        String data =
            check(
                    kubectl.run(
                        "get",
                        "secret",
                        "portolan-webhook-tls",
                        "-n",
                        "portolan-system",
                        "-o",
                        "jsonpath={.data." + file.replace(".", "\\.") + "}"))
                .out()
                .strip();
        Files.write(certificates.resolve(file), Base64.getDecoder().decode(data));
      }
      KubernetesClient admin =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
              .build();
      String token =
          check(kubectl.run("create", "token", "portolan", "-n", "portolan-system")).out().strip();
      KubernetesClient asOperator =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder()
                      .withMasterUrl(admin.getConfiguration().getMasterUrl())
                      .withCaCertData(admin.getConfiguration().getCaCertData())
                      .withCaCertFile(admin.getConfiguration().getCaCertFile())
                      .withOauthToken(token)
                      .build())
              .build();
      PortolanOperator operator =
          new PortolanOperator(asOperator, Clock.systemUTC(), null)
              .manageGuardrailWebhooks(
                  new GuardrailWebhookManager.Settings(
                      "portolan-guardrails",
                      "https://127.0.0.1:" + port,
                      null,
                      "portolan-system",
                      certificates.resolve("ca.crt"),
                      3))
              .start();
      try {
        operator.serveWebhook("127.0.0.1", port, certificates);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!judged(admin, "team-checkout")) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the guardrails' webhook was never called");
          }
          Thread.sleep(500);
        }
        System.out.printf(
            "[bench] guardrails: %d dry-run creates per second for %d s per namespace%n",
            rate, seconds);
        for (String ns : List.of("bench-unguarded", "team-checkout", "team-guarded")) {
          run(admin, ns, rate, 2); // warm-up
          List<Double> millis = run(admin, ns, rate, seconds);
          Collections.sort(millis);
          System.out.printf(
              "[bench] %-16s %5d requests  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n",
              ns, millis.size(), at(millis, 0.50), at(millis, 0.99), millis.get(millis.size() - 1));
        }
        var timer = operator.metrics().find("portolan.guardrail.webhook").timers();
        for (var t : timer) {
          System.out.printf(
              "[bench] webhook %-26s %6d judged, mean %.2f ms, max %.2f ms%n",
              t.getId().getTag("scorecard"),
              t.count(),
              t.mean(TimeUnit.MILLISECONDS),
              t.max(TimeUnit.MILLISECONDS));
        }
        System.out.printf(
            "[bench] load average: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
      } finally {
        operator.close();
        Helm.uninstall("portolan")
            .withNamespace("portolan-system")
            .withKubeConfig(plane.kubeconfig())
            .call();
      }
    }
  }

  private static boolean judged(KubernetesClient client, String ns) {
    // A Warn answer carries warnings the client logs; a pass through the webhook is enough here:
    // the metric shows the webhook judged it.
    try {
      client.apps().deployments().inNamespace(ns).resource(deployment(ns, 0)).dryRun().create();
    } catch (KubernetesClientException e) {
      return false;
    }
    return true;
  }

  private static List<Double> run(KubernetesClient client, String ns, int rate, int seconds)
      throws Exception {
    int total = rate * seconds;
    List<Double> millis = Collections.synchronizedList(new ArrayList<>(total));
    AtomicInteger failures = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(32);
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    List<Future<?>> sent = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    var ticking =
        clock.scheduleAtFixedRate(
            () -> {
              int i = next.getAndIncrement();
              if (i >= total) {
                return;
              }
              sent.add(
                  senders.submit(
                      () -> {
                        long start = System.nanoTime();
                        try {
                          client
                              .apps()
                              .deployments()
                              .inNamespace(ns)
                              .resource(deployment(ns, i))
                              .dryRun()
                              .create();
                        } catch (KubernetesClientException refused) {
                          if (refused.getCode() != 403 && refused.getCode() != 400) {
                            failures.incrementAndGet();
                          }
                        }
                        millis.add((System.nanoTime() - start) / 1e6);
                      }));
            },
            0,
            1_000_000 / rate,
            TimeUnit.MICROSECONDS);
    while (next.get() < total) {
      Thread.sleep(100);
    }
    ticking.cancel(false);
    clock.shutdown();
    for (Future<?> f : new ArrayList<>(sent)) {
      f.get();
    }
    senders.shutdown();
    if (failures.get() > 0) {
      System.out.printf(
          "[bench] %s: %d requests failed otherwise than refused%n", ns, failures.get());
    }
    return millis;
  }

  /** A Deployment below Silver: warned in team-checkout, refused in team-guarded. */
  private static Deployment deployment(String ns, int i) {
    return Serialization.unmarshal(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: bench-%d, namespace: %s, labels: {team: bench}}
        spec:
          selector: {matchLabels: {app: bench}}
          template:
            metadata: {labels: {app: bench}}
            spec:
              containers: [{name: app, image: registry.example.com/bench:1.0.0}]
        """
            .formatted(i, ns),
        Deployment.class);
  }

  private static double at(List<Double> sorted, double quantile) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
  }

  private static Kubectl.Result check(Kubectl.Result result) {
    if (!result.ok()) {
      throw new IllegalStateException(result.toString());
    }
    return result;
  }
}
