package dev.portolan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command-line flags of the operator (and of the embedded demo, which reads the same {@code
 * --host}, {@code --port} and {@code --examples}), each with an environment variable of the same
 * meaning.
 */
public record Options(
    boolean help,
    boolean embedded,
    String host,
    int port,
    Path examples,
    boolean leaderElection,
    String leaseNamespace,
    String leaseName,
    String leaseIdentity,
    java.time.Duration shutdownDrain,
    Path webhookCertificates,
    int webhookPort,
    boolean actionsEnabled,
    Path actionKeyFile,
    java.util.List<String> allowedHosts,
    String guardrailsWebhook,
    String webhookService,
    String webhookUrl,
    String waiverMaxDuration) {

  public static final String USAGE =
      """
      Usage: java -jar portolan-operator.jar [flags]
             java -jar portolan-operator.jar grade -f PATH ... (grade manifests; grade --help says more)

      Portolan: a Kubernetes-native developer portal. Runs the catalog operator and serves the
      portal API against the cluster of $KUBECONFIG or ~/.kube/config, or the one it runs in; with
      neither it exits naming the fix. To try Portolan without a cluster, run the embedded demo:
      java -jar demo/target/portolan-demo.jar (an in-memory Kubernetes API with the examples applied).

      Flags (environment variable in brackets):
        --host HOST             address the HTTP API binds to [PORTOLAN_HOST] (default 0.0.0.0)
        --port PORT             HTTP port of the portal API, health and metrics [PORTOLAN_PORT] (default 8080)
        --examples DIR          the demo jar's only: the examples it applies [PORTOLAN_EXAMPLES]
        --embedded              the demo jar's only: refused here, naming the demo jar [PORTOLAN_EMBEDDED=true]
        --leader-election       reconcile only while holding a Lease, for several replicas [PORTOLAN_LEADER_ELECTION=true]
        --lease-namespace NS    namespace of the Lease [POD_NAMESPACE] (default default)
        --lease-name NAME       name of the Lease [PORTOLAN_LEASE_NAME] (default portolan-operator)
        --lease-identity ID     who holds the Lease: unique per replica, stable across restarts [POD_NAME]
                                (default $HOSTNAME, else this machine's host name)
        --shutdown-drain SECS   on SIGTERM, keep serving the API and webhook this long after handing over the
                                Lease, while the Service stops routing here [PORTOLAN_SHUTDOWN_DRAIN_SECONDS] (default 5)
        --webhook-cert-dir DIR  serve the Actions admission webhook over HTTPS with DIR/tls.crt and DIR/tls.key,
                                reloaded when they change [PORTOLAN_WEBHOOK_CERT_DIR] (off when unset)
        --webhook-port PORT     HTTPS port of the admission webhook [PORTOLAN_WEBHOOK_PORT] (default 8443)
        --guardrails-webhook NAME  keep the ValidatingWebhookConfiguration NAME with one webhook per scorecard
                                that sets spec.enforcement (while leading; needs --webhook-cert-dir, whose
                                ca.crt becomes its caBundle) [PORTOLAN_GUARDRAILS_WEBHOOK] (off when unset)
        --webhook-service NAME  the Service in the --lease-namespace through which the API server calls the
                                webhook (port 443) [PORTOLAN_WEBHOOK_SERVICE] (default portolan)
        --webhook-url URL       call the guardrails at URL instead (https://host:port, for an operator outside
                                the cluster) [PORTOLAN_WEBHOOK_URL]
        --action-key-file FILE  the key (32+ bytes) that signs the Jobs actions start, kept across restarts so a
                                restarted operator follows the Jobs it started [PORTOLAN_ACTION_KEY_FILE]
        --no-actions            refuse every Action (ActionsDisabled): for clusters without the admission
                                webhook, where nobody records who asks [PORTOLAN_ACTIONS_ENABLED=false]
        --waiver-max-duration D how far ahead a Waiver's spec.expiresAt may be at creation: 90d, 36h, P90D
                                [PORTOLAN_WAIVER_MAX_DURATION] (default 90d)
        --allowed-host NAME     answer only requests whose Host header names NAME (repeatable); requests for other
                                names get 421 [PORTOLAN_ALLOWED_HOSTS, comma-separated] (default: any name;
                                the demo always answers 127.0.0.1, localhost and [::1])
        --help                  print this text

      Endpoints: GET /healthz, /readyz, /metrics, and the portal API under /api/v1 (blueprints,
      entities, graph, scorecards, actiondefinitions, actions, waivers; POST namespaces/{ns}/actions), described
      by /api/v1/openapi.json.
      """;

  public static Options parse(String[] args, Map<String, String> env) {
    boolean help = false;
    boolean embedded = "true".equalsIgnoreCase(env.get("PORTOLAN_EMBEDDED"));
    String host = env.get("PORTOLAN_HOST");
    int port = parsePort(env.getOrDefault("PORTOLAN_PORT", "8080"), "PORTOLAN_PORT");
    String examples = env.get("PORTOLAN_EXAMPLES");
    boolean leaderElection = "true".equalsIgnoreCase(env.get("PORTOLAN_LEADER_ELECTION"));
    String leaseNamespace = env.getOrDefault("POD_NAMESPACE", "default");
    String leaseName = env.getOrDefault("PORTOLAN_LEASE_NAME", "portolan-operator");
    String leaseIdentity = firstSet(env.get("POD_NAME"), env.get("HOSTNAME"));
    String drain = env.getOrDefault("PORTOLAN_SHUTDOWN_DRAIN_SECONDS", "5");
    String webhookCertificates = env.get("PORTOLAN_WEBHOOK_CERT_DIR");
    int webhookPort =
        parsePort(env.getOrDefault("PORTOLAN_WEBHOOK_PORT", "8443"), "PORTOLAN_WEBHOOK_PORT");
    boolean actionsEnabled = !"false".equalsIgnoreCase(env.get("PORTOLAN_ACTIONS_ENABLED"));
    String actionKeyFile = env.get("PORTOLAN_ACTION_KEY_FILE");
    String guardrailsWebhook = env.get("PORTOLAN_GUARDRAILS_WEBHOOK");
    String webhookService = env.getOrDefault("PORTOLAN_WEBHOOK_SERVICE", "portolan");
    String webhookUrl = env.get("PORTOLAN_WEBHOOK_URL");
    String waiverMaxDuration = env.getOrDefault("PORTOLAN_WAIVER_MAX_DURATION", "90d");
    java.util.List<String> allowedHosts = new java.util.ArrayList<>();
    for (String name : env.getOrDefault("PORTOLAN_ALLOWED_HOSTS", "").split(",")) {
      if (!name.isBlank()) {
        allowedHosts.add(name.strip());
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--embedded" -> embedded = true;
        case "--leader-election" -> leaderElection = true;
        case "--host" -> host = value(args, ++i, arg);
        case "--port" -> port = parsePort(value(args, ++i, arg), arg);
        case "--examples" -> examples = value(args, ++i, arg);
        case "--lease-namespace" -> leaseNamespace = value(args, ++i, arg);
        case "--lease-name" -> leaseName = value(args, ++i, arg);
        case "--lease-identity" -> leaseIdentity = value(args, ++i, arg);
        case "--shutdown-drain" -> drain = value(args, ++i, arg);
        case "--webhook-cert-dir" -> webhookCertificates = value(args, ++i, arg);
        case "--webhook-port" -> webhookPort = parsePort(value(args, ++i, arg), arg);
        case "--no-actions" -> actionsEnabled = false;
        case "--action-key-file" -> actionKeyFile = value(args, ++i, arg);
        case "--allowed-host" -> allowedHosts.add(value(args, ++i, arg).strip());
        case "--guardrails-webhook" -> guardrailsWebhook = value(args, ++i, arg);
        case "--webhook-service" -> webhookService = value(args, ++i, arg);
        case "--webhook-url" -> webhookUrl = value(args, ++i, arg);
        case "--waiver-max-duration" -> waiverMaxDuration = value(args, ++i, arg);
        default -> throw new IllegalArgumentException("unknown flag " + arg + "; see --help");
      }
    }
    if (blankToNull(guardrailsWebhook) != null
        && (webhookCertificates == null || webhookCertificates.isBlank())) {
      throw new IllegalArgumentException(
          "--guardrails-webhook (PORTOLAN_GUARDRAILS_WEBHOOK) needs --webhook-cert-dir: the API"
              + " server calls the guardrails on the webhook's HTTPS port, and its ca.crt becomes"
              + " the caBundle");
    }
    try {
      dev.portolan.waiver.WaiverAdmission.parseDuration(waiverMaxDuration);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--waiver-max-duration (PORTOLAN_WAIVER_MAX_DURATION): " + e.getMessage());
    }
    Path examplesPath =
        examples != null
            ? Path.of(examples)
            : Files.isDirectory(Path.of("examples")) ? Path.of("examples") : null;
    return new Options(
        help,
        embedded,
        host,
        port,
        examplesPath,
        leaderElection,
        leaseNamespace,
        leaseName,
        leaseIdentity != null ? leaseIdentity : localHostName(),
        java.time.Duration.ofSeconds(parseSeconds(drain, "--shutdown-drain")),
        webhookCertificates == null || webhookCertificates.isBlank()
            ? null
            : Path.of(webhookCertificates),
        webhookPort,
        actionsEnabled,
        actionKeyFile == null || actionKeyFile.isBlank() ? null : Path.of(actionKeyFile),
        java.util.List.copyOf(allowedHosts),
        blankToNull(guardrailsWebhook),
        webhookService,
        blankToNull(webhookUrl),
        waiverMaxDuration.strip());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value; see --help");
    }
    return args[i];
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "portolan-" + ProcessHandle.current().pid();
    }
  }

  private static long parseSeconds(String text, String name) {
    return parseWhole(text, name, 300, "a whole number of seconds");
  }

  private static int parsePort(String text, String name) {
    return (int) parseWhole(text, name, 65535, "a port number");
  }

  /** A whole number from 0 to {@code max}, or a refusal naming the flag and what it takes. */
  private static long parseWhole(String text, String name, long max, String what) {
    try {
      long value = Long.parseLong(text);
      if (value < 0 || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be " + what + " from 0 to " + max + ", got '" + text + "'");
    }
  }
}
