package dev.portolan.discovery;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogListener;
import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.catalog.EntityRef;
import dev.portolan.kit.KeyedWorkQueue;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the discovered entities equal to what the blueprints' discovery rules make of the cluster,
 * by coordinating four pieces: {@link DiscoveryInformers} (one informer per watched kind, started
 * and stopped as the rules change), a {@link KeyedWorkQueue} of source objects (a few writers in
 * parallel, never two on the same object, failed writes retried with a doubling delay), the pure
 * {@link DiscoveryPlanner} and the {@link DiscoveredEntityWriter}.
 *
 * <p>When a kind has been listed (at start, after a lost watch, or when a rule appears), a full
 * resync also removes the discovered entities whose source is gone; a kind that could not be listed
 * removes nothing. A discovered entity edited or deleted by hand while its source lives is put back
 * from the source (drift repair).
 */
public final class DiscoveryController implements CatalogListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryController.class);
  static final SourceKind NAMESPACE = new SourceKind("v1", "Namespace");
  private static final Duration WRITE_RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_WRITE_RETRY = Duration.ofSeconds(60);
  private static final int WRITERS = 4;

  private final CatalogIndex index;
  private final DiscoveryRuleCompiler compiler;
  private final DiscoveryPlanner planner;
  private final DiscoveredEntityWriter writer;
  private final DiscoveryReports reports;
  private final DiscoveredWorkloads workloads = new DiscoveredWorkloads();
  private final List<Consumer<EntityRef>> sourceListeners = new CopyOnWriteArrayList<>();

  /** The discovery thread: rule changes, informer starts and stops, and full resyncs. */
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "discovery");
            thread.setDaemon(true);
            return thread;
          });

  private final DiscoveryInformers informers;
  private final KeyedWorkQueue<SourceKey> queue =
      new KeyedWorkQueue<>(
          "Discovery",
          "discovery-writer",
          WRITERS,
          this::sync,
          e -> e instanceof KubernetesClientException,
          WRITE_RETRY,
          MAX_WRITE_RETRY);

  private final DiscoveryPlanner.Lookups lookups;
  private volatile DiscoveryRuleSet rules = DiscoveryRuleSet.NONE;
  private volatile boolean running;

  public DiscoveryController(
      KubernetesClient client,
      CatalogIndex index,
      DiscoveryRuleCompiler compiler,
      DiscoveryMapper mapper,
      DiscoveryReports reports) {
    this.index = index;
    this.compiler = compiler;
    this.planner = new DiscoveryPlanner(mapper);
    this.writer = new DiscoveredEntityWriter(client);
    this.reports = reports;
    this.informers =
        new DiscoveryInformers(
            client,
            reports,
            thread,
            new DiscoveryInformers.Listener() {
              @Override
              public void changed(SourceKey key) {
                queue.add(key);
              }

              @Override
              public void synced(SourceKind kind) {
                resync(kind);
              }
            });
    this.lookups =
        new DiscoveryPlanner.Lookups(
            this::namespaceLabels, this::workloads, index::entity, informers::keyOf);
  }

  /** Starts watching; call once this replica may write (it holds the lease, or there is none). */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    queue.start();
    index.addListener(this);
    thread.execute(this::rulesChanged);
  }

  /** Hears the entities whose source object changed, so that rules reading the source re-run. */
  public void addSourceListener(Consumer<EntityRef> listener) {
    sourceListeners.add(listener);
  }

  /** The source object of a discovered entity, from the informer caches. */
  public Optional<GenericKubernetesResource> sourceOf(Entity entity) {
    return informers.keyOf(DiscoveredEntities.sourceUid(entity)).flatMap(informers::object);
  }

  @Override
  public void blueprintChanged(Blueprint oldBlueprint, Blueprint newBlueprint) {
    Blueprint changed = newBlueprint != null ? newBlueprint : oldBlueprint;
    boolean discoveryChanged =
        oldBlueprint == null
            || newBlueprint == null
            || !Objects.equals(discovery(oldBlueprint), discovery(newBlueprint))
            || !Objects.equals(
                oldBlueprint.getMetadata().getGeneration(),
                newBlueprint.getMetadata().getGeneration());
    if (running
        && discoveryChanged
        && (DiscoveryRuleSet.hasRules(oldBlueprint) || DiscoveryRuleSet.hasRules(newBlueprint))) {
      LOG.info("Discovery rules of blueprint {} changed", changed.getMetadata().getName());
      thread.execute(this::rulesChanged);
    }
  }

  private static Object discovery(Blueprint b) {
    return b.getSpec() == null
        ? null
        : Serialization.jsonMapper().valueToTree(b.getSpec().discovery);
  }

  /**
   * Recompiles every blueprint's rules, then starts and stops informers to match. Discovery thread.
   */
  private void rulesChanged() {
    DiscoveryRuleSet compiled = DiscoveryRuleSet.compile(index.blueprints(), compiler);
    compiled
        .results()
        .forEach(
            (name, result) ->
                reports.rules(
                    name, result.rules().size(), compiled.kindsOf(name), result.problems()));
    rules.results().keySet().stream()
        .filter(b -> !compiled.results().containsKey(b))
        .forEach(reports::forget);
    rules = compiled;
    informers.watch(compiled.byKind(), compiled.watchedKinds());
    informers.watched().forEach(this::resync);
    writer.delete(DiscoveryPlanner.ofRemovedRules(index.entities(), compiled.declared()));
  }

  /** Maps every object of a listed kind again, and removes entities whose source is gone. */
  private void resync(SourceKind kind) {
    if (!informers.synced(kind)) {
      return; // a kind that has not been listed removes nothing
    }
    Set<String> uids = new HashSet<>();
    for (GenericKubernetesResource object : informers.objects(kind)) {
      uids.add(object.getMetadata().getUid());
      enqueue(DiscoveryInformers.keyOf(kind, object), object.getMetadata().getUid());
    }
    Set<String> ruleIds = new HashSet<>();
    rules.rules(kind).forEach(r -> ruleIds.add(r.id()));
    writer.delete(DiscoveryPlanner.orphans(index.entities(), ruleIds, uids));
  }

  private void enqueue(SourceKey key, String uid) {
    informers.remember(key, uid);
    queue.add(key);
  }

  /** Makes the entities of one object match what its rules make of it now. A writer thread. */
  private void sync(SourceKey key) {
    GenericKubernetesResource object = informers.object(key).orElse(null);
    List<CompiledDiscoveryRule> rules = this.rules.rules(key.kind());
    if (object != null
        && !workloadKindsSynced()
        && rules.stream().anyMatch(CompiledDiscoveryRule::usesWorkloads)) {
      // Mapped now, the object would see too few workloads, and be written twice.
      queue.addLater(key, Duration.ofMillis(200));
      return;
    }
    String uid = object != null ? object.getMetadata().getUid() : informers.uidOf(key);
    List<Entity> existing = uid == null ? List.of() : index.discoveredFrom(uid);
    DiscoveryPlan plan = planner.plan(key, object, rules, existing, lookups);
    // Each blueprint's problems with the object; none clears an earlier report.
    plan.problemsByBlueprint()
        .forEach(
            (blueprint, problems) -> reports.objectProblems(blueprint, key.toString(), problems));
    // Recorded before the writes, so that readers of the workloads mapped meanwhile see them.
    boolean workloadsChanged =
        DiscoveredWorkloads.isWorkload(key.kind())
            && (object != null
                ? workloads.planned(object, plan.entities())
                : uid != null && workloads.gone(uid));
    try {
      if (writer.write(plan, key)) {
        // Made a moment ago and not yet in the index: look again once it is.
        queue.addLater(key, Duration.ofMillis(100));
      }
      if (object == null) {
        informers.forget(key, uid);
      } else {
        plan.desired().forEach(ref -> sourceListeners.forEach(l -> l.accept(ref)));
      }
    } finally {
      if (workloadsChanged) {
        remapWorkloadReaders(key.namespace());
      }
    }
  }

  /**
   * The entities a workload object not planned yet would have. Its rules see no workloads here, so
   * that two workload rules reading {@code workloads} never plan each other in a circle.
   */
  private List<EntityRef> entitiesOf(GenericKubernetesResource object) {
    SourceKind kind = new SourceKind(object.getApiVersion(), object.getKind());
    return planner
        .plan(
            DiscoveryInformers.keyOf(kind, object),
            object,
            rules.rules(kind),
            index.discoveredFrom(object.getMetadata().getUid()),
            lookups.withoutWorkloads())
        .entities();
  }

  private Map<String, String> namespaceLabels(String namespace) {
    return informers
        .object(new SourceKey(NAMESPACE, null, namespace))
        .map(n -> n.getMetadata().getLabels())
        .orElse(Map.of());
  }

  private List<Object> workloads(String namespace) {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    informers.watched().stream()
        .filter(DiscoveredWorkloads::isWorkload)
        .forEach(kind -> objects.addAll(informers.objects(kind)));
    return workloads.of(namespace, objects, this::entitiesOf);
  }

  /** Whether every workload kind that rules watch (and the server serves) has been listed. */
  private boolean workloadKindsSynced() {
    return rules.byKind().keySet().stream()
        .filter(kind -> DiscoveredWorkloads.isWorkload(kind) && !informers.unavailable(kind))
        .allMatch(informers::synced);
  }

  /** Re-maps, in one namespace, the objects of the rules that read the discovered workloads. */
  private void remapWorkloadReaders(String namespace) {
    if (namespace == null) {
      return;
    }
    rules
        .byKind()
        .forEach(
            (kind, ofKind) -> {
              if (ofKind.stream().anyMatch(CompiledDiscoveryRule::usesWorkloads)) {
                for (GenericKubernetesResource object : informers.objects(kind)) {
                  if (namespace.equals(object.getMetadata().getNamespace())) {
                    enqueue(DiscoveryInformers.keyOf(kind, object), object.getMetadata().getUid());
                  }
                }
              }
            });
  }

  /**
   * A discovered entity deleted or edited (outside its status) while its source is still there has
   * drifted: its source is mapped again, which puts it back. Discovery's own writes come back here
   * too and find the entity up to date, so they write nothing. The workloads that Services read
   * come from discovery's plans, not from the catalog, so nothing else needs mapping meanwhile.
   */
  @Override
  public void entityChanged(Entity oldEntity, Entity newEntity) {
    Entity changed = newEntity != null ? newEntity : oldEntity;
    if (!running
        || !(DiscoveredEntities.isDiscovered(changed)
            || oldEntity != null && DiscoveredEntities.isDiscovered(oldEntity))) {
      return;
    }
    Optional<SourceKey> liveSource = liveSource(oldEntity != null ? oldEntity : newEntity);
    if (liveSource.isPresent()
        && (newEntity == null || oldEntity != null && editedOutsideStatus(oldEntity, newEntity))) {
      queue.add(liveSource.get());
    }
  }

  /** The queue key of a discovered entity's source, while an informer still holds that object. */
  private Optional<SourceKey> liveSource(Entity entity) {
    return informers
        .keyOf(DiscoveredEntities.sourceUid(entity))
        .filter(key -> informers.object(key).isPresent());
  }

  /**
   * Whether anything but the status changed: the spec (its generation), labels, annotations or
   * owners.
   */
  private static boolean editedOutsideStatus(Entity before, Entity after) {
    ObjectMeta was = before.getMetadata();
    ObjectMeta now = after.getMetadata();
    return !Objects.equals(was.getGeneration(), now.getGeneration())
        || !Objects.equals(was.getLabels(), now.getLabels())
        || !Objects.equals(was.getAnnotations(), now.getAnnotations())
        || !Objects.equals(was.getOwnerReferences(), now.getOwnerReferences());
  }

  @Override
  public synchronized void close() {
    running = false;
    thread.shutdownNow();
    try {
      // A rule change under way could otherwise start an informer after the others are closed.
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    queue.close();
    informers.close();
  }
}
