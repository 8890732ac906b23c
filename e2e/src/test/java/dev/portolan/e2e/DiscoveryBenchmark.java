package dev.portolan.e2e;

import com.sun.management.OperatingSystemMXBean;
import dev.portolan.PortolanOperator;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Discovery on the real control plane: the latency from a Deployment's creation to its entity
 * existing (200 single creations), and the time to absorb a burst of 1,000 new Deployments, with
 * the operator's CPU time and heap. Run: {@code mvn -q -pl operator,e2e -am test-compile
 * exec:exec@discovery-benchmark} (it starts and stops the control plane itself).
 */
public final class DiscoveryBenchmark {
  private DiscoveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int singles = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    try (ControlPlane plane = ControlPlane.start()) {
      Kubectl kubectl = plane.kubectlRunner();
      check(kubectl.run("apply", "-f", "crds/"));
      check(
          kubectl.run(
              "wait",
              "--for=condition=Established",
              "--timeout=60s",
              "crd/blueprints.portolan.dev",
              "crd/entities.portolan.dev"));
      check(kubectl.run("apply", "-f", "examples/50-discovery-blueprints.yaml"));
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
              .build();
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
          .create();

      Map<String, Long> seen = new ConcurrentHashMap<>();
      var watcher =
          client
              .resources(Entity.class)
              .inNamespace("bench")
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Entity entity) {
                      seen.putIfAbsent(entity.getMetadata().getName(), System.nanoTime());
                    }

                    @Override
                    public void onUpdate(Entity before, Entity after) {}

                    @Override
                    public void onDelete(Entity entity, boolean unknown) {}
                  });

      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuStart = os.getProcessCpuTime();
      PortolanOperator operator = new PortolanOperator(client, Clock.systemUTC(), null).start();
      waitFor(() -> operator.isReady(), 60_000);

      List<Double> latencies = new ArrayList<>();
      for (int i = 0; i < singles; i++) {
        String name = "single-" + i;
        long created = System.nanoTime();
        client.apps().deployments().inNamespace("bench").resource(deployment(name)).create();
        waitFor(() -> seen.containsKey("deployment-" + name), 30_000);
        latencies.add((seen.get("deployment-" + name) - created) / 1e6);
      }
      Collections.sort(latencies);

      long burstStart = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> creations = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        String name = "burst-" + i;
        creations.add(
            pool.submit(
                () ->
                    client
                        .apps()
                        .deployments()
                        .inNamespace("bench")
                        .resource(deployment(name))
                        .create()));
      }
      for (Future<?> creation : creations) {
        creation.get();
      }
      long created = System.nanoTime();
      waitFor(
          () ->
              seen.keySet().stream().filter(n -> n.startsWith("deployment-burst-")).count()
                  == burst,
          600_000);
      long absorbed = System.nanoTime();
      pool.shutdown();
      double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
      System.gc();
      Thread.sleep(500);
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

      System.out.println(
          "Discovery benchmark (real control plane: kube-apiserver 1.34.4, etcd 3.6.16, kwok; loopback)");
      System.out.printf(
          "  machine:                 %d cores, JVM %s%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      System.out.printf("  single creations:        %d Deployments, one at a time%n", singles);
      System.out.printf(
          "  creation -> entity:      median %.0f ms, p99 %.0f ms, max %.0f ms%n",
          percentile(latencies, 50),
          percentile(latencies, 99),
          latencies.get(latencies.size() - 1));
      System.out.printf(
          "  burst:                   %d Deployments created in %.1f s by 8 clients;"
              + " all %d entities existed %.1f s after the first creation%n",
          burst, (created - burstStart) / 1e9, burst, (absorbed - burstStart) / 1e9);
      System.out.printf(
          "  JVM CPU time:            %.1f s over the run (operator and this harness)%n",
          cpuSeconds);
      System.out.printf(
          "  heap after GC:           %.1f MiB with %d discovered entities%n",
          heap / 1048576.0, operator.index().entities().size());
      operator.close();
      watcher.close();
      client.close();
    }
    System.exit(0);
  }

  private static Deployment deployment(String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("bench")
        .addToLabels("team", "bench")
        .endMetadata()
        .withNewSpec()
        .withReplicas(0)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("example/" + name + ":1.0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("timed out after " + timeoutMillis + " ms");
      }
      Thread.sleep(2);
    }
  }

  private static void check(Kubectl.Result result) {
    if (!result.ok()) {
      throw new IllegalStateException(result.toString());
    }
  }
}
