package dev.portolan.e2e;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator jar as its own process under the chart's ServiceAccount, as {@code
 * e2e/dev-operator.sh} sets it up (the chart installed with no Pods, a token of its
 * ServiceAccount), with the JVM options a Pod of the chart gets, and what the benchmark reads of
 * it: its metrics, its readiness and its memory.
 */
final class OperatorProcess {
  private static final String BASE = "http://127.0.0.1:8080";
  private static final Pattern ENTITY_WRITES =
      Pattern.compile("portolan_status_writes_total\\{kind=\"Entity\",?\\}\\s+([0-9.E]+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final long startedNanos;
  private final Path log;

  private OperatorProcess(Process process, long startedNanos, Path log) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.log = log;
  }

  /** The command dev-operator.sh would run, with its kubeconfig and the JVM options. */
  record Launch(
      Path kubeconfig, List<String> command, String javaOptions, Map<String, String> environment) {
    OperatorProcess start(Path log) throws IOException {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      builder.environment().put("JAVA_TOOL_OPTIONS", javaOptions);
      builder.environment().putAll(environment);
      long now = System.nanoTime();
      OperatorProcess started =
          new OperatorProcess(builder.directory(ControlPlane.ROOT.toFile()).start(), now, log);
      // Never left behind holding the ports, however the benchmark ends.
      Runtime.getRuntime().addShutdownHook(new Thread(started.process::destroyForcibly));
      return started;
    }
  }

  /**
   * Installs the chart with no operator Pods and makes the ServiceAccount's kubeconfig.
   *
   * @param jvm the JVM options a Pod of the chart gets (its javaOptions, its memory limit as
   *     MaxRAM); with under 1,792 MB a JVM in a container picks the serial collector, so that is
   *     used too
   */
  static Launch prepare(ControlPlane plane, String jvm) throws Exception {
    return prepare(plane, jvm, Map.of());
  }

  /**
   * @param environment what the chart's Deployment sets beside the JVM's options
   */
  static Launch prepare(ControlPlane plane, String jvm, Map<String, String> environment)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "e2e/dev-operator.sh")
            .directory(ControlPlane.ROOT.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> env = builder.environment();
    env.put("KUBECONFIG", plane.kubeconfig().toString());
    env.put("PATH", plane.kubectl().getParent() + ":" + env.get("PATH"));
    env.put("PORTOLAN_DEV_PRINT_ONLY", "1");
    Process prepare = builder.start();
    List<String> lines = new String(prepare.getInputStream().readAllBytes()).lines().toList();
    if (prepare.waitFor() != 0 || lines.size() < 3) {
      throw new IllegalStateException("dev-operator.sh could not prepare the operator: " + lines);
    }
    return new Launch(
        Path.of(lines.get(0)),
        new ArrayList<>(lines.subList(1, lines.size())),
        jvm + " -XX:+UseSerialGC",
        environment);
  }

  long startedNanos() {
    return startedNanos;
  }

  /** The operator's count of Entity status writes (0 before its server answers). */
  long entityWrites() {
    try {
      String metrics = get("/metrics").body();
      Matcher m = ENTITY_WRITES.matcher(metrics);
      return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** Whether its HTTP server answers at all (it starts once the catalog is listed). */
  boolean serving() {
    try {
      get("/healthz");
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Seconds from the start of the process until {@code /readyz} answers 200. */
  double awaitReady(Duration timeout) throws InterruptedException {
    while ((System.nanoTime() - startedNanos) < timeout.toNanos()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited with " + process.exitValue());
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return (System.nanoTime() - startedNanos) / 1e9;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the operator was not ready within " + timeout);
  }

  /**
   * Peak and current RSS (the kernel counts KiB), after a full GC, and the live heap per entity.
   */
  String memory(int entities) throws Exception {
    long peak = procStatus("VmHWM");
    long before = procStatus("VmRSS");
    long live = liveHeapBytes();
    long after = procStatus("VmRSS");
    return String.format(
        "RSS peak %d MiB, %d MiB now, %d MiB after a full GC; live heap %d MiB (%.1f KB per entity)",
        peak / 1024, before / 1024, after / 1024, live >> 20, live / 1024.0 / entities);
  }

  /**
   * The collections so far, from {@code jstat -gcutil}: how many young and full collections and the
   * seconds they took, and how full the old generation is (a heap too small for the catalog shows
   * as full collections that keep coming with the old generation near 100%).
   */
  String collections() throws Exception {
    Process jstat =
        new ProcessBuilder(jdkTool("jstat"), "-gcutil", Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(jstat.getInputStream().readAllBytes()).lines().toList();
    jstat.waitFor();
    if (lines.size() < 2) {
      return "no GC figures: " + lines;
    }
    List<String> names = List.of(lines.get(0).trim().split("\\s+"));
    List<String> values = List.of(lines.get(1).trim().split("\\s+"));
    if (names.size() != values.size()
        || !names.containsAll(List.of("O", "YGC", "YGCT", "FGC", "FGCT", "GCT"))) {
      return "no GC figures: " + lines;
    }
    java.util.function.Function<String, String> value = name -> values.get(names.indexOf(name));
    return String.format(
        "%s young collections (%s s), %s full (%s s), %s s in all; old generation %s%% used",
        value.apply("YGC"),
        value.apply("YGCT"),
        value.apply("FGC"),
        value.apply("FGCT"),
        value.apply("GCT"),
        value.apply("O"));
  }

  /** SIGKILL, as the kernel's OOM killer or a lost node ends it: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private long procStatus(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no " + field + " for " + process.pid());
  }

  /** The bytes of live objects, from a class histogram (which runs a full GC first). */
  private long liveHeapBytes() throws Exception {
    String jcmd = jdkTool("jcmd");
    Process histogram =
        new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(histogram.getInputStream().readAllBytes()).lines().toList();
    histogram.waitFor();
    // What holds the heap, beside the log: the 60 largest classes and the total.
    List<String> kept = new ArrayList<>(lines.subList(0, Math.min(63, lines.size())));
    lines.stream().filter(l -> l.startsWith("Total")).forEach(kept::add);
    Files.write(log.resolveSibling(log.getFileName() + ".histogram.txt"), kept);
    // And what the JVM holds beside the heap, when it was started with
    // -XX:NativeMemoryTracking=summary (for example through PORTOLAN_SCALE_JVM_EXTRA).
    Process nmt =
        new ProcessBuilder(jcmd, Long.toString(process.pid()), "VM.native_memory")
            .redirectErrorStream(true)
            .start();
    byte[] beside = nmt.getInputStream().readAllBytes();
    nmt.waitFor();
    Files.write(log.resolveSibling(log.getFileName() + ".native-memory.txt"), beside);
    for (String line : lines) {
      if (line.startsWith("Total")) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[2]);
      }
    }
    throw new IllegalStateException("jcmd gave no histogram: " + lines);
  }

  /** A tool of the JDK the operator runs on (jcmd, jstat), beside its java. */
  private String jdkTool(String name) {
    return Path.of(process.info().command().orElse("java")).resolveSibling(name).toString();
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
