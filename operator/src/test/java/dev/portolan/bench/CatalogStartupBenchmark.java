package dev.portolan.bench;

import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Meter;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads a catalog of N entities of three blueprints with relations into the in-memory API server,
 * starts the operator, and reports the time until every entity's status is written, the reconciles
 * per second, and the heap the operator holds per entity.
 *
 * <p>Run: {@code mvn -q -pl operator test-compile exec:exec@catalog-startup} (N defaults to 10000;
 * {@code -Dentities=N} to change it).
 */
public final class CatalogStartupBenchmark {
  private CatalogStartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int teams = Math.max(1, total / 100);
    int systems = Math.max(1, total / 10);
    int services = total - teams - systems;
    int namespaces = 10;

    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      for (String yaml : BLUEPRINTS) {
        client.resource(Serialization.unmarshal(yaml, Blueprint.class)).create();
      }
      // The scale benchmark's scorecard (e2e ScaleCatalog), so that statuses carry grades.
      client
          .resource(
              Serialization.unmarshal(
                  "apiVersion: portolan.dev/v1alpha1\nkind: Scorecard\nmetadata: {name: readiness}\n"
                      + "spec: {blueprint: service, levels: [Bronze, Silver, Gold], rules: ["
                      + "{name: has-owner, level: Bronze, expression: \"entity.owner != ''\"},"
                      + "{name: has-repo, level: Silver, expression:"
                      + " \"entity.properties.?repo.orValue('').startsWith('https://')\"},"
                      + "{name: replicated, level: Gold, expression:"
                      + " \"entity.properties.?replicas.orValue(0) >= 2\"}]}",
                  dev.portolan.model.Scorecard.class))
          .create();
      long loadStart = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> writes = new java.util.ArrayList<>();
      for (int i = 0; i < teams; i++) {
        int n = i;
        writes.add(
            pool.submit(
                () ->
                    create(
                        client,
                        "ns-" + (n % namespaces),
                        "team-" + n,
                        "{blueprint: team, owner: team-"
                            + n
                            + ", properties: {slack: '#team-"
                            + n
                            + "'}}")));
      }
      for (int i = 0; i < systems; i++) {
        int n = i;
        writes.add(
            pool.submit(
                () ->
                    create(
                        client,
                        "ns-" + (n % namespaces),
                        "system-" + n,
                        "{blueprint: system, owner: team-"
                            + (n % teams)
                            + ", relations: {team: ns-"
                            + ((n % teams) % namespaces)
                            + "/team-"
                            + (n % teams)
                            + "}}")));
      }
      for (int i = 0; i < services; i++) {
        int n = i;
        int system = n % systems;
        String dependsOn =
            n > 0 ? ", dependsOn: [ns-" + ((n - 1) % namespaces) + "/service-" + (n - 1) + "]" : "";
        writes.add(
            pool.submit(
                () ->
                    create(
                        client,
                        "ns-" + (n % namespaces),
                        "service-" + n,
                        "{blueprint: service, owner: team-"
                            + (system % teams)
                            + ", properties: {language: "
                            + (n % 2 == 0 ? "java" : "go")
                            + ", replicas: "
                            + (n % 5)
                            + "}, relations: {system: ns-"
                            + (system % namespaces)
                            + "/system-"
                            + system
                            + dependsOn
                            + "}}")));
      }
      for (Future<?> write : writes) {
        write.get();
      }
      pool.shutdown();
      System.out.printf(
          "Loaded %d entities (%d teams, %d systems, %d services) in %d ms%n",
          total, teams, systems, services, (System.nanoTime() - loadStart) / 1_000_000);

      long heapBefore = usedHeapAfterGc();
      long start = System.nanoTime();
      PortolanOperator operator = new PortolanOperator(client, Clock.systemUTC(), null).start();
      long indexed = System.nanoTime();
      while (!allStatusesWritten(operator, total)) {
        Thread.sleep(50);
      }
      long done = System.nanoTime();
      double seconds = (done - start) / 1e9;
      double reconciles = reconciles(operator);
      long heapWith = usedHeapAfterGc();
      Map<String, long[]> histogramWith = histogram();
      operator.close();
      long heapAfter = usedHeapAfterGc();
      Map<String, long[]> histogramAfter = histogram();

