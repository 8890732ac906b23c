package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two operator processes, started from the production jar as a user would, with leader election on
 * and the chart's ServiceAccount and RBAC (so a verb missing from the chart's lease Role fails
 * here): the leader keeps renewing its lease, the follower is ready but waits, and SIGTERM to the
 * leader ends it in seconds and hands the lease over at once instead of after the lease runs out.
 */
@ExtendWith(RealCluster.class)
class LeaderElectionIT {
  private static final String RELEASE = "portolan-le";
  private static final Path JAR =
      ControlPlane.ROOT.resolve("operator/target/portolan-operator.jar");
  private static final Path WORK = ControlPlane.ROOT.resolve("e2e/target/leader-election");

  private static ControlPlane plane;
  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static Path kubeconfig;
  private static final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void install(ControlPlane controlPlane) throws Exception {
    plane = controlPlane;
    kubectl = plane.kubectlRunner();
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
            .build();
    var release =
        new Helm(ChartTest.CHART)
            .install()
            .withName(RELEASE)
            .withNamespace(RELEASE)
            .createNamespace()
            .withKubeConfig(plane.kubeconfig())
            .set("defaultBlueprints.enabled", "false")
            .set("webhook.enabled", "false")
            .set("replicaCount", "0") // the processes below stand in for its Pods
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    String token =
        require(kubectl.run("create", "token", RELEASE, "-n", RELEASE, "--duration=1h"))
            .out()
            .strip();
    Files.createDirectories(WORK);
    kubeconfig = WORK.resolve("kubeconfig");
    Config adminConfig = admin.getConfiguration();
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: e2e, cluster: {server: "%s", certificate-authority-data: "%s"}}]
        users: [{name: operator, user: {token: "%s"}}]
        contexts: [{name: operator, context: {cluster: e2e, user: operator, namespace: %s}}]
        current-context: operator
        """
            .formatted(adminConfig.getMasterUrl(), caData(adminConfig), token, RELEASE));
  }

  private static String caData(Config config) throws IOException {
    if (config.getCaCertData() != null) {
      return config.getCaCertData();
    }
    return java.util.Base64.getEncoder()
        .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
  }

  @AfterAll
  static void uninstall() {
    started.forEach(Process::destroyForcibly);
    try {
      Helm.uninstall(RELEASE).withNamespace(RELEASE).withKubeConfig(plane.kubeconfig()).call();
    } catch (RuntimeException e) {
      System.out.println("[e2e] helm uninstall: " + e.getMessage());
    }
    kubectl.run("delete", "namespace", RELEASE, "--wait=false");
    if (admin != null) {
      admin.close();
    }
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }

  private record Replica(Process process, int port, Path log) {}

  private static Replica start(String identity) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = WORK.resolve(identity + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m",
                    "-jar",
                    JAR.toString(),
                    "--leader-election",
                    "--lease-namespace",
                    RELEASE,
                    "--lease-name",
                    RELEASE,
                    "--lease-identity",
                    identity,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    String.valueOf(port),
                    "--no-actions",
                    "--shutdown-drain",
                    "1"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().remove("POD_NAME");
    Replica replica = new Replica(builder.start(), port, log);
    started.add(replica.process());
    return replica;
  }

  private static Lease lease() {
    return admin.leases().inNamespace(RELEASE).withName(RELEASE).get();
  }

  private static String holder() {
    Lease lease = lease();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static int readyz(Replica replica) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/readyz"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String log(Replica replica) {
    try {
      return Files.readString(replica.log());
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void theLeaderRenewsUnderTheChartsRbacAndSigtermHandsTheLeaseOverAtOnce() throws Exception {
    Replica a = start("replica-a");
    await().atMost(Duration.ofSeconds(90)).until(() -> "replica-a".equals(holder()));
    Replica b = start("replica-b");
    await().atMost(Duration.ofSeconds(90)).until(() -> readyz(b) == 200);
    assertThat(readyz(a)).as("the leader is ready").isEqualTo(200);

    // Past the lease's 15 s: the leader has renewed it (the chart's Role allows what the client
    // calls) and lives.
    ZonedDateTime renewed = lease().getSpec().getRenewTime();
    Thread.sleep(Duration.ofSeconds(20).toMillis());
    assertThat(a.process().isAlive()).as("the leader is still running:%n%s", log(a)).isTrue();
    assertThat(holder()).isEqualTo("replica-a");
    assertThat(lease().getSpec().getRenewTime()).isAfter(renewed);
    assertThat(log(b)).doesNotContain("Lost lease");

    long stop = System.nanoTime();
    a.process().destroy(); // SIGTERM, as the kubelet sends it
    assertThat(a.process().waitFor(20, TimeUnit.SECONDS))
        .as("the leader exits on SIGTERM:%n%s", log(a))
        .isTrue();
    double exitSeconds = (System.nanoTime() - stop) / 1e9;
    await().atMost(Duration.ofSeconds(8)).until(() -> "replica-b".equals(holder()));
    double handOverSeconds = (System.nanoTime() - stop) / 1e9;
    System.out.printf(
        "[e2e] leader exited %.1f s after SIGTERM; follower held the lease %.1f s after it%n",
        exitSeconds, handOverSeconds);
    assertThat(log(a))
        .contains("Handed over lease " + RELEASE + "/" + RELEASE)
        .doesNotContain("halting");
    // Within the follower's retry period after the hand-over, well inside the 15 s the lease would
    // have run.
    assertThat(handOverSeconds).isLessThan(12);

    b.process().destroy();
    assertThat(b.process().waitFor(20, TimeUnit.SECONDS))
        .as("the new leader exits on SIGTERM:%n%s", log(b))
        .isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> holder() == null);
  }
}
