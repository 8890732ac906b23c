package dev.portolan.e2e;

import dev.portolan.catalog.BlueprintCompiler;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.search.EntitySearch;
import dev.portolan.web.PortalServer;
import dev.portolan.web.auth.Access;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The portal API over a large catalog on the real control plane: N entities (default 50,000) are
 * created through the API server, the catalog index lists them, and 16 concurrent clients send each
 * kind of request (after a discarded round of every kind, so the JIT has compiled them all), then
 * one client alone does. Prints requests per second, median and 99th-percentile latency, and the
 * index's heap per entity. Run: {@code mvn -q -pl operator,e2e package -DskipTests
 * exec:exec@api-benchmark} ({@code -Dentities=N} to change the size).
 */
public final class PortalApiBenchmark {
  private static final int CLIENTS = 16;

  private PortalApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int requestsPerClient = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int namespaces = 20;
    int systems = total / 25;
    int teams = Math.max(1, total / 250);
    int services = total - systems - teams;
    try (ControlPlane plane = ControlPlane.start()) {
      Kubectl kubectl = plane.kubectlRunner();
      require(kubectl.run("apply", "-f", "crds/"));
      require(
          kubectl.run(
              "wait",
              "--for=condition=Established",
              "--timeout=60s",
              "crd/blueprints.portolan.dev",
              "crd/entities.portolan.dev"));
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
              .build();
      for (String yaml :
          List.of(
              "{apiVersion: portolan.dev/v1alpha1, kind: Blueprint, metadata: {name: team}, spec: {title: Team}}",
              "{apiVersion: portolan.dev/v1alpha1, kind: Blueprint, metadata: {name: system}, spec: {title: System,"
                  + " relations: {team: {target: team}}}}",
              "{apiVersion: portolan.dev/v1alpha1, kind: Blueprint, metadata: {name: service}, spec: {title: Service,"
                  + " properties: {language: {type: string}, replicas: {type: integer}, tier: {type: string, default: backend}},"
                  + " relations: {system: {target: system}, dependsOn: {target: service, many: true}}}}")) {
        client.resource(Serialization.unmarshal("---\n" + yaml, Blueprint.class)).create();
      }
      for (int n = 0; n < namespaces; n++) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName("ns-" + n).endMetadata().build())
            .create();
      }
      long loadStart = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<?>> creations = new ArrayList<>();
      for (int i = 0; i < teams; i++) {
        int t = i;
        creations.add(
            pool.submit(
                () ->
                    create(
                        client,
                        "ns-" + (t % namespaces),
                        "team-" + t,
                        "{blueprint: team, title: Team " + t + ", owner: team-" + t + "}")));
      }
      for (int i = 0; i < systems; i++) {
        int s = i;
        int team = s % teams;
        creations.add(
            pool.submit(
                () ->
                    create(
                        client,
                        "ns-" + (s % namespaces),
                        "system-" + s,
                        "{blueprint: system, title: System "
                            + s
                            + ", owner: team-"
                            + team
                            + ", relations: {team: ns-"
                            + (team % namespaces)
                            + "/team-"
                            + team
                            + "}}")));
      }
      for (int i = 0; i < services; i++) {
        int v = i;
        int system = v % systems;
        String depends =
            v > 0 ? ", dependsOn: [ns-" + ((v - 1) % namespaces) + "/service-" + (v - 1) + "]" : "";
        creations.add(
            pool.submit(
                () ->
                    create(
                        client,
                        "ns-" + (v % namespaces),
                        "service-" + v,
                        "{blueprint: service, title: Service "
                            + v
                            + ", owner: team-"
                            + (system % teams)
                            + ", description: 'Serves "
                            + (v % 7 == 0 ? "payments" : "orders")
                            + "', properties: {language: "
                            + (v % 3 == 0 ? "java" : "go")
                            + ", replicas: "
                            + (v % 5)
                            + "}, relations: {system: ns-"
                            + (system % namespaces)
                            + "/system-"
                            + system
                            + depends
                            + "}}")));
      }
      for (Future<?> creation : creations) {
        creation.get();
      }
      pool.shutdown();
      System.out.printf(
          "Created %d entities through the API server in %.0f s%n",
          total, (System.nanoTime() - loadStart) / 1e9);

      long heapBefore = usedHeapAfterGc();
      long syncStart = System.nanoTime();
      CatalogIndex index = CatalogIndex.start(client, Duration.ofMinutes(5));
      double syncSeconds = (System.nanoTime() - syncStart) / 1e9;
      long heapWithCatalog = usedHeapAfterGc();
      CelEngine cel = new CelEngine();
      BlueprintCompiler compiler = new BlueprintCompiler(cel);
      long searchStart = System.nanoTime();
      EntitySearch search =
          new EntitySearch(
              index,
              cel,
              b -> index.blueprint(b).map(bp -> compiler.compile(bp).defaults()).orElse(Map.of()));
      double searchSeconds = (System.nanoTime() - searchStart) / 1e9;
      long heapWithSearch =
          usedHeapAfterGc(); // the search index is part of what a replica holds per entity
      PortalServer server =
          new PortalServer(
                  index,
                  search,
                  new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                  () -> true,
                  Access.disabled())
              .start("127.0.0.1", 0);
      String base = "http://127.0.0.1:" + server.port();

      System.out.println(
          "Portal API benchmark (real control plane; authentication off to measure the answers)");
      System.out.printf(
          "  machine:          %d cores, JVM %s; %d clients on the same machine%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), CLIENTS);
      System.out.printf(
          "  catalog:          %d entities (%d services, %d systems, %d teams) in %d namespaces%n",
          total, services, systems, teams, namespaces);
      System.out.printf(
          "  index:            listed in %.1f s; %.2f KiB of heap per entity (after full GC)%n",
          syncSeconds, (heapWithCatalog - heapBefore) / 1024.0 / total);
      System.out.printf(
          "  search index:     built in %.1f s; %.2f KiB of heap per entity more (%.2f KiB in all)%n",
          searchSeconds,
          (heapWithSearch - heapWithCatalog) / 1024.0 / total,
          (heapWithSearch - heapBefore) / 1024.0 / total);
      Map<String, java.util.function.IntFunction<String>> kinds = new java.util.LinkedHashMap<>();
      kinds.put(
          "filtered search page",
          i ->
              "/api/v1/entities?blueprint=service&property=language%3D%3Djava&property=replicas%3E%3D2&q=payments&sort=title&limit=20");
      kinds.put("facet query", i -> "/api/v1/entities?owner=team-" + (i % teams) + "&limit=1");
      kinds.put(
          "entity with relations",
          i ->
              "/api/v1/namespaces/ns-"
                  + (i % namespaces)
                  + "/entities/system-"
                  + (i % systems / namespaces * namespaces + i % namespaces));
      kinds.put(
          "depth-2 graph",
          i ->
              "/api/v1/graph?root=ns-"
                  + (i % namespaces)
                  + "/service-"
                  + (i % (services / namespaces) * namespaces + i % namespaces)
                  + "&depth=2");
      // Every kind is first run once at full concurrency and discarded, so the JIT has compiled all
      // of them before any is measured (otherwise the first kind measured pays for it).
      for (var kind : kinds.entrySet()) {
        measure(
            kind.getKey(),
            base,
            Math.max(1, requestsPerClient / 2),
            CLIENTS,
            kind.getValue(),
            false);
      }
      for (var kind : kinds.entrySet()) {
        measure(kind.getKey(), base, requestsPerClient, CLIENTS, kind.getValue(), true);
      }
      // One client alone: what a single user waits, without 15 other requests queued on 2 cores.
      for (var kind : kinds.entrySet()) {
        measure(kind.getKey() + " (1 client)", base, requestsPerClient, 1, kind.getValue(), true);
      }
      server.close();
      index.close();
      client.close();
    }
    System.exit(0);
  }

  private static void measure(
      String what,
      String base,
      int perClient,
      int concurrency,
      java.util.function.IntFunction<String> path,
      boolean print)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder().executor(Executors.newFixedThreadPool(concurrency)).build();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    List<Future<?>> runs = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      int client = c;
      runs.add(
          clients.submit(
              () -> {
                for (int i = 0; i < perClient; i++) {
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create(base + path.apply(client * perClient + i)))
                          .build();
                  long sent = System.nanoTime();
                  HttpResponse<Void> response =
                      http.send(request, HttpResponse.BodyHandlers.discarding());
                  latencies.add((System.nanoTime() - sent) / 1e6);
                  if (response.statusCode() != 200) {
                    throw new IllegalStateException(
                        what + ": HTTP " + response.statusCode() + " for " + request.uri());
                  }
                }
                return null;
              }));
    }
    for (Future<?> run : runs) {
      run.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    clients.shutdown();
    if (!print) {
      return;
    }
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(
        "  %-33s %6.0f requests/s; median %6.2f ms, p99 %7.2f ms (%d requests)%n",
        what + ":",
        sorted.size() / seconds,
        sorted.get(sorted.size() / 2),
        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
        sorted.size());
  }

  private static void create(KubernetesClient client, String namespace, String name, String spec) {
    client
        .resource(
            Serialization.unmarshal(
                "---\n{apiVersion: portolan.dev/v1alpha1, kind: Entity, metadata: {name: "
                    + name
                    + ", namespace: "
                    + namespace
                    + "}, spec: "
                    + spec
                    + "}",
                Entity.class))
        .create();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void require(Kubectl.Result result) {
    if (!result.ok()) {
      throw new IllegalStateException(result.toString());
    }
  }
}
