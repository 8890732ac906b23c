package dev.portolan.e2e;

import dev.portolan.kit.StatusWriter;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator at scale on the real control plane, as issue #15 measures it: a Backstage-shaped
 * catalog ({@link ScaleCatalog}) is created through the API server; the operator (the jar, under
 * the chart's ServiceAccount, with the chart's heap) starts on it cold, is restarted on the settled
 * catalog, and serves the API to {@code wrk} (a separate process); then a plain client writes the
 * same statuses with the same request, which is what this machine can do at best. Prints each
 * figure and the ratio of the operator's cold start to that floor.
 *
 * <p>Run: {@code mvn -q -pl operator,demo,e2e package -DskipTests -DskipImage && mvn -q -pl e2e
 * exec:exec@scale-benchmark} ({@code -Dentities=N}, default 50,000). Needs {@code wrk} (Debian:
 * {@code apt-get install wrk}).
 */
public final class CatalogScaleBenchmark {
  private static final Path ROOT = ControlPlane.ROOT;
  private static final Path WORK = ROOT.resolve("e2e/target/scale");
  private static final String API = "http://127.0.0.1:8080";

  /**
   * What a Pod of the chart's defaults gives the JVM: its javaOptions, and the memory limit as the
   * memory the JVM sizes itself by (in the Pod the container's limit is all it sees; here the
   * machine's memory would otherwise set the heap's start size and the collector).
   */
  static String chartJvm() throws IOException {
    String values = Files.readString(ROOT.resolve("helm/portolan/values.yaml"));
    Matcher options = Pattern.compile("(?m)^javaOptions: \"([^\"]*)\"").matcher(values);
    Matcher limit = Pattern.compile("(?m)^  limits:\\s*\n    memory: (\\d+)Mi").matcher(values);
    Matcher limitGi = Pattern.compile("(?m)^  limits:\\s*\n    memory: (\\d+)Gi").matcher(values);
    long mebibytes =
        limit.find()
            ? Long.parseLong(limit.group(1))
            : limitGi.find() ? Long.parseLong(limitGi.group(1)) * 1024 : 0;
    if (!options.find() || mebibytes == 0) {
      throw new IllegalStateException("values.yaml has no javaOptions or memory limit");
    }
    return "-XX:MaxRAM=" + mebibytes + "m " + options.group(1);
  }

  /** The environment the chart's Deployment gives the JVM beside its options: the malloc arenas. */
  static Map<String, String> chartEnvironment() throws IOException {
    String deployment = Files.readString(ROOT.resolve("helm/portolan/templates/deployment.yaml"));
    Matcher arenas =
        Pattern.compile("- name: MALLOC_ARENA_MAX\\s+value: \"(\\d+)\"").matcher(deployment);
    return arenas.find() ? Map.of("MALLOC_ARENA_MAX", arenas.group(1)) : Map.of();
  }

