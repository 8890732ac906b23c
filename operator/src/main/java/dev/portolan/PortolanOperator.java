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
import dev.portolan.automation.AutomationCompiler;
import dev.portolan.automation.AutomationEngine;
import dev.portolan.automation.AutomationEvents;
import dev.portolan.automation.AutomationStatusBuilder;
import dev.portolan.automation.CronSchedules;
import dev.portolan.automation.FiringTally;
import dev.portolan.automation.ImpersonatingRunStarter;
import dev.portolan.automation.NamespaceScope;
import dev.portolan.automation.OccurrenceVariables;
import dev.portolan.automation.SecretWebhookNotifications;
import dev.portolan.automation.WebhookNotifier;
import dev.portolan.catalog.BlueprintCompiler;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityEvaluator;
import dev.portolan.catalog.EntityStatusBuilder;
import dev.portolan.cel.CelEngine;
import dev.portolan.controller.ActionDefinitionReconciler;
import dev.portolan.controller.ActionReconciler;
import dev.portolan.controller.AutomationReconciler;
import dev.portolan.controller.BlueprintReconciler;
import dev.portolan.controller.BlueprintStatusBuilder;
import dev.portolan.controller.EntityReconciler;
import dev.portolan.controller.ErrorStatus;
import dev.portolan.controller.GuardrailWebhookManager;
import dev.portolan.controller.InitiativeReconciler;
import dev.portolan.controller.ScorecardReconciler;
import dev.portolan.controller.WaiverReconciler;
import dev.portolan.discovery.DiscoveryController;
import dev.portolan.discovery.DiscoveryMapper;
import dev.portolan.discovery.DiscoveryReports;
import dev.portolan.discovery.DiscoveryRuleCompiler;
import dev.portolan.guardrail.EnforcementStatusBuilder;
import dev.portolan.guardrail.ExemptionAuthorizer;
import dev.portolan.guardrail.GuardrailAdmission;
import dev.portolan.guardrail.GuardrailEvents;
import dev.portolan.guardrail.GuardrailMetrics;
import dev.portolan.guardrail.GuardrailTally;
import dev.portolan.guardrail.NamespaceLabels;
import dev.portolan.guardrail.WorkloadGrader;
import dev.portolan.initiative.InitiativeCompiler;
import dev.portolan.initiative.InitiativeEvents;
import dev.portolan.initiative.InitiativeMetrics;
import dev.portolan.initiative.InitiativeStatusBuilder;
import dev.portolan.kit.Conditions;
import dev.portolan.kit.PrimaryCaches;
import dev.portolan.kit.ReconcileFailures;
import dev.portolan.kit.StatusWriter;
import dev.portolan.kit.TriggerEventSource;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.Automation;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.Initiative;
import dev.portolan.model.Scorecard;
import dev.portolan.model.Waiver;
import dev.portolan.scorecard.ScorecardCompiler;
import dev.portolan.scorecard.ScorecardGrader;
import dev.portolan.scorecard.ScorecardMetrics;
import dev.portolan.scorecard.ScorecardStatusBuilder;
import dev.portolan.scorecard.SourceObjects;
import dev.portolan.waiver.WaiverAdmission;
import dev.portolan.waiver.WaiverApprovers;
import dev.portolan.waiver.WaiverGrading;
import dev.portolan.waiver.WaiverStatusBuilder;
import dev.portolan.web.PortalServer;
import dev.portolan.web.admission.AdmissionWebhookServer;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.CallerClients;
import dev.portolan.web.http.AllowedHosts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The composition root: wires Portolan by hand over a Kubernetes client, the catalog index, the
 * compilers, discovery and the reconcilers registered with the Operator SDK; {@link #start} starts
 * them, and {@link #serve} and {@link #serveWebhook} start the HTTP side ({@link PortalServing}).
 * {@link OperatorMain} is the production jar's entry point; the embedded demo is the demo module's
 * {@code PortolanDemo}.
 */
public final class PortolanOperator implements AutoCloseable {
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

  /** The chart's default for {@code waivers.maxDuration}. */
  public static final String DEFAULT_WAIVER_MAX_DURATION = "90d";

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
  private final WaiverAdmission waiverAdmission;
  private final PortalServing serving;
  private final ScorecardCompiler scorecardCompiler;
  private final InitiativeCompiler initiativeCompiler;
  private final GuardrailEvents guardrailEvents;
  private volatile GuardrailWebhookManager guardrailWebhooks;
  private final ImpersonatingRunStarter automationRuns;
  private final AutomationEngine automations;

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
    this(
        client,
        clock,
        leaderElection,
        clusterScopedNamespace,
        actionsEnabled,
        jobSignature,
        DEFAULT_WAIVER_MAX_DURATION);
  }

  /**
   * @param waiverMaxDuration how far ahead a Waiver's expiry may be at creation, as the chart's
   *     {@code waivers.maxDuration} reads ({@code 90d}, {@code 36h}, {@code P90D}); waivers apply
   *     only where {@code actionsEnabled}, since the same webhook records who approves them
   */
  public PortolanOperator(
      KubernetesClient client,
      Clock clock,
      LeaderLease leaderElection,
      String clusterScopedNamespace,
      boolean actionsEnabled,
      JobSignature jobSignature,
      String waiverMaxDuration) {
    this.client = client;
    this.lease = leaderElection;
    // One cache per kind: the controllers' informers fill the index's caches of the kinds they
    // reconcile (claimed below, as each controller is registered); the index lists the others.
    this.index = CatalogIndex.create(client);
    compiler = new BlueprintCompiler(cel);
    scorecardCompiler = new ScorecardCompiler(cel);
    ScorecardMetrics scorecardMetrics = new ScorecardMetrics(metrics);
    ActionMetrics actionMetrics = new ActionMetrics(metrics, index::actionsOfDefinition);
    actionCompiler = new ActionDefinitionCompiler(cel);
    admission = new ActionAdmission(index::actionDefinition, actionCompiler, clock);
    waiverAdmission =
        new WaiverAdmission(
            WaiverApprovers.subjectAccessReviews(client),
            WaiverAdmission.parseDuration(waiverMaxDuration),
            waiverMaxDuration,
            clock);
    // Each compiled form and metric is dropped with its resource.
    index.addListener(compiler);
    index.addListener(scorecardCompiler);
    index.addListener(scorecardMetrics);
    index.addListener(new dev.portolan.catalog.CatalogMetrics(metrics, index));
    index.addListener(actionCompiler);
    index.addListener(actionMetrics);
    initiativeCompiler = new InitiativeCompiler(cel);
    index.addListener(initiativeCompiler);
    index.addListener(new InitiativeMetrics(metrics));
    // Guardrails: the webhook judges workloads with the grader over the index's definitions and
    // counts what it judged; the scorecard reconciler writes the counts.
    GuardrailTally guardrailTally = new GuardrailTally();
    GuardrailMetrics guardrailMetrics = new GuardrailMetrics(metrics);
    index.addListener(guardrailTally);
    index.addListener(guardrailMetrics);
    guardrailEvents = new GuardrailEvents(client, clock);
    GuardrailAdmission guardrails =
        new GuardrailAdmission(
            index,
            index::scorecard,
            new WorkloadGrader(cel, clusterScopedNamespace),
            ExemptionAuthorizer.subjectAccessReviews(client),
            new NamespaceLabels(client, clock, Duration.ofSeconds(30)),
            guardrailTally,
            guardrailMetrics,
            guardrailEvents,
            clock);
    Conditions conditions = new Conditions(clock);
    statusWriter =
        new StatusWriter(
            metrics,
            "Blueprint",
            "Entity",
            "Scorecard",
            "ActionDefinition",
            "Action",
            "Waiver",
            "Initiative",
            "Automation");
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
    SourceObjects sources = SourceObjects.reading(discovery::sourceOf);
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
                o.withLeaderElectionConfiguration(leaderElection.configuration(this::lead));
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
        cachedByTheIndex(Blueprint.class));
    operator.register(
        new EntityReconciler(
            index,
            new EntityEvaluator(index, compiler),
            grader,
            new EntityStatusBuilder(conditions, clock),
            statusWriter,
            sourceChanges,
            errorStatus,
            new WaiverGrading(
                name -> index.scorecard(name).map(s -> scorecardCompiler.compile(s).levels())),
            clock,
            actionsEnabled),
        cachedByTheIndex(Entity.class));
    operator.register(
        new ScorecardReconciler(
            index,
            scorecardCompiler,
            new ScorecardStatusBuilder(conditions, clock),
            new EnforcementStatusBuilder(conditions),
            guardrailTally,
            statusWriter,
            scorecardMetrics,
            errorStatus,
            clock),
        cachedByTheIndex(Scorecard.class));
    operator.register(
        new ActionDefinitionReconciler(
            index, actionCompiler, statusWriter, conditions, errorStatus),
        cachedByTheIndex(ActionDefinition.class));
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
        cachedByTheIndex(Action.class));
    operator.register(
        new WaiverReconciler(
            index,
            new WaiverStatusBuilder(conditions),
            statusWriter,
            new ActionEvents(client, clock),
            errorStatus,
            clock,
            actionsEnabled),
        cachedByTheIndex(Waiver.class));
    operator.register(
        new InitiativeReconciler(
            index,
            initiativeCompiler,
            new InitiativeStatusBuilder(conditions, clock),
            statusWriter,
            new InitiativeEvents(client, clock),
            this::blueprintDefaults,
            clock,
            errorStatus),
        cachedByTheIndex(Initiative.class));
    // Automations: the engine (leader only) hears the catalog and starts runs as each
    // automation's ServiceAccount; the reconciler is the one writer of their status.
    AutomationCompiler automationCompiler = new AutomationCompiler(cel);
    automationRuns = new ImpersonatingRunStarter(client.getConfiguration());
    automations =
        new AutomationEngine(
            index,
            automationCompiler,
            new OccurrenceVariables(this::blueprintDefaults),
            automationRuns,
            new CronSchedules(),
            new SecretWebhookNotifications(automationRuns::clientFor, new WebhookNotifier(clock)),
            new AutomationEvents(client, clock),
            new NamespaceScope(
                new NamespaceLabels(client, clock, Duration.ofSeconds(30)),
                NamespaceScope.subjectAccessReviews(client),
                clock),
            new FiringTally(),
            clock,
            16);
    index.addListener(automations);
    operator.register(
        new AutomationReconciler(
            index,
            automations,
            automationCompiler,
            new AutomationStatusBuilder(conditions),
            statusWriter,
            errorStatus),
        cachedByTheIndex(Automation.class));
    index.claimedSyncedWhen(() -> PrimaryCaches.synced(operator));
    serving =
        new PortalServing(
            index,
            cel,
            actionCompiler,
            this::blueprintDefaults,
            admission,
            guardrails,
            waiverAdmission,
            initiativeCompiler,
            metrics,
            this::isReady);
  }

  /**
   * The controller's informer fills the index's cache of its kind, listing it in pages (one list of
   * 50,000 entities with their statuses outlasts the client's request timeout).
   */
  private <P extends HasMetadata> Consumer<ControllerConfigurationOverrider<P>> cachedByTheIndex(
      Class<P> kind) {
    return o ->
        o.withItemStore(index.claim(kind)).withInformerListLimit(CatalogIndex.LIST_PAGE_SIZE);
  }

  private Map<String, JsonNode> blueprintDefaults(String blueprint) {
    return index.blueprint(blueprint).map(b -> compiler.compile(b).defaults()).orElse(Map.of());
  }

  /**
   * Keeps the guardrails' ValidatingWebhookConfiguration ({@link GuardrailWebhookManager}) while
   * this replica leads; call before {@link #start}. Without it no guardrail is enforced (the
   * scorecards' statuses still say what their enforcement would be).
   */
  public PortolanOperator manageGuardrailWebhooks(GuardrailWebhookManager.Settings settings) {
    GuardrailWebhookManager manager =
        new GuardrailWebhookManager(client, index, scorecardCompiler, settings);
    index.addListener(manager);
    guardrailWebhooks = manager;
    return this;
  }

  /** The automation engine (its tally and views, for tests and the reconciler). */
  public AutomationEngine automations() {
    return automations;
  }

  /** What only the leader runs: discovery, the automations and the guardrails' configuration. */
  private void lead() {
    discovery.start();
    automations.start();
    GuardrailWebhookManager manager = guardrailWebhooks;
    if (manager != null) {
      manager.start();
    }
  }

  public PortolanOperator start() {
    serving.prepareSearch(); // fills as the caches list
    index.start(SYNC_TIMEOUT);
    operator.start();
    if (lease == null) {
      lead();
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
    return serving.serve(host, port, access, callers, hosts);
  }

  /**
   * Starts the Actions admission webhook over HTTPS with the certificate in {@code certificates}
   * ({@code tls.crt}, {@code tls.key}); port 0 picks a free one.
   */
  public AdmissionWebhookServer serveWebhook(String host, int port, Path certificates)
      throws Exception {
    return serving.serveWebhook(host, port, certificates);
  }

  /**
   * What admission decides for Actions; the embedded demo, which has no webhook, asks it directly.
   */
  public ActionAdmission admission() {
    return admission;
  }

  /**
   * What admission decides for Waivers; the embedded demo, which has no webhook, asks it directly.
   */
  public WaiverAdmission waiverAdmission() {
    return waiverAdmission;
  }

  /** The HTTP server, once {@link #serve} has started it. */
  public PortalServer server() {
    return serving.server();
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
    automations.close();
    automationRuns.close();
    if (guardrailWebhooks != null) {
      guardrailWebhooks.close();
    }
    operator.stop();
    if (lease != null) {
      lease.release(client);
    }
    serving.close(drain);
    guardrailEvents.close();
    index.close();
  }
}
