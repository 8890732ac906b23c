package dev.portolan;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What must hold before the operator or the demo starts anything: each check names the flag or
 * environment variable at fault and the fix, and {@link #exitUnless} prints every problem at once
 * and ends the process, instead of a process that starts half-way and hangs with no HTTP server.
 */
public final class StartupChecks {
  private final List<String> problems = new ArrayList<>();

  /** The problems found so far. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** A folder of examples named by a flag must exist (no silent fall-back to the copy in the jar). */
  public StartupChecks examples(Path examples) {
    if (examples != null && !Files.isDirectory(examples)) {
      problems.add("--examples " + examples + " (PORTOLAN_EXAMPLES): no such folder; name a folder of YAML files, or"
          + " leave the flag out to apply ./examples or the examples in the jar");
    }
    return this;
  }

  /** The action signing key must be a readable file. */
  public StartupChecks actionKeyFile(Path file) {
    if (file != null) {
      readable(file, "--action-key-file " + file + " (PORTOLAN_ACTION_KEY_FILE)",
          "mount the chart's Secret <release>-action-key there, or leave the flag out for a per-process key");
    }
    return this;
  }

  /** The webhook's folder must hold a readable tls.crt and tls.key. */
  public StartupChecks webhookCertificates(Path folder) {
    if (folder != null) {
      if (!Files.isDirectory(folder)) {
        problems.add("--webhook-cert-dir " + folder + " (PORTOLAN_WEBHOOK_CERT_DIR): no such folder; mount the chart's"
            + " webhook certificate Secret there, or leave the flag out to serve no webhook");
      } else {
        for (String name : List.of("tls.crt", "tls.key")) {
          readable(folder.resolve(name), "--webhook-cert-dir " + folder + " (PORTOLAN_WEBHOOK_CERT_DIR): " + name,
              "the folder must hold tls.crt and tls.key, as a kubernetes.io/tls Secret mounted there does");
        }
      }
    }
    return this;
  }

  /** The port must be free on the address to bind (0 picks a free one). */
  public StartupChecks port(String host, int port, String flag) {
    if (port == 0) {
      return this;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      problems.add(flag + " " + port + ": cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); stop"
          + " what uses the port, or choose another with " + flag);
    }
    return this;
  }

  /**
   * A {@code KUBECONFIG} that is set must name a file that exists: a typo would otherwise look
   * like "no cluster configured".
   */
  public StartupChecks kubeconfig(Map<String, String> env) {
    String kubeconfig = env.get("KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      return this;
    }
    List<String> missing = new ArrayList<>();
    boolean found = false;
    for (String file : kubeconfig.split(File.pathSeparator)) {
      if (file.isBlank()) {
        continue;
      }
      if (Files.isRegularFile(Path.of(file))) {
        found = true;
        readable(Path.of(file), "KUBECONFIG names " + file, "make it readable by this user");
      } else {
        missing.add(file);
      }
    }
    if (!found) {
      problems.add("KUBECONFIG names " + String.join(", ", missing) + ", and no such file exists; fix the path, or"
          + " unset KUBECONFIG to use ~/.kube/config (to try Portolan without a cluster, run the demo jar)");
    }
    return this;
  }

  private void readable(Path file, String what, String fix) {
    if (!Files.isRegularFile(file)) {
      problems.add(what + ": no such file; " + fix);
    } else if (!Files.isReadable(file)) {
      problems.add(what + ": the file cannot be read by this user; " + fix);
    }
  }

  /** Prints every problem and ends the process with status 2; returns when there is none. */
  public void exitUnless(String program) {
    if (problems.isEmpty()) {
      return;
    }
    for (String problem : problems) {
      System.err.println(program + ": " + problem);
    }
    System.exit(2);
  }

  /** Ends the process when start-up failed after the checks (status 1), naming the cause; the JVM never lingers. */
  public static void exit(String program, Throwable failure) {
    System.err.println(program + ": start-up failed: " + describe(failure));
    failure.printStackTrace(System.err);
    System.exit(1);
  }

  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
    for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return text.toString();
  }
}
