package dev.portolan;

import dev.portolan.api.Access;
import dev.portolan.api.KubernetesAccess;
import dev.portolan.api.PortalServer;
import dev.portolan.catalog.BlueprintCompiler;
import dev.portolan.catalog.BlueprintReconciler;
import dev.portolan.catalog.BlueprintStatusBuilder;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogListener;
import dev.portolan.catalog.Conditions;
import dev.portolan.catalog.EntityEvaluator;
import dev.portolan.catalog.EntityReconciler;
import dev.portolan.catalog.EntityStatusBuilder;
import dev.portolan.catalog.StatusWriter;
import dev.portolan.cel.CelEngine;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import dev.portolan.scorecard.ScorecardCompiler;
import dev.portolan.scorecard.ScorecardGrader;
import dev.portolan.scorecard.ScorecardMetrics;
import dev.portolan.scorecard.ScorecardReconciler;
import dev.portolan.scorecard.ScorecardStatusBuilder;
import dev.portolan.scorecard.SourceObjects;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires Portolan by hand: the Kubernetes client (or the embedded demo's in-memory API), the
 * catalog index, the reconcilers, and the HTTP server. {@link #main} is the jar's entry point.
 */
public final class PortolanOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PortolanOperator.class);
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

  private final KubernetesClient client;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CatalogIndex index;
  private final Operator operator;
  private final StatusWriter statusWriter;
  private PortalServer server;

  /** Builds the operator over a client; nothing runs until {@link #start}. */
  public PortolanOperator(KubernetesClient client, Clock clock, LeaderElectionConfiguration leaderElection) {
    this.client = client;
    this.index = CatalogIndex.start(client, SYNC_TIMEOUT);
    CelEngine cel = new CelEngine();
    BlueprintCompiler compiler = new BlueprintCompiler(cel);
    ScorecardCompiler scorecardCompiler = new ScorecardCompiler(cel);
    ScorecardMetrics scorecardMetrics = new ScorecardMetrics(metrics);
    index.addListener(new CatalogListener() {
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
    // Discovery will provide the cluster objects that discovered entities come from.
    ScorecardGrader grader = new ScorecardGrader(index, scorecardCompiler, SourceObjects.none());
    Conditions conditions = new Conditions(clock);
    statusWriter = new StatusWriter(metrics);
    operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withStopOnInformerErrorDuringStartup(false)
          .withCacheSyncTimeout(SYNC_TIMEOUT)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics));
      if (leaderElection != null) {
        o.withLeaderElectionConfiguration(leaderElection);
      }
    });
    operator.register(new BlueprintReconciler(index, compiler, new BlueprintStatusBuilder(conditions), statusWriter));
    operator.register(new EntityReconciler(index, new EntityEvaluator(index, compiler), grader,
        new EntityStatusBuilder(conditions), statusWriter));
    operator.register(new ScorecardReconciler(index, scorecardCompiler, new ScorecardStatusBuilder(conditions),
        statusWriter, scorecardMetrics));
  }

  public PortolanOperator start() {
    operator.start();
    return this;
  }

  /** Starts the HTTP server; port 0 picks a free one. */
  public PortalServer serve(String host, int port, Access access) {
    server = new PortalServer(index, metrics, this::isReady, access).start(host, port);
    return server;
  }

  /** The HTTP server, once {@link #serve} has started it. */
  public PortalServer server() {
    return server;
  }

  public boolean isReady() {
    return index.isSynced() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
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
    if (server != null) {
      server.close();
    }
    operator.stop();
    index.close();
  }

  public static void main(String[] args) throws Exception {
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
    boolean embedded = options.embedded() || !clusterConfigured();
    EmbeddedCluster cluster = null;
    KubernetesClient client;
    if (embedded) {
      cluster = EmbeddedCluster.start();
      client = cluster.client();
      int applied = cluster.apply(ExampleResources.load(client, options.examples()));
      LOG.info("Applied {} example resources from {}", applied, ExampleResources.source(options.examples()));
    } else {
      client = new KubernetesClientBuilder().build();
    }
    LeaderElectionConfiguration leaderElection = options.leaderElection()
        ? new LeaderElectionConfiguration(options.leaseName(), options.leaseNamespace()) : null;
    PortolanOperator portolan = new PortolanOperator(client, Clock.systemUTC(), leaderElection).start();
    String host = options.host() != null ? options.host() : embedded ? "127.0.0.1" : "0.0.0.0";
    Access access = embedded ? Access.disabled()
        : new KubernetesAccess(client, Clock.systemUTC(), Duration.ofSeconds(30));
    PortalServer server = portolan.serve(host, options.port(), access);
    EmbeddedCluster started = cluster;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Shutting down");
      portolan.close();
      if (started != null) {
        started.close();
      }
    }, "portolan-shutdown"));
    banner(embedded, host, server.port(), client);
  }

  private static void banner(boolean embedded, String host, int port, KubernetesClient client) {
    String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port;
    StringBuilder text = new StringBuilder("\n  Portolan is running.\n");
    if (embedded) {
      text.append("  Mode: EMBEDDED DEMO: an in-memory Kubernetes API inside this process.\n")
          .append("        Nothing is persisted. AUTHENTICATION IS OFF: the API answers anyone on ")
          .append(host).append(".\n");
    } else {
      text.append("  Mode: cluster ").append(client.getMasterUrl())
          .append(" (API requests need a Kubernetes bearer token)\n");
    }
    text.append("  Try:  curl ").append(base).append("/api/v1/entities\n")
        .append("        curl ").append(base).append("/healthz\n");
    LOG.info(text.toString());
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