      System.out.println("Catalog start-up benchmark");
      System.out.printf(
          "  machine:              %d cores, JVM %s, max heap %d MiB%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(
          "  catalog:              %d entities, 3 blueprints, %d namespaces%n", total, namespaces);
      System.out.printf("  index synced after:   %.2f s%n", (indexed - start) / 1e9);
      System.out.printf("  all statuses written: %.2f s after operator start%n", seconds);
      System.out.printf(
          "  entity reconciles:    %.0f (%.0f per second)%n", reconciles, reconciles / seconds);
      System.out.printf("  entity status writes: %.0f%n", operator.statusWriter().writes("Entity"));
      System.out.printf(
          "  operator heap:        %.1f MiB in all, %.2f KiB per entity (after full GC;"
              + " heap with the operator minus heap after it stopped)%n",
          (heapWith - heapAfter) / 1048576.0, (heapWith - heapAfter) / 1024.0 / total);
      System.out.printf(
          "  (heap before start %.1f MiB, with operator %.1f MiB, after stop %.1f MiB)%n",
          heapBefore / 1048576.0, heapWith / 1048576.0, heapAfter / 1048576.0);
      System.out.println("  what the operator holds, by class (with it minus after it stopped):");
      histogramWith.entrySet().stream()
          .map(
              e -> {
                long[] after = histogramAfter.getOrDefault(e.getKey(), new long[2]);
                return Map.entry(
                    e.getKey(),
                    new long[] {e.getValue()[0] - after[0], e.getValue()[1] - after[1]});
              })
          .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
          .limit(30)
          .forEach(
              e ->
                  System.out.printf(
                      "    %8.1f KiB %7.1f B/entity %9d objects  %s%n",
                      e.getValue()[1] / 1024.0,
                      (double) e.getValue()[1] / total,
                      e.getValue()[0],
                      e.getKey()));
    }
    System.exit(0);
  }

  /** Instances and bytes per class of the live heap (a full GC first), from the JVM itself. */
  private static Map<String, long[]> histogram() throws Exception {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {null},
                    new String[] {String[].class.getName()});
    Map<String, long[]> classes = new java.util.HashMap<>();
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length >= 4 && parts[0].endsWith(":")) {
        classes.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
      }
    }
    return classes;
  }

  private static void create(KubernetesClient client, String namespace, String name, String spec) {
    Entity entity =
        Serialization.unmarshal(
            "apiVersion: portolan.dev/v1alpha1\nkind: Entity\nmetadata: {name: "
                + name
                + ", namespace: "
                + namespace
                + "}\nspec: "
                + spec,
            Entity.class);
    client.resource(entity).create();
  }

  private static boolean allStatusesWritten(PortolanOperator operator, int total) {
    List<Entity> entities = operator.index().entities();
    if (entities.size() < total) {
      return false;
    }
    for (Entity e : entities) {
      if (e.getStatus() == null || !Conditions.isTrue(e.getStatus().conditions, "Valid")) {
        return false;
      }
    }
    return true;
  }

  private static double reconciles(PortolanOperator operator) {
    double count = 0;
    if (Boolean.getBoolean("bench.debug")) {
      operator.metrics().getMeters().forEach(m -> System.out.println("  meter " + m.getId()));
    }
    for (Meter meter : operator.metrics().getMeters()) {
      String name = meter.getId().getName();
      if (name.equals("operator.sdk.controllers.execution.reconcile")
          && "entity".equals(meter.getId().getTag("controller"))) {
        for (var m : meter.measure()) {
          if (m.getStatistic() == io.micrometer.core.instrument.Statistic.COUNT) {
            count += m.getValue();
          }
        }
      }
    }
    return count;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static final List<String> BLUEPRINTS =
      List.of(
          """
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: team}
      spec: {title: Team, properties: {slack: {type: string, pattern: "^#[a-z0-9-]+$"}}}
      """,
          """
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: system}
      spec:
        title: System
        relations: {team: {target: team, required: true}}
        mirrored: {teamSlack: {path: team.slack}}
      """,
          """
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: service}
      spec:
        title: Service
        properties:
          language: {type: string, enum: [java, go, python]}
          replicas: {type: integer, minimum: 0}
          tier: {type: string, enum: [frontend, backend, data], default: backend}
        required: [language]
        relations:
          system: {target: system, required: true}
          dependsOn: {target: service, many: true}
        calculated:
          ha: {type: boolean, expression: "entity.properties.replicas >= 2"}
        mirrored:
          teamSlack: {path: system.team.slack}
      """);
}