  private CatalogScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : 50_000;
    ScaleCatalog catalog = ScaleCatalog.of(total);
    Files.createDirectories(WORK);
    List<String> report = new ArrayList<>();
    Consumer<String> say =
        line -> {
          System.out.println(line);
          report.add(line);
        };
    try (ControlPlane plane = ControlPlane.start()) {
      Kubectl kubectl = plane.kubectlRunner();
      require(kubectl.run("apply", "-f", "crds/"));
      require(kubectl.run("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all"));
      KubernetesClient admin =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
              .build();
      say.accept(
          String.format(
              "Scale benchmark at commit %s: %s; %d cores, %s",
              commit(), catalog, Runtime.getRuntime().availableProcessors(), uptime()));
      double created = catalog.create(admin, 16);
      say.accept(String.format("  create, plain client, 16 threads:  %6.1f s", created));
      try {
        say.accept(
            "  history seeded: "
                + catalog.seedHistory(admin, java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
      } catch (RuntimeException e) { // the rest of the run still measures
        say.accept("  history NOT seeded: " + e.getMessage());
      }

      String jvm = chartJvm();
      say.accept("  operator JVM (the chart's defaults): " + jvm);
      String extra = System.getenv().getOrDefault("PORTOLAN_SCALE_JVM_EXTRA", "");
      if (!extra.isBlank()) { // e.g. native memory tracking, printed to the log at exit
        jvm = jvm + " " + extra;
        say.accept("  and, not the chart's: " + extra);
      }
      Map<String, String> environment = chartEnvironment();
      say.accept("  operator environment (the chart's): " + environment);
      OperatorProcess.Launch launch = OperatorProcess.prepare(plane, jvm, environment);
      String reader = readerToken(kubectl);

      OperatorProcess cold = launch.start(WORK.resolve("operator-cold.log"));
      Progress start = awaitEveryStatus(admin, catalog, cold);
      say.accept(
          String.format(
              "  operator cold start -> every status written and every service graded: %6.1f s"
                  + " (%d entity status writes for %d entities, %.0f writes/s)",
              start.seconds(), start.writes(), total, start.writes() / start.seconds()));
      say.accept("    " + start.describe(total));
      say.accept("  operator collections (cold start): " + cold.collections());
      say.accept("  operator memory at the end:        " + cold.memory(total));
      say.accept("  API Priority and Fairness:         " + FlowControl.summary(kubectl));
      say.accept("  the control plane:                 " + plane.footprint());
      cold.stop();

      OperatorProcess warm = launch.start(WORK.resolve("operator-restart.log"));
      double ready = warm.awaitReady(Duration.ofMinutes(10));
      Thread.sleep(15_000);
      say.accept(
          String.format(
              "  restart on the settled catalog:    ready in %.1f s; %d status writes in the"
                  + " 15 s after",
              ready, warm.entityWrites()));
      say.accept("  operator memory after the restart: " + warm.memory(total));
      InsightPages.measure(admin, kubectl, catalog, say);
      say.accept("");
      for (Map.Entry<String, String> load : catalog.requests().entrySet()) {
        say.accept(
            String.format(
                "  %-34s %s", load.getKey() + ":", Wrk.run(API + load.getValue(), reader)));
      }
      say.accept(
          "  operator collections (restart, the full GC and the wrk runs): " + warm.collections());
      warm.stop();

      Floor floor = floor(admin);
      say.accept(
          String.format(
              "  the floor: a plain client writes the same %d statuses (JSON Patch of /status),"
                  + " best of %s threads = %d: %6.1f s (%.0f writes/s)",
              total,
              Floor.CONCURRENCIES,
              floor.threads(),
              floor.seconds(),
              total / floor.seconds()));
      say.accept(
          String.format(
              "  cold start / floor:                %.2f", start.seconds() / floor.seconds()));
      say.accept("  load at the end: " + uptime());
      admin.close();
    } finally {
      Files.write(WORK.resolve("report.txt"), report);
    }
    System.exit(0);
  }

  /**
   * When the operator's entity status writes and the entities' statuses say it is done, and how it
   * got there: when its HTTP server first answered (the JVM started, the caches listed, the
   * controllers started), when it wrote the first status, and when it had written each tenth.
   */
  record Progress(double seconds, long writes, Double serving, List<String> timeline) {
    String describe(int total) {
      return String.format(
          "serving after %s; writes by time: %s",
          serving == null ? "?" : String.format("%.1f s", serving), String.join(", ", timeline));
    }
  }

  private static Progress awaitEveryStatus(
      KubernetesClient admin, ScaleCatalog catalog, OperatorProcess operator) throws Exception {
    long begun = operator.startedNanos();
    long reachedAt = 0;
    Double serving = null;
    List<String> timeline = new ArrayList<>();
    int nextTenth = 0;
    while (true) {
      Thread.sleep(1000);
      long writes = operator.entityWrites();
      double now = (System.nanoTime() - begun) / 1e9;
      if (serving == null && operator.serving()) {
        serving = now;
      }
      if (writes > 0 && nextTenth == 0) {
        timeline.add(String.format("first at %.1f s", now));
        nextTenth = 1;
      }
      while (nextTenth > 0 && nextTenth <= 10 && writes >= catalog.total() * nextTenth / 10L) {
        timeline.add(String.format("%d%% at %.1f s", nextTenth * 10, now));
        nextTenth++;
      }
      if (writes >= catalog.total() && reachedAt == 0) {
        reachedAt = System.nanoTime();
      }
      if (reachedAt != 0) {
        int missing = catalog.unfinished(admin);
        if (missing == 0) {
          return new Progress(
              (reachedAt - begun) / 1e9, operator.entityWrites(), serving, timeline);
        }
        System.out.printf("  ... %d entities not yet written or graded%n", missing);
        reachedAt = 0;
      }
      if ((System.nanoTime() - begun) / 1e9 > 3600) {
        throw new IllegalStateException("the operator did not finish within an hour: " + writes);
      }
    }
  }

  /** The best a plain client does with the same request: {@code StatusWriter.statusPatch}. */
  record Floor(int threads, double seconds) {
    static final List<Integer> CONCURRENCIES = List.of(16, 32, 64);
  }

  private static Floor floor(KubernetesClient admin) throws Exception {
    List<Entity> all = ScaleCatalog.list(admin);
    int size = all.size();
    int sample = Math.min(5_000, size / 4);
    int best = 0;
    double bestRate = 0;
    int offset = 0;
    for (int threads : Floor.CONCURRENCIES) {
      double seconds = rewrite(admin, all.subList(offset, offset + sample), threads, 1);
      offset += sample;
      if (sample / seconds > bestRate) {
        bestRate = sample / seconds;
        best = threads;
      }
    }
    // Listed again: the sample rounds moved the resource versions of the entities they wrote. The
    // first list is let go first: at 200,000 entities two lists do not fit the benchmark's heap.
    all = null;
    List<Entity> again = ScaleCatalog.list(admin);
    if (again.size() != size) {
      throw new IllegalStateException(size + " entities listed, then " + again.size());
    }
    return new Floor(best, rewrite(admin, again, best, 2));
  }

  /**
   * Writes each entity's status back with a changed condition time (the same size: the API server
   * skips a write that changes nothing), by the operator's own request, with the resource version
   * it was listed at (as the operator writes from its cache, with no read first).
   */
  private static double rewrite(
      KubernetesClient admin, List<Entity> entities, int threads, int round) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long begun = System.nanoTime();
    List<Future<?>> writes = new ArrayList<>();
    for (Entity entity : entities) {
      writes.add(
          pool.submit(
              () -> {
                Entity fresh = entity;
                fresh
                    .getStatus()
                    .conditions
                    .forEach(c -> c.setLastTransitionTime("2026-01-0" + round + "T00:00:00Z"));
                return admin
                    .resource(fresh)
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), StatusWriter.statusPatch(fresh));
              }));
    }
    for (Future<?> write : writes) {
      write.get();
    }
    pool.shutdown();
    return (System.nanoTime() - begun) / 1e9;
  }

  /** A token of a ServiceAccount that may read the whole catalog (the chart's view aggregation). */
  private static String readerToken(Kubectl kubectl) {
    kubectl.run("create", "serviceaccount", "catalog-reader", "-n", "default");
    kubectl.run(
        "create",
        "clusterrolebinding",
        "catalog-reader",
        "--clusterrole=view",
        "--serviceaccount=default:catalog-reader");
    Kubectl.Result token =
        kubectl.run("create", "token", "catalog-reader", "-n", "default", "--duration=2h");
    require(token);
    return token.out().trim();
  }

  /** What {@code uptime} prints: the time, how long up, the load averages. */
  static String uptime() {
    try {
      Process uptime = new ProcessBuilder("uptime").redirectErrorStream(true).start();
      String out = new String(uptime.getInputStream().readAllBytes()).trim();
      return uptime.waitFor() == 0 ? "uptime: " + out : "load " + load();
    } catch (IOException e) {
      return "load " + load();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "load " + load();
    }
  }

  /** The commit measured, marked when the work tree has changes not committed. */
  private static String commit() {
    try {
      Process head =
          new ProcessBuilder("git", "-C", ROOT.toString(), "rev-parse", "--short", "HEAD").start();
      String sha = new String(head.getInputStream().readAllBytes()).trim();
      Process status =
          new ProcessBuilder(
                  "git", "-C", ROOT.toString(), "status", "--porcelain", "--untracked-files=no")
              .start();
      boolean dirty = !new String(status.getInputStream().readAllBytes()).isBlank();
      head.waitFor();
      status.waitFor();
      return sha + (dirty ? " (with uncommitted changes)" : "");
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static void require(Kubectl.Result result) {
    if (!result.ok()) {
      throw new IllegalStateException(result.toString());
    }
  }

  /** {@code wrk} against one URL: 16 connections, 2 threads, 20 s, after a 5 s warm-up. */
  static final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P50 = Pattern.compile("\\s50%\\s+([0-9.]+\\w+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+\\w+)");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern DURATION = Pattern.compile("([0-9.]+)(us|ms|s|m)");

    /** What one run of {@code wrk} measured; latencies in ms. */
    record Result(String rate, String p50, String p99, long non2xx) {
      double p50Millis() {
        return millis(p50);
      }

      double p99Millis() {
        return millis(p99);
      }
    }

    static String run(String url, String token) throws Exception {
      List<String> auth = List.of("Authorization: Bearer " + token);
      measure(url, auth, 16, "5s");
      Result result = measure(url, auth, 16, "20s");
      long bytes = size(url, auth);
      return String.format(
          "%8s req/s, p50 %s, p99 %s, %d bytes%s",
          result.rate(),
          result.p50(),
          result.p99(),
          bytes,
          result.non2xx() > 0 ? " (" + result.non2xx() + " non-2xx!)" : "");
    }

    /** One run of {@code wrk -t2} (one thread for one connection) with the given headers. */
    static Result measure(String url, List<String> headers, int connections, String duration)
        throws Exception {
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              "wrk",
              "-t" + Math.min(2, connections),
              "-c" + connections,
              "-d" + duration,
              "--timeout",
              "10s",
              "--latency"));
      for (String header : headers) {
        command.add("-H");
        command.add(header);
      }
      command.add(url);
      Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(wrk.getInputStream().readAllBytes());
      if (wrk.waitFor() != 0) {
        throw new IllegalStateException("wrk failed (apt-get install wrk?): " + out);
      }
      Matcher errors = ERRORS.matcher(out);
      return new Result(
          find(RATE, out),
          find(P50, out),
          find(P99, out),
          errors.find() ? Long.parseLong(errors.group(1)) : 0);
    }

    /** The body's size in bytes; fails unless the answer is 200. */
    static long size(String url, List<String> headers) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
      for (String header : headers) {
        int colon = header.indexOf(':');
        request.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
      }
      HttpResponse<byte[]> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            url + " answered " + response.statusCode() + ": " + new String(response.body()));
      }
      return response.body().length;
    }

    /** A latency as {@code wrk} prints it ({@code 812.00us}, {@code 1.20ms}, {@code 2.01s}). */
    static double millis(String latency) {
      Matcher m = DURATION.matcher(latency);
      if (!m.matches()) {
        return Double.NaN;
      }
      double value = Double.parseDouble(m.group(1));
      return switch (m.group(2)) {
        case "us" -> value / 1000;
        case "ms" -> value;
        case "s" -> value * 1000;
        default -> value * 60_000;
      };
    }

    private static String find(Pattern pattern, String out) {
      Matcher m = pattern.matcher(out);
      return m.find() ? m.group(1) : "?";
    }
  }

  /**
   * What API Priority and Fairness did to the operator's requests: the chart's ServiceAccount falls
   * under the {@code service-accounts} FlowSchema, priority level {@code workload-low}.
   */
  static final class FlowControl {
    private static final Pattern WAIT =
        Pattern.compile(
            "apiserver_flowcontrol_request_wait_duration_seconds_(sum|count)\\{([^}]*)\\}\\s+([0-9.e+]+)");
    private static final Pattern REJECTED =
        Pattern.compile(
            "apiserver_flowcontrol_rejected_requests_total\\{([^}]*)\\}\\s+([0-9.e+]+)");

    static String summary(Kubectl kubectl) {
      Kubectl.Result metrics = kubectl.run("get", "--raw", "/metrics");
      if (!metrics.ok()) {
        return "unknown (" + metrics.err().trim() + ")";
      }
      double sum = 0;
      double count = 0;
      double rejected = 0;
      Matcher wait = WAIT.matcher(metrics.out());
      while (wait.find()) {
        if (wait.group(2).contains("flow_schema=\"service-accounts\"")) {
          if (wait.group(1).equals("sum")) {
            sum += Double.parseDouble(wait.group(3));
          } else {
            count += Double.parseDouble(wait.group(3));
          }
        }
      }
      Matcher refused = REJECTED.matcher(metrics.out());
      while (refused.find()) {
        if (refused.group(1).contains("flow_schema=\"service-accounts\"")) {
          rejected += Double.parseDouble(refused.group(2));
        }
      }
      return String.format(
          "service-accounts/workload-low: %.0f requests, mean wait in queue %.2f ms, %.0f rejected",
          count, count == 0 ? 0 : sum / count * 1000, rejected);
    }
  }
}
