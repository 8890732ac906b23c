package dev.portolan.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real control plane that e2e/cluster.sh builds from source and runs on loopback, started once
 * per test JVM and stopped when the last test is done, or when the JVM exits, whichever is first.
 */
final class ControlPlane implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  static final Path ROOT =
      Path.of(System.getProperty("portolan.root", "..")).toAbsolutePath().normalize();
  private static final Path SCRIPT = ROOT.resolve("e2e/cluster.sh");
  private static final Path WORK = ROOT.resolve("e2e/target");

  private final Path stateDir = WORK.resolve("cluster");
  private final Path binDir;
  private final Thread shutdownHook = new Thread(this::stopQuietly, "control-plane-stop");
  private volatile boolean stopped;

  private ControlPlane(Path binDir) {
    this.binDir = binDir;
  }

  static ControlPlane start() {
    try {
      Files.createDirectories(WORK);
      ControlPlane unstarted = new ControlPlane(null);
      unstarted.script("stop", "cluster-stop.log", 120); // a leftover from a killed run
      long buildStart = System.nanoTime();
      unstarted.script("build", "cluster-build.log", 3600);
      System.out.printf(
          "[e2e] control plane binaries ready in %.1f s (log: %s)%n",
          (System.nanoTime() - buildStart) / 1e9, WORK.resolve("cluster-build.log"));
      long start = System.nanoTime();
      unstarted.script("start", "cluster-start.log", 600);
      System.out.printf(
          "[e2e] control plane started in %.1f s%n", (System.nanoTime() - start) / 1e9);
      String env = unstarted.script("env", "cluster-env.log", 60);
      Path bin = null;
      for (String line : env.split("\n")) {
        if (line.startsWith("export PATH=")) {
          bin = Path.of(line.substring("export PATH=".length()).split(":")[0].replace("\\", ""));
        }
      }
      if (bin == null || !Files.isExecutable(bin.resolve("kubectl"))) {
        throw new IllegalStateException("cluster.sh env named no bin folder with kubectl: " + env);
      }
      ControlPlane plane = new ControlPlane(bin);
      Runtime.getRuntime().addShutdownHook(plane.shutdownHook);
      return plane;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the control plane: " + e.getMessage(), e);
    }
  }

  Path kubeconfig() {
    return stateDir.resolve("kubeconfig");
  }

  Path kubectl() {
    return binDir.resolve("kubectl");
  }

  /** The real helm binary cluster.sh builds beside kubectl. */
  Path helm() {
    return binDir.resolve("helm");
  }

  /**
   * What the catalog costs the control plane now: etcd's database (its size on disk and the part in
   * use, from etcd's own metrics) and the peak resident size of etcd and the API server.
   */
  String footprint() {
    try {
      String port =
          Files.readAllLines(stateDir.resolve("ports.env")).stream()
              .filter(l -> l.startsWith("ETCD_PORT="))
              .map(l -> l.substring("ETCD_PORT=".length()))
              .findFirst()
              .orElseThrow();
      String metrics;
      try (var in =
          java.net.URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openStream()) {
        metrics = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return String.format(
          "etcd database %d MiB (%d MiB in use); RSS peak etcd %d MiB, kube-apiserver %d MiB",
          metric(metrics, "etcd_mvcc_db_total_size_in_bytes") >> 20,
          metric(metrics, "etcd_mvcc_db_total_size_in_use_in_bytes") >> 20,
          peakKib("etcd") >> 10,
          peakKib("kube-apiserver") >> 10);
    } catch (IOException | RuntimeException e) {
      return "not measured: " + e;
    }
  }

  private static long metric(String metrics, String name) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> (long) Double.parseDouble(l.substring(name.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("etcd reports no " + name));
  }

  private long peakKib(String component) throws IOException {
    String pid = Files.readString(stateDir.resolve("pids").resolve(component + ".pid")).trim();
    return Files.readAllLines(Path.of("/proc", pid, "status")).stream()
        .filter(l -> l.startsWith("VmHWM:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElseThrow();
  }

  /** Whether cluster.sh started the real node (kubelet, containerd) beside the kwok node. */
  boolean hasRealNode() {
    try {
      return Files.readAllLines(stateDir.resolve("ports.env")).contains("REAL_NODE=1");
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs {@code cluster.sh COMMAND ARGS...} against this cluster and returns what it printed. */
  String cluster(String command, String... args) {
    return script(command, "cluster-" + command + ".log", 300, args);
  }

  Kubectl kubectlRunner() {
    return new Kubectl(kubectl(), kubeconfig(), ROOT);
  }

  private String script(String command, String logName, long timeoutSeconds, String... args) {
    Path log = WORK.resolve(logName);
    try {
      List<String> line = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString(), command));
      line.addAll(List.of(args));
      ProcessBuilder builder =
          new ProcessBuilder(line)
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("PORTOLAN_E2E_DIR", stateDir.toString());
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        throw new IllegalStateException(
            "cluster.sh " + command + " did not finish in " + timeoutSeconds + " s; see " + log);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "cluster.sh "
                + command
                + " failed (exit "
                + process.exitValue()
                + "):\n"
                + tail(output, 40));
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run cluster.sh " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running cluster.sh " + command, e);
    }
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join(
        "\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
  }

  private void stopQuietly() {
    if (!stopped) {
      stopped = true;
      try {
        script("stop", "cluster-stop.log", 120);
      } catch (RuntimeException e) {
        System.err.println("[e2e] stopping the control plane failed: " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }
}
