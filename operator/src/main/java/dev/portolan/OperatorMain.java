package dev.portolan;

import dev.portolan.action.JobSignature;
import dev.portolan.cli.GradeCommand;
import dev.portolan.controller.GuardrailWebhookManager;
import dev.portolan.web.PortalServer;
import dev.portolan.web.auth.KubernetesAccess;
import dev.portolan.web.http.AllowedHosts;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production jar's entry point: reads the flags ({@link Options}), checks what start-up needs
 * (a kubeconfig or service account, the files the flags name, free ports) and exits at once naming
 * every problem, then builds a {@link PortolanOperator} over the cluster, starts it, serves the
 * portal and the webhook, and closes it all on shutdown. The embedded demo is the demo module's
 * {@code PortolanDemo}.
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

  private OperatorMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && "grade".equals(args[0])) {
      System.exit(GradeCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("portolan: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(Options.USAGE);
      return;
    }
    if (options.embedded()) {
      System.err.println(NO_EMBEDDED_MODE);
      System.exit(2);
      return;
    }
    String host = options.host() != null ? options.host() : "0.0.0.0";
    StartupChecks checks =
        new StartupChecks()
            .kubeconfig(System.getenv())
            .actionKeyFile(options.actionKeyFile())
            .webhookCertificates(options.webhookCertificates())
            .port(host, options.port(), "--port (PORTOLAN_PORT)");
    if (options.webhookCertificates() != null) {
      checks.port(host, options.webhookPort(), "--webhook-port (PORTOLAN_WEBHOOK_PORT)");
    }
    checks.exitUnless("portolan");
    if (!clusterConfigured()) {
      System.err.println(NO_CLUSTER);
      System.exit(2);
      return;
    }
    try {
      run(options, host);
    } catch (Exception | Error e) {
      // Informers and the operator's threads would keep a half-started JVM alive with no HTTP
      // server.
      StartupChecks.exit("portolan", e);
    }
  }

  /** Short: an API server waits this long for a guardrail before its failure policy applies. */
  private static final int GUARDRAIL_TIMEOUT_SECONDS = 3;

  private static void run(Options options, String host) throws Exception {
    // Strings read once per distinct value: the caches hold many copies of the same short texts.
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withKubernetesSerialization(dev.portolan.kit.SharedStrings.serialization())
            .build();
    LeaderLease leaderElection =
        options.leaderElection()
            ? new LeaderLease(
                options.leaseName(),
                options.leaseNamespace(),
                options.leaseIdentity(),
                Clock.systemUTC())
            : null;
    JobSignature signature =
        options.actionKeyFile() != null
            ? JobSignature.fromFile(options.actionKeyFile())
            : JobSignature.ephemeral();
    if (options.actionKeyFile() == null) {
      LOG.warn(
          "No action signing key (--action-key-file): Jobs started before a restart will not be followed after it");
    }
    PortolanOperator portolan =
        new PortolanOperator(
            client,
            Clock.systemUTC(),
            leaderElection,
            options.leaseNamespace(),
            options.actionsEnabled(),
            signature,
            options.waiverMaxDuration());
    if (options.guardrailsWebhook() != null) {
      portolan.manageGuardrailWebhooks(
          new GuardrailWebhookManager.Settings(
              options.guardrailsWebhook(),
              options.webhookUrl(),
              options.webhookService(),
              options.leaseNamespace(),
              options.webhookCertificates().resolve("ca.crt"),
              GUARDRAIL_TIMEOUT_SECONDS));
    }
    portolan.start();
    PortalServer server =
        portolan.serve(
            host,
            options.port(),
            new KubernetesAccess(client, Clock.systemUTC(), Duration.ofSeconds(30)),
            options.allowedHosts().isEmpty()
                ? AllowedHosts.any()
                : AllowedHosts.only(options.allowedHosts()));
    if (options.webhookCertificates() != null) {
      portolan.serveWebhook(host, options.webhookPort(), options.webhookCertificates());
    }
    Runtime.getRuntime().addShutdownHook(shutdownHook(portolan, options.shutdownDrain()));
    LOG.info(
        banner(
            "  Mode: cluster "
                + client.getMasterUrl()
                + " (API requests need a Kubernetes bearer token)\n",
            host,
            server.port()));
  }

  /**
   * Closes the operator when the JVM is asked to stop; whatever hangs, the process ends before the
   * kubelet's grace period runs out and it is killed.
   */
  private static Thread shutdownHook(PortolanOperator portolan, Duration drain) {
    return new Thread(
        () -> {
          LOG.info("Shutting down");
          Thread watchdog =
              new Thread(
                  () -> {
                    try {
                      Thread.sleep(drain.plus(SHUTDOWN_TIMEOUT).toMillis());
                      LOG.error(
                          "Shutdown took over {} s; halting",
                          drain.plus(SHUTDOWN_TIMEOUT).toSeconds());
                      Runtime.getRuntime().halt(1);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "portolan-shutdown-watchdog");
          watchdog.setDaemon(true);
          watchdog.start();
          portolan.close(drain);
          LOG.info("Stopped");
        },
        "portolan-shutdown");
  }

  static final String NO_CLUSTER =
      "portolan: no Kubernetes cluster is configured. Set KUBECONFIG to a kubeconfig"
          + " file (or create ~/.kube/config), or run inside a cluster; to try Portolan without a cluster, run the"
          + " embedded demo instead: java -jar demo/target/portolan-demo.jar";
  static final String NO_EMBEDDED_MODE =
      "portolan: --embedded (PORTOLAN_EMBEDDED) is not a mode of the operator"
          + " jar; the embedded demo is its own jar: java -jar demo/target/portolan-demo.jar";

  /** The start-up banner: the mode's lines, then where the portal answers. */
  public static String banner(String mode, String host, int port) {
    String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port;
    return "\n  Portolan is running.\n"
        + mode
        + "  Open: "
        + base
        + "/ (the web UI)\n"
        + "  Try:  curl "
        + base
        + "/api/v1/entities\n"
        + "        curl "
        + base
        + "/healthz\n";
  }

  /** Whether a kubeconfig or an in-cluster service account is available. */
  static boolean clusterConfigured() {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig != null) {
      for (String file : kubeconfig.split(java.io.File.pathSeparator)) {
        if (!file.isBlank() && Files.isRegularFile(Path.of(file))) {
          return true;
        }
      }
    }
    if (Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"))) {
      return true;
    }
    return System.getenv("KUBERNETES_SERVICE_HOST") != null
        && Files.isRegularFile(Path.of(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH));
  }
}
