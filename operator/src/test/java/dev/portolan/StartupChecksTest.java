package dev.portolan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up that fails loudly: each problem names the flag or variable and the fix, and the process
 * ends at once.
 */
class StartupChecksTest {
  @TempDir Path dir;

  @Test
  void aMissingExamplesFolderIsNamed() {
    assertThat(new StartupChecks().examples(dir.resolve("nonexistent")).problems())
        .singleElement()
        .asString()
        .startsWith(
            "--examples " + dir.resolve("nonexistent") + " (PORTOLAN_EXAMPLES): no such folder");
    assertThat(new StartupChecks().examples(dir).examples(null).problems()).isEmpty();
  }

  @Test
  void anUnreadableKeyOrCertificateIsNamed() throws IOException {
    assertThat(new StartupChecks().actionKeyFile(dir.resolve("key")).problems())
        .singleElement()
        .asString()
        .startsWith(
            "--action-key-file "
                + dir.resolve("key")
                + " (PORTOLAN_ACTION_KEY_FILE): no such file;");
    Files.writeString(dir.resolve("tls.crt"), "x");
    assertThat(new StartupChecks().webhookCertificates(dir).problems())
        .singleElement()
        .asString()
        .contains("--webhook-cert-dir")
        .contains("tls.key: no such file");
    assertThat(new StartupChecks().webhookCertificates(dir.resolve("none")).problems())
        .singleElement()
        .asString()
        .contains("no such folder");
    Path locked = Files.writeString(dir.resolve("locked"), "0123456789abcdef0123456789abcdef");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    if (!Files.isReadable(locked)) { // root reads every file
      assertThat(new StartupChecks().actionKeyFile(locked).problems())
          .singleElement()
          .asString()
          .contains("cannot be read");
    }
  }

  @Test
  void aTakenPortIsNamed() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(
              new StartupChecks()
                  .port("127.0.0.1", taken.getLocalPort(), "--port (PORTOLAN_PORT)")
                  .problems())
          .singleElement()
          .asString()
          .startsWith(
              "--port (PORTOLAN_PORT) "
                  + taken.getLocalPort()
                  + ": cannot listen on 127.0.0.1:"
                  + taken.getLocalPort());
    }
  }

  @Test
  void aKubeconfigThatNamesNoFileIsNamed() throws IOException {
    assertThat(
            new StartupChecks()
                .kubeconfig(Map.of("KUBECONFIG", "/nonexistent/kubeconfig"))
                .problems())
        .singleElement()
        .asString()
        .startsWith("KUBECONFIG names /nonexistent/kubeconfig, and no such file exists");
    Path config = Files.writeString(dir.resolve("config"), "apiVersion: v1");
    assertThat(
            new StartupChecks()
                .kubeconfig(Map.of("KUBECONFIG", "/nonexistent:" + config))
                .problems())
        .isEmpty();
    assertThat(new StartupChecks().kubeconfig(Map.of()).problems()).isEmpty();
  }

  /**
   * The operator's main, as a process: every problem at once, exit status 2, in seconds, no JVM
   * left behind.
   */
  @Test
  void theOperatorExitsAtOnceNamingEveryProblem() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  OperatorMain.class.getName(),
                  "--port",
                  String.valueOf(taken.getLocalPort()),
                  "--action-key-file",
                  dir.resolve("key").toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("KUBECONFIG", dir.resolve("missing-kubeconfig").toString());
      long start = System.nanoTime();
      Process process = builder.start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(output).isEqualTo(2);
      assertThat(output)
          .contains("portolan: KUBECONFIG names " + dir.resolve("missing-kubeconfig"))
          .contains("portolan: --action-key-file " + dir.resolve("key"))
          .contains(
              "portolan: --port (PORTOLAN_PORT) " + taken.getLocalPort() + ": cannot listen on");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
  }
}
