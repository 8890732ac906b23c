package dev.portolan.e2e;

import com.marcnuri.helm.Helm;
import dev.portolan.PortolanOperator;
import dev.portolan.action.JobSignature;
import dev.portolan.web.admission.AdmissionWebhookServer;
import dev.portolan.web.auth.KubernetesAccess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The chart installed on the control plane and the operator running as the chart's Deployment runs
 * it, but in the test JVM: under the chart's ServiceAccount (a token of it, so RBAC is the
 * chart's), with the webhook certificate and the Job signing key of the chart's Secrets, serving
 * the admission webhook on the loopback URL the chart registered.
 */
final class InstalledPortolan implements AutoCloseable {
  static final String RELEASE_NAMESPACE = "portolan-system";

  private final ControlPlane plane;
  private final KubernetesClient asOperator;
  private final PortolanOperator operator;

  private InstalledPortolan(
      ControlPlane plane, KubernetesClient asOperator, PortolanOperator operator) {
    this.plane = plane;
    this.asOperator = asOperator;
    this.operator = operator;
  }

  /** Installs the chart (no default blueprints) and starts the operator; waits until ready. */
  static InstalledPortolan install(ControlPlane plane, KubernetesClient admin, Duration wait)
      throws Exception {
    Kubectl kubectl = plane.kubectlRunner();
    int webhookPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      webhookPort = socket.getLocalPort();
    }
    var release =
        new Helm(ChartTest.CHART)
            .install()
            .withName("portolan")
            .withNamespace(RELEASE_NAMESPACE)
            .createNamespace()
            .withKubeConfig(plane.kubeconfig())
            .set("defaultBlueprints.enabled", "false")
            .set("webhook.url", "https://127.0.0.1:" + webhookPort + AdmissionWebhookServer.PATH)
            .set("webhook.certificate.ipAddresses[0]", "127.0.0.1")
            .call();
    if (!"deployed".equals(release.getStatus())) {
      throw new IllegalStateException("helm install: " + release.getStatus());
    }
    Path certificates = Files.createTempDirectory("portolan-webhook");
    for (String file : List.of("tls.crt", "tls.key")) {
      String data =
          secretData(kubectl, "portolan-webhook-tls", "{.data." + file.replace(".", "\\.") + "}");
      Files.write(certificates.resolve(file), Base64.getDecoder().decode(data));
    }
    Files.write(
        certificates.resolve("action-key"),
        Base64.getDecoder().decode(secretData(kubectl, "portolan-action-key", "{.data.key}")));
    Kubectl.Result token =
        kubectl.run("create", "token", "portolan", "-n", RELEASE_NAMESPACE, "--duration=2h");
    if (!token.ok()) {
      throw new IllegalStateException("kubectl create token: " + token);
    }
    Config adminConfig = admin.getConfiguration();
    KubernetesClient asOperator =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(adminConfig.getMasterUrl())
                    .withCaCertData(adminConfig.getCaCertData())
                    .withCaCertFile(adminConfig.getCaCertFile())
                    .withOauthToken(token.out().strip())
                    .build())
            .build();
    PortolanOperator operator =
        new PortolanOperator(
                asOperator,
                Clock.systemUTC(),
                null,
                "default",
                true,
                JobSignature.fromFile(certificates.resolve("action-key")))
            .start();
    InstalledPortolan installed = new InstalledPortolan(plane, asOperator, operator);
    try {
      operator.serveWebhook("127.0.0.1", webhookPort, certificates);
      operator.serve(
          "127.0.0.1",
          0,
          new KubernetesAccess(asOperator, Clock.systemUTC(), Duration.ofSeconds(30)));
      awaitTrue(operator::isReady, wait, "the operator to be ready");
    } catch (Exception | AssertionError e) {
      installed.close();
      throw e;
    }
    return installed;
  }

  PortolanOperator operator() {
    return operator;
  }

  /** Stops the operator and uninstalls the chart (its failures are printed, not thrown). */
  @Override
  public void close() {
    operator.close();
    asOperator.close();
    try {
      Helm.uninstall("portolan")
          .withNamespace(RELEASE_NAMESPACE)
          .withKubeConfig(plane.kubeconfig())
          .call();
    } catch (RuntimeException e) {
      System.out.println("[e2e] helm uninstall: " + e.getMessage());
    }
  }

  private static String secretData(Kubectl kubectl, String secret, String path) {
    Kubectl.Result result =
        kubectl.run("get", "secret", secret, "-n", RELEASE_NAMESPACE, "-o", "jsonpath=" + path);
    if (!result.ok()) {
      throw new IllegalStateException("reading the chart's Secret " + secret + ": " + result);
    }
    return result.out().strip();
  }

  private static void awaitTrue(BooleanSupplier condition, Duration wait, String what) {
    org.awaitility.Awaitility.await(what).atMost(wait).until(condition::getAsBoolean);
  }
}
