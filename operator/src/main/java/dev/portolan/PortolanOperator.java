package dev.portolan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.action.ActionAdmission;
import dev.portolan.action.ActionChecks;
import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.action.ActionEvents;
import dev.portolan.action.ActionMetrics;
import dev.portolan.action.ActionRun;
import dev.portolan.action.ActionStatusBuilder;
import dev.portolan.action.EntityEffects;
import dev.portolan.action.JobFollower;
import dev.portolan.action.JobLauncher;
import dev.portolan.action.JobSignature;
import dev.portolan.action.RunHistoryPruner;
import dev.portolan.catalog.BlueprintCompiler;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogListener;
import dev.portolan.catalog.EntityEvaluator;
import dev.portolan.catalog.EntityStatusBuilder;
import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CelValues;
import dev.portolan.controller.ActionDefinitionReconciler;
import dev.portolan.controller.ActionReconciler;
import dev.portolan.controller.BlueprintReconciler;
import dev.portolan.controller.BlueprintStatusBuilder;
import dev.portolan.controller.EntityReconciler;
import dev.portolan.controller.ErrorStatus;
import dev.portolan.controller.ScorecardReconciler;
import dev.portolan.discovery.DiscoveryController;
import dev.portolan.discovery.DiscoveryMapper;
import dev.portolan.discovery.DiscoveryReports;
import dev.portolan.discovery.DiscoveryRuleCompiler;
import dev.portolan.kit.Conditions;
import dev.portolan.kit.PrimaryCaches;
import dev.portolan.kit.ReconcileFailures;
import dev.portolan.kit.StatusWriter;
import dev.portolan.kit.TriggerEventSource;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import dev.portolan.scorecard.ScorecardCompiler;
import dev.portolan.scorecard.ScorecardGrader;
import dev.portolan.scorecard.ScorecardMetrics;
import dev.portolan.scorecard.ScorecardStatusBuilder;
import dev.portolan.scorecard.SourceObjects;
import dev.portolan.search.EntitySearch;
import dev.portolan.web.PortalServer;
import dev.portolan.web.admission.AdmissionWebhookServer;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.CallerClients;
import dev.portolan.web.auth.KubernetesAccess;
import dev.portolan.web.http.AllowedHosts;
import dev.portolan.web.view.ActionViews;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires Portolan by hand over a Kubernetes client: the catalog index, the reconcilers, discovery,
 * and the HTTP server. {@link #main} is the production jar's entry point; it needs a cluster (the
 * embedded demo is the demo module's {@code PortolanDemo}).
 */
public final class PortolanOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PortolanOperator.class);
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CatalogIndex index;
  private final Operator operator;
  private final StatusWriter statusWriter;
  private final DiscoveryController discovery;
  private final LeaderLease lease;
  private volatile boolean stopping;
  private final CelEngine cel = new CelEngine();
  private final BlueprintCompiler compiler;
  private final ActionDefinitionCompiler actionCompiler;
  private final ActionAdmission admission;
  private PortalServer server;
  private AdmissionWebhookServer webhook;

  /** Builds the operator over a client; nothing runs until {@link #start}. */
  public PortolanOperator(KubernetesClient client, Clock clock, LeaderLease leaderElection) {
    this(client, clock, leaderElection, "default");
  }

  /**
   * @param leaderElection the Lease to hold before reconciling, or null to reconcile at once
   * @param clusterScopedNamespace where entities discovered from cluster-scoped objects (other than
   *     Namespaces) are made
   */
  public PortolanOperator(
      KubernetesClient client,
      Clock clock,
      LeaderLease leaderElection,
      String clusterScopedNamespace) {
    this(client, clock, leaderElection, clusterScopedNamespace, true, JobSignature.ephemeral());
  }

  /**
   * @param actionsEnabled false where no admission webhook records who asks and who approves: every
   *     Action is then refused, since its records could have been typed by anyone
   * @param jobSignature signs the Jobs actions start; keep its key across restarts (the chart's
   *     Secret) so that a restarted operator recognises the Jobs it started
   */
  public PortolanOperator(
      KubernetesClient client,
      Clock clock,
      LeaderLease leaderElection,
      String clusterScopedNamespace,
      boolean actionsEnabled,
      JobSignature jobSignature) {
    this.client = client;
    this.lease = leaderElection;
    // One cache per kind: the controllers' informers fill the index's caches of the kinds they
    // reconcile (claimed below, as each controller is registered); the index lists the others.
    this.index = CatalogIndex.create(client);
    compiler = new BlueprintCompiler(cel);
    ScorecardCompiler scorecardCompiler = new ScorecardCompiler(cel);
    ScorecardMetrics scorecardMetrics = new ScorecardMetrics(metrics);
    ActionMetrics actionMetrics = new ActionMetrics(metrics);
    actionCompiler = new ActionDefinitionCompiler(cel);
    admission = new ActionAdmission(index::actionDefinition, actionCompiler, clock);
    index.addListener(
        new CatalogListener() {
          @Override
          public void actionDefinitionChanged(ActionDefinition before, ActionDefinition after) {
            if (after == null) {
              actionCompiler.forget(before.getMetadata().getName());
              actionMetrics.forget(before.getMetadata().getName());
            } else if (before == null) {
              actionMetrics.known(after.getMetadata().getName());
            }
          }

          @Override
          public void blueprintChanged(Blueprint before, Blueprint after) {
            if (after == null) {
              compiler.forget(before.getMetadata().getName());
            }
          }

          @Override
          public void scorecardChanged(Scorecard before, Scorecard after) {
            if (after == null) {
              scorecardCompiler.forget(before.getMetadata().getName());
              scorecardMetrics.forget(before.getMetadata().getName());
            }
          }
        });
    Conditions conditions = new Conditions(clock);
    statusWriter =
        new StatusWriter(metrics, "Blueprint", "Entity", "Scorecard", "ActionDefinition", "Action");
    DiscoveryReports discoveryReports = new DiscoveryReports();
    discovery =
        new DiscoveryController(
            client,
            index,
            new DiscoveryRuleCompiler(cel),
            new DiscoveryMapper(clusterScopedNamespace),
            discoveryReports);
    // Scorecard rules read a discovered entity's source object from discovery's informer caches,
    // and are graded again whenever that object changes.
    SourceObjects sources =
        entity ->
            discovery
                .sourceOf(entity)
                .map(
                    object ->
                        (Map<String, Object>)
                            CelValues.fromJson(
                                Serialization.jsonMapper().<JsonNode>valueToTree(object)));
    ScorecardGrader grader = new ScorecardGrader(index, scorecardCompiler, sources);
    TriggerEventSource<Entity> sourceChanges = new TriggerEventSource<>("source-changes");
    discovery.addSourceListener(
        ref -> sourceChanges.trigger(new ResourceID(ref.name(), ref.namespace())));
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withStopOnInformerErrorDuringStartup(false)
                  .withCacheSyncTimeout(SYNC_TIMEOUT)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics));
              if (leaderElection != null) {
                // Discovery writes entities, so it runs only while this replica leads, like the
                // controllers.
                o.withLeaderElectionConfiguration(leaderElection.configuration(discovery::start));
              }
            });
    ErrorStatus errorStatus = new ErrorStatus(statusWriter, new ReconcileFailures(conditions));
    operator.register(
        new BlueprintReconciler(
            index,
            compiler,
            new BlueprintStatusBuilder(conditions),
            statusWriter,
            discoveryReports,
            errorStatus),
        o -> o.withItemStore(index.claim(Blueprint.class)));
    operator.register(
        new EntityReconciler(
            index,
            new EntityEvaluator(index, compiler),
            grader,
            new EntityStatusBuilder(conditions),
            statusWriter,
            sourceChanges,
            errorStatus),
        o -> o.withItemStore(index.claim(Entity.class)));
    operator.register(
        new ScorecardReconciler(
            index,
            scorecardCompiler,
            new ScorecardStatusBuilder(conditions),
            statusWriter,
            scorecardMetrics,
            errorStatus),
        o -> o.withItemStore(index.claim(Scorecard.class)));
    operator.register(
        new ActionDefinitionReconciler(
            index, actionCompiler, statusWriter, conditions, errorStatus),
        o -> o.withItemStore(index.claim(ActionDefinition.class)));
    JobFollower jobFollower = new JobFollower(client, jobSignature);
    operator.register(
        new ActionReconciler(
            index,
            actionCompiler,
            new ActionRun(
                new ActionChecks(index, this::blueprintDefaults),
                index,
                new ActionStatusBuilder(conditions),
                clock,
                actionsEnabled),
            new JobLauncher(client, jobSignature, jobFollower),
            jobFollower,
            new EntityEffects(client),
            new RunHistoryPruner(client),
            statusWriter,
            new ActionEvents(client, clock),
            actionMetrics,
            errorStatus),
        o -> o.withItemStore(index.claim(Action.class)));
    index.claimedSyncedWhen(() -> PrimaryCaches.synced(operator));
  }

  private Map<String, JsonNode> blueprintDefaults(String blueprint) {
    return index.blueprint(blueprint).map(b -> compiler.compile(b).defaults()).orElse(Map.of());
  }

  public PortolanOperator start() {
    index.start(SYNC_TIMEOUT);
    operator.start();
    if (lease == null) {
      discovery.start();
    }
    return this;
  }

  public DiscoveryController discovery() {
    return discovery;
  }

  /**
   * Starts the HTTP server; port 0 picks a free one. Requests made on a caller's behalf (creating
   * an Action, reading a run's log) carry the caller's token.
   */
  public PortalServer serve(String host, int port, Access access) {
    return serve(host, port, access, AllowedHosts.any());
  }

  /**
   * @param hosts the host names the server answers to
   */
  public PortalServer serve(String host, int port, Access access, AllowedHosts hosts) {
    return serve(
        host, port, access, CallerClients.withCallersToken(client.getConfiguration()), hosts);
  }

  public PortalServer serve(String host, int port, Access access, CallerClients callers) {
    return serve(host, port, access, callers, AllowedHosts.any());
  }

  /**
   * @param hosts the host names the server answers to: the demo answers only loopback names
   */
  public PortalServer serve(
      String host, int port, Access access, CallerClients callers, AllowedHosts hosts) {
    EntitySearch search = new EntitySearch(index, cel, this::blueprintDefaults);
    ActionViews actions =
        new ActionViews(
            index, actionCompiler, new ActionChecks(index, this::blueprintDefaults), callers);
    server =
        new PortalServer(index, search, actions, metrics, this::isReady, access)
            .allowHosts(hosts)
            .start(host, port);
    return server;
  }

  /**
   * Starts the Actions admission webhook over HTTPS with the certificate in {@code certificates}
   * ({@code tls.crt}, {@code tls.key}); port 0 picks a free one.
   */
  public AdmissionWebhookServer serveWebhook(String host, int port, Path certificates)
      throws Exception {
    webhook = AdmissionWebhookServer.start(host, port, certificates, admission);
    return webhook;
  }

  /**
   * What admission decides for Actions; the embedded demo, which has no webhook, asks it directly.
   */
  public ActionAdmission admission() {
    return admission;
  }

  /** The HTTP server, once {@link #serve} has started it. */
  public PortalServer server() {
    return server;
  }

  /**
   * Ready to serve: the caches are synced and healthy. A follower is ready too: it serves the API
   * and webhook.
   */
  public boolean isReady() {
    return !stopping && index.isSynced() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public CatalogIndex index() {
    return index;
  }

  public StatusWriter statusWriter() {
    return statusWriter;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }

  /**
   * Stops in the order that keeps a rollout seamless: reconciling stops first and the lease is
   * handed over, then the API and webhook go on answering for {@code drain} (readiness already says
   * no, so the Service stops sending requests here) before they close.
   */
  public void close(Duration drain) {
    stopping = true;
    if (lease != null) {
      lease.stepDown();
    }
    discovery.close();
    operator.stop();
    if (lease != null) {
      lease.release(client);
    }
    if (!drain.isZero() && (server != null || webhook != null)) {
      LOG.info("Serving for {} s more while endpoints drop this replica", drain.toSeconds());
      try {
        Thread.sleep(drain.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (server != null) {
      server.close();
    }
    if (webhook != null) {
      webhook.close();
    }
    index.close();
  }

  public static void main(String[] args) {
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

  private static void run(Options options, String host) throws Exception {
    KubernetesClient client = new KubernetesClientBuilder().build();
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
                signature)
            .start();
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
    Duration drain = options.shutdownDrain();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Shutting down");
                  // Whatever hangs, the process ends before the kubelet's grace period runs out and
                  // it is killed.
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
                "portolan-shutdown"));
    LOG.info(
        banner(
            "  Mode: cluster "
                + client.getMasterUrl()
                + " (API requests need a Kubernetes bearer token)\n",
            host,
            server.port()));
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
