package dev.portolan.demo;

import dev.portolan.OperatorMain;
import dev.portolan.Options;
import dev.portolan.PortolanOperator;
import dev.portolan.StartupChecks;
import dev.portolan.action.JobSignature;
import dev.portolan.embedded.DemoJobRunner;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.web.PortalServer;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.CallerClients;
import dev.portolan.web.http.AllowedHosts;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded demo's entry point: an in-memory Kubernetes API inside the process with the examples
 * applied, the operator over it, a stand-in for the Job controller, and the portal on loopback with
 * authentication off. Nothing is persisted. The production jar has no such mode.
 */
public final class PortolanDemo {
  private static final Logger LOG = LoggerFactory.getLogger(PortolanDemo.class);

  private PortolanDemo() {}

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("portolan-demo: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(USAGE);
      return;
    }
    String host = options.host() != null ? options.host() : "127.0.0.1";
    new StartupChecks()
        .examples(options.examples())
        .port(host, options.port(), "--port (PORTOLAN_PORT)")
        .exitUnless("portolan-demo");
    try {
      run(options, host);
    } catch (Exception | Error e) {
      // The in-memory API server's and the operator's threads would keep a JVM alive with no
      // portal.
      StartupChecks.exit("portolan-demo", e);
    }
  }

  private static void run(Options options, String host) throws Exception {
    EmbeddedCluster cluster = EmbeddedCluster.start();
    KubernetesClient client = cluster.client();
    int applied = cluster.apply(ExampleResources.load(client, options.examples()));
    LOG.info(
        "Applied {} example resources from {}",
        applied,
        ExampleResources.source(options.examples()));
    DemoJobRunner jobRunner = new DemoJobRunner(client, Duration.ofSeconds(2));
    PortolanOperator portolan =
        new PortolanOperator(
                client,
                Clock.systemUTC(),
                null,
                options.leaseNamespace(),
                true,
                JobSignature.ephemeral())
            .start();
    // Authentication is off, so a page elsewhere must not reach the demo through a name of its own
    // that resolves to loopback (DNS rebinding): only loopback names, and those asked for, are
    // answered.
    AllowedHosts hosts = AllowedHosts.loopbackAnd(options.allowedHosts());
    PortalServer server =
        portolan.serve(
            host,
            options.port(),
            Access.disabled(),
            CallerClients.embedded(client, portolan.admission(), CallerClients.DEMO_USER),
            hosts);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Shutting down");
                  jobRunner.close();
                  portolan.close();
                  cluster.close();
                },
                "portolan-shutdown"));
    LOG.info(
        OperatorMain.banner(
            "  Mode: EMBEDDED DEMO: an in-memory Kubernetes API inside this process.\n"
                + "        Nothing is persisted. AUTHENTICATION IS OFF: the API answers anyone on "
                + host
                + ".\n"
                + "        It answers only requests for "
                + String.join(", ", hosts.names())
                + " (--allowed-host adds one).\n"
                + "        Actions are recorded as requested by user 'demo' (group developers); their Jobs do not\n"
                + "        run: each is marked complete after 2 s, with no outputs.\n",
            host,
            server.port()));
  }

  static final String USAGE =
      """
      Usage: java -jar portolan-demo.jar [--host HOST] [--port PORT] [--examples DIR] [--allowed-host NAME]

      Portolan's embedded demo: the operator and the portal over an in-memory Kubernetes API with
      the examples applied. Nothing is persisted and authentication is off, so it binds to loopback
      unless told otherwise. For a real cluster run the operator jar (portolan-operator.jar).

      Flags (environment variable in brackets):
        --host HOST      address the portal binds to [PORTOLAN_HOST] (default 127.0.0.1)
        --port PORT      HTTP port of the portal, health and metrics [PORTOLAN_PORT] (default 8080)
        --examples DIR   the examples to apply [PORTOLAN_EXAMPLES]; a folder that does not exist is an error
                         (default ./examples if present, else the copy in the jar)
        --allowed-host NAME  answer requests for NAME too, besides 127.0.0.1, localhost and [::1]; others
                         get 421 (repeatable) [PORTOLAN_ALLOWED_HOSTS, comma-separated]
        --help           print this text
      """;
}
