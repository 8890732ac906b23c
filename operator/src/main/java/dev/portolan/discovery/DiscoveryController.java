package dev.portolan.discovery;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogListener;
import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.catalog.EntityRef;
import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the discovered entities equal to what the blueprints' discovery rules make of the cluster.
 *
 * <p>One informer per watched kind, shared by every rule on that kind, started and stopped as
 * blueprints come and go. Informer events put the object's key on a queue; a worker maps the object
 * through its rules and creates, updates or deletes entities to match (a few writers work in
 * parallel, never two on the same object). When a kind has synced (at start, after a lost watch, or
 * when a rule appears), a full resync also removes the discovered entities whose source is gone. A
 * kind that could not be listed removes nothing.
 */
public final class DiscoveryController implements CatalogListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryController.class);
  static final SourceKind NAMESPACE = new SourceKind("v1", "Namespace");
  private static final Set<String> WORKLOAD_KINDS =
      Set.of("Deployment", "StatefulSet", "DaemonSet");
  private static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(60);
  private static final Duration WRITE_RETRY = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final CatalogIndex index;
  private final DiscoveryRuleCompiler compiler;
  private final DiscoveryMapper mapper;
  private final DiscoveryReports reports;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "discovery");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<SourceKind, SharedIndexInformer<GenericKubernetesResource>> informers =
      new ConcurrentHashMap<>();
  private final Set<SourceKind> unavailable = ConcurrentHashMap.newKeySet();
  private final Map<Key, String> knownUids = new ConcurrentHashMap<>();
  private final Map<String, Key> keysByUid = new ConcurrentHashMap<>();
  private final List<Consumer<EntityRef>> sourceListeners = new CopyOnWriteArrayList<>();
  private static final int WRITERS = 4;
  private final java.util.concurrent.ExecutorService writers =
      Executors.newFixedThreadPool(
          WRITERS,
          r -> {
            Thread thread = new Thread(r, "discovery-writer");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Keys waiting, and keys being synced (guarded by {@code pending}); one key is never synced twice
   * at once.
   */
  private final LinkedHashSet<Key> pending = new LinkedHashSet<>();

  private final Set<Key> syncing = new HashSet<>();
  private volatile Map<SourceKind, List<CompiledDiscoveryRule>> rulesByKind = Map.of();
  private volatile Set<String> declaredRules = Set.of();
  private volatile boolean running;

  /** A queued object: its kind and its namespace and name. */
  record Key(SourceKind kind, String namespace, String name) {
    String cacheKey() {
      return namespace == null ? name : namespace + "/" + name;
    }

    @Override
    public String toString() {
      return kind.kind() + " " + cacheKey();
    }
  }

  public DiscoveryController(
      KubernetesClient client,
      CatalogIndex index,
      DiscoveryRuleCompiler compiler,
      DiscoveryMapper mapper,
      DiscoveryReports reports) {
    this.client = client;
    this.index = index;
    this.compiler = compiler;
    this.mapper = mapper;
    this.reports = reports;
  }

  /** Starts watching; call once this replica may write (it holds the lease, or there is none). */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    index.addListener(this);
    worker.execute(this::rulesChanged);
  }

  /** Hears the entities whose source object changed, so that rules reading the source re-run. */
  public void addSourceListener(Consumer<EntityRef> listener) {
    sourceListeners.add(listener);
  }

  /** The source object of a discovered entity, from the informer caches. */
  public Optional<GenericKubernetesResource> sourceOf(Entity entity) {
    String uid = DiscoveredEntities.sourceUid(entity);
    Key key = uid == null ? null : keysByUid.get(uid);
    if (key == null) {
      return Optional.empty();
    }
    var informer = informers.get(key.kind());
    return informer == null
        ? Optional.empty()
        : Optional.ofNullable(informer.getStore().getByKey(key.cacheKey()));
  }

  @Override
  public void blueprintChanged(Blueprint oldBlueprint, Blueprint newBlueprint) {
    Blueprint changed = newBlueprint != null ? newBlueprint : oldBlueprint;
    boolean discoveryChanged =
        oldBlueprint == null
            || newBlueprint == null
            || !Objects.equals(discovery(oldBlueprint), discovery(newBlueprint))
            || !Objects.equals(generation(oldBlueprint), generation(newBlueprint));
    if (running && discoveryChanged && (hasRules(oldBlueprint) || hasRules(newBlueprint))) {
      LOG.info("Discovery rules of blueprint {} changed", changed.getMetadata().getName());
      worker.execute(this::rulesChanged);
    }
  }

  private static Object discovery(Blueprint b) {
    return b.getSpec() == null
        ? null
        : io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
            .valueToTree(b.getSpec().discovery);
  }

  private static Long generation(Blueprint b) {
    return b.getMetadata().getGeneration();
  }

  private static boolean hasRules(Blueprint b) {
    return b != null
        && b.getSpec() != null
        && b.getSpec().discovery != null
        && !b.getSpec().discovery.isEmpty();
  }

  /**
   * Recompiles every blueprint's rules, then starts and stops informers to match. Worker thread.
   */
  private void rulesChanged() {
    Map<SourceKind, List<CompiledDiscoveryRule>> byKind = new LinkedHashMap<>();
    Set<String> declared = new HashSet<>();
    Set<String> withRules = new HashSet<>();
    for (Blueprint blueprint : index.blueprints()) {
      if (!hasRules(blueprint)) {
        continue;
      }
      String name = blueprint.getMetadata().getName();
      withRules.add(name);
      for (int i = 0; i < blueprint.getSpec().discovery.size(); i++) {
        declared.add(CompiledDiscoveryRule.id(name, i));
      }
      DiscoveryRuleCompiler.Result result = compiler.compile(blueprint);
      result
          .rules()
          .forEach(rule -> byKind.computeIfAbsent(rule.source(), k -> new ArrayList<>()).add(rule));
      reports.rules(
          name,
          result.rules().size(),
          result.rules().stream().map(r -> r.source().kind()).distinct().toList(),
          result.problems());
    }
    rulesByKind.keySet().stream()
        .flatMap(k -> rulesByKind.get(k).stream())
        .map(CompiledDiscoveryRule::blueprint)
        .filter(b -> !withRules.contains(b))
        .distinct()
        .forEach(reports::forget);
    rulesByKind = byKind;
    declaredRules = declared;

    Set<SourceKind> wanted = new HashSet<>(byKind.keySet());
    if (byKind.values().stream()
        .flatMap(List::stream)
        .anyMatch(r -> r.namespaceSelector() != null)) {
      wanted.add(NAMESPACE);
    }
    for (SourceKind kind : new ArrayList<>(informers.keySet())) {
      if (!wanted.contains(kind)) {
        LOG.info("Discovery stops watching {}", kind);
        informers.remove(kind).close();
      }
    }
    unavailable.removeIf(kind -> !wanted.contains(kind));
    for (SourceKind kind : wanted) {
      if (!informers.containsKey(kind)) {
        watch(kind);
      }
    }
    reportUnavailableKinds();
    informers.keySet().forEach(this::resync);
    removeEntitiesOfRemovedRules();
  }

  private void watch(SourceKind kind) {
    List<CompiledDiscoveryRule> rules = rulesByKind.getOrDefault(kind, List.of());
    try {
      var resources =
          client.genericKubernetesResources(kind.apiVersion(), kind.kind()).inAnyNamespace();
      // With a single rule on the kind, its selector narrows what the API server sends.
      var selected =
          rules.size() == 1 && !LabelSelectors.isEmpty(rules.get(0).selector())
              ? resources.withLabelSelector(rules.get(0).selector())
              : resources;
      SharedIndexInformer<GenericKubernetesResource> informer =
          selected.withLimit(500L).runnableInformer(0);
      informer.addEventHandler(new Handler(kind));
      informer
          .start()
          .whenComplete(
              (ok, error) -> {
                if (error == null) {
                  worker.execute(() -> resync(kind));
                }
              });
      informers.put(kind, informer);
      unavailable.remove(kind);
      LOG.info(
          "Discovery watches {}{}",
          kind,
          selected == resources
              ? ""
              : " with label selector " + rules.get(0).selector().getMatchLabels());
    } catch (KubernetesClientException e) {
      // Most often the API server does not serve the kind (a CRD not installed, a typo).
      LOG.warn(
          "Discovery cannot watch {}: {}; trying again in {} s",
          kind,
          e.getMessage(),
          UNAVAILABLE_RETRY.toSeconds());
      if (unavailable.add(kind)) {
        worker.schedule(
            () -> retryUnavailable(kind), UNAVAILABLE_RETRY.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  private void retryUnavailable(SourceKind kind) {
    if (running
        && unavailable.remove(kind)
        && rulesByKind.containsKey(kind)
        && !informers.containsKey(kind)) {
      watch(kind);
      reportUnavailableKinds();
      if (informers.containsKey(kind)) {
        resync(kind);
      }
    }
  }

  private void reportUnavailableKinds() {
    Map<String, List<Problem>> byBlueprint = new HashMap<>();
    rulesByKind.values().stream()
        .flatMap(List::stream)
        .forEach(rule -> byBlueprint.computeIfAbsent(rule.blueprint(), b -> new ArrayList<>()));
    for (SourceKind kind : unavailable) {
      for (CompiledDiscoveryRule rule : rulesByKind.getOrDefault(kind, List.of())) {
        byBlueprint
            .get(rule.blueprint())
            .add(
                Problem.at(
                    "KindNotServed",
                    "spec.discovery[" + rule.index() + "].resource",
                    "the API server does not serve "
                        + kind
                        + " (is its CRD installed, and may the operator"
                        + " list it?); checked again every "
                        + UNAVAILABLE_RETRY.toSeconds()
                        + " s"));
      }
    }
    byBlueprint.forEach(reports::kindProblems);
  }

  /** Maps every object of a synced kind again, and removes entities whose source is gone. */
  private void resync(SourceKind kind) {
    SharedIndexInformer<GenericKubernetesResource> informer = informers.get(kind);
    if (informer == null || !informer.hasSynced()) {
      return; // a kind that has not been listed removes nothing
    }
    Set<String> uids = new HashSet<>();
    for (GenericKubernetesResource object : informer.getStore().list()) {
      uids.add(object.getMetadata().getUid());
      enqueue(keyOf(kind, object), object.getMetadata().getUid());
    }
    Set<String> ruleIds = new HashSet<>();
    rulesByKind.getOrDefault(kind, List.of()).forEach(r -> ruleIds.add(r.id()));
    for (Entity entity : index.entities()) {
      String rule = DiscoveredEntities.annotation(entity, DiscoveredEntities.RULE_ANNOTATION);
      String uid = DiscoveredEntities.sourceUid(entity);
      if (uid != null && ruleIds.contains(rule) && !uids.contains(uid)) {
        delete(
            entity,
            "its source "
                + DiscoveredEntities.annotation(entity, DiscoveredEntities.SOURCE_ANNOTATION)
                + " is gone");
      }
    }
  }

  private void removeEntitiesOfRemovedRules() {
    for (Entity entity : index.entities()) {
      if (DiscoveredEntities.isDiscovered(entity)
          && !declaredRules.contains(
              DiscoveredEntities.annotation(entity, DiscoveredEntities.RULE_ANNOTATION))) {
        delete(entity, "the discovery rule that made it is gone");
      }
    }
  }

  private Key keyOf(SourceKind kind, GenericKubernetesResource object) {
    return new Key(kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  private void enqueue(Key key, String uid) {
    if (uid != null) {
      knownUids.put(key, uid);
      keysByUid.put(uid, key);
    }
    synchronized (pending) {
      pending.add(key);
    }
    if (running) {
      writers.execute(this::syncNext);
    }
  }

  /** Syncs the oldest waiting key that no other writer is syncing, if there is one. */
  private void syncNext() {
    Key key = null;
    synchronized (pending) {
      for (Key candidate : pending) {
        if (!syncing.contains(candidate)) {
          key = candidate;
          break;
        }
      }
      if (key == null || !running) {
        return;
      }
      pending.remove(key);
      syncing.add(key);
    }
    try {
      sync(key);
    } catch (KubernetesClientException e) {
      Key retry = key;
      LOG.warn(
          "Discovery could not sync {} ({}); trying again in {} s",
          key,
          e.getMessage(),
          WRITE_RETRY.toSeconds());
      worker.schedule(() -> enqueue(retry, null), WRITE_RETRY.toSeconds(), TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      LOG.error("Discovery failed on {}", key, e);
    } finally {
      boolean more;
      synchronized (pending) {
        syncing.remove(key);
        more = pending.contains(key);
      }
      if (more && running) {
        writers.execute(this::syncNext); // it changed while it was being synced
      }
    }
  }

  /** Makes the entities of one object match what its rules make of it now. */
  void sync(Key key) {
    SharedIndexInformer<GenericKubernetesResource> informer = informers.get(key.kind());
    GenericKubernetesResource object =
        informer == null ? null : informer.getStore().getByKey(key.cacheKey());
    String uid = object != null ? object.getMetadata().getUid() : knownUids.get(key);
    Map<EntityRef, Entity> desired = new LinkedHashMap<>();
    if (object != null
        && !workloadKindsSynced()
        && rulesByKind.getOrDefault(key.kind(), List.of()).stream()
            .anyMatch(CompiledDiscoveryRule::usesWorkloads)) {
      // Mapped now, the object would see too few workloads, and be written twice.
      worker.schedule(() -> enqueue(key, null), 200, TimeUnit.MILLISECONDS);
      return;
    }
    if (object != null) {
      for (CompiledDiscoveryRule rule : rulesByKind.getOrDefault(key.kind(), List.of())) {
        DiscoveryMapper.Mapping mapping =
            mapper.map(rule, object, this::namespaceLabels, () -> workloads(key.namespace()));
        List<Problem> problems = new ArrayList<>(mapping.problems());
        if (mapping.entity() != null) {
          ObjectMeta meta = mapping.entity().getMetadata();
          EntityRef ref = new EntityRef(meta.getNamespace(), meta.getName());
          Entity other = desired.putIfAbsent(ref, mapping.entity());
          if (other != null) {
            problems.add(
                Problem.at(
                    DiscoveryRuleCompiler.REASON,
                    "spec.discovery[" + rule.index() + "].name",
                    "gives "
                        + ref.key()
                        + " for "
                        + key
                        + ", like rule "
                        + DiscoveredEntities.annotation(other, DiscoveredEntities.RULE_ANNOTATION)
                        + "; make the names of different rules differ"));
          }
        }
        reports.objectProblems(rule.blueprint(), key.toString(), problems);
      }
    } else {
      knownUids.remove(key);
    }
    List<Entity> existing = uid == null ? List.of() : index.discoveredFrom(uid);
    boolean entitiesComeOrGo = false;
    for (Entity entity : existing) {
      EntityRef ref =
          new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName());
      if (!desired.containsKey(ref)) {
        delete(
            entity,
            object == null
                ? "its source " + key + " is gone"
                : "its source " + key + " no longer matches");
        entitiesComeOrGo = true;
      }
    }
    for (Map.Entry<EntityRef, Entity> entry : desired.entrySet()) {
      entitiesComeOrGo |= write(entry.getKey(), entry.getValue(), key);
    }
    if (object == null && uid != null) {
      keysByUid.remove(uid);
    }
    if (object != null) {
      desired.keySet().forEach(ref -> sourceListeners.forEach(l -> l.accept(ref)));
    }
    if (WORKLOAD_KINDS.contains(key.kind().kind()) && !entitiesComeOrGo) {
      // An entity made or removed here reaches the index later; entityChanged remaps the readers
      // then, so they
      // never see the namespace's workloads without it.
      remapWorkloadReaders(key.namespace());
    }
  }

  /** Writes one desired entity; true when it was created (it reaches the index only later). */
  private boolean write(EntityRef ref, Entity desired, Key source) {
    Entity current = index.entity(ref).orElse(null);
    if (current == null) {
      try {
        client.resource(desired).create();
        LOG.info("Discovered {} from {}", ref, source);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Made a moment ago and not yet in the index: look again once it is.
        worker.schedule(() -> enqueue(source, null), 100, TimeUnit.MILLISECONDS);
      }
      return false;
    }
    String blueprint = desired.getSpec().blueprint;
    String rule = DiscoveredEntities.annotation(desired, DiscoveredEntities.RULE_ANNOTATION);
    if (!DiscoveredEntities.isDiscovered(current)) {
      reports.objectProblems(
          blueprint,
          source.toString(),
          List.of(
              Problem.at(
                  "EntityExists",
                  "spec.discovery",
                  source
                      + " maps to entity "
                      + ref.key()
                      + ", which exists and was not made by discovery;"
                      + " discovery leaves it alone: rename or delete it, or exclude the object (annotation "
                      + DiscoveryMapper.EXCLUDE_ANNOTATION
                      + ": \"true\")")));
      return false;
    }
    String currentUid =
        DiscoveredEntities.annotation(current, DiscoveredEntities.SOURCE_UID_ANNOTATION);
    String desiredUid =
        DiscoveredEntities.annotation(desired, DiscoveredEntities.SOURCE_UID_ANNOTATION);
    if (!Objects.equals(currentUid, desiredUid) && keysByUid.containsKey(currentUid)) {
      reports.objectProblems(
          blueprint,
          source.toString(),
          List.of(
              Problem.at(
                  DiscoveryRuleCompiler.REASON,
                  "spec.discovery",
                  source
                      + " and "
                      + keysByUid.get(currentUid)
                      + " both map to entity "
                      + ref.key()
                      + " (rule "
                      + rule
                      + "); make the name expression tell them apart")));
      return false;
    }
    if (DiscoveredEntities.upToDate(current, desired)) {
      return false;
    }
    Entity updated = new Entity();
    ObjectMeta meta =
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(current.getMetadata()).build();
    meta.getLabels().putAll(desired.getMetadata().getLabels());
    if (meta.getAnnotations() == null) {
      meta.setAnnotations(new HashMap<>());
    }
    meta.getAnnotations().putAll(desired.getMetadata().getAnnotations());
    meta.setOwnerReferences(desired.getMetadata().getOwnerReferences());
    updated.setMetadata(meta);
    updated.setSpec(desired.getSpec());
    updated.setStatus(current.getStatus());
    client.resource(updated).update();
    LOG.info("Updated discovered {} from {}", ref, source);
    return false;
  }

  private void delete(Entity entity, String why) {
    if (!DiscoveredEntities.isDiscovered(entity)) {
      return; // never an entity discovery did not make
    }
    try {
      client.resource(entity).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      LOG.info(
          "Removed discovered {}/{}: {}",
          entity.getMetadata().getNamespace(),
          entity.getMetadata().getName(),
          why);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** Whether every workload kind that rules watch (and the server serves) has been listed. */
  private boolean workloadKindsSynced() {
    return rulesByKind.keySet().stream()
        .filter(kind -> WORKLOAD_KINDS.contains(kind.kind()) && !unavailable.contains(kind))
        .allMatch(kind -> informers.containsKey(kind) && informers.get(kind).hasSynced());
  }

  private Map<String, String> namespaceLabels(String namespace) {
    var informer = informers.get(NAMESPACE);
    GenericKubernetesResource found =
        informer == null ? null : informer.getStore().getByKey(namespace);
    return found == null || found.getMetadata().getLabels() == null
        ? Map.of()
        : found.getMetadata().getLabels();
  }

  /** The discovered workloads of a namespace, each with its entity name, kind and Pod labels. */
  private List<Object> workloads(String namespace) {
    List<Object> workloads = new ArrayList<>();
    if (namespace == null) {
      return workloads;
    }
    for (Map.Entry<SourceKind, SharedIndexInformer<GenericKubernetesResource>> entry :
        informers.entrySet()) {
      if (!WORKLOAD_KINDS.contains(entry.getKey().kind())) {
        continue;
      }
      for (GenericKubernetesResource object : entry.getValue().getStore().list()) {
        if (!namespace.equals(object.getMetadata().getNamespace())) {
          continue;
        }
        for (Entity entity : index.discoveredFrom(object.getMetadata().getUid())) {
          Map<String, Object> workload = new LinkedHashMap<>();
          workload.put("entity", entity.getMetadata().getName());
          workload.put("kind", object.getKind());
          workload.put("name", object.getMetadata().getName());
          workload.put("podLabels", podLabels(object));
          workloads.add(workload);
        }
      }
    }
    return workloads;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> podLabels(GenericKubernetesResource object) {
    Object spec = object.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?> s
        && s.get("template") instanceof Map<?, ?> t
        && t.get("metadata") instanceof Map<?, ?> m
        && m.get("labels") instanceof Map<?, ?> labels) {
      return new LinkedHashMap<>((Map<String, Object>) labels);
    }
    return Map.of();
  }

  /** Re-maps, in one namespace, the objects of the rules that read the discovered workloads. */
  private void remapWorkloadReaders(String namespace) {
    if (namespace == null) {
      return;
    }
    rulesByKind.forEach(
        (kind, rules) -> {
          if (rules.stream().anyMatch(CompiledDiscoveryRule::usesWorkloads)
              && informers.containsKey(kind)) {
            for (GenericKubernetesResource object : informers.get(kind).getStore().list()) {
              if (namespace.equals(object.getMetadata().getNamespace())) {
                enqueue(keyOf(kind, object), object.getMetadata().getUid());
              }
            }
          }
        });
  }

  @Override
  public void entityChanged(Entity oldEntity, Entity newEntity) {
    Entity changed = newEntity != null ? newEntity : oldEntity;
    if (!running
        || !(DiscoveredEntities.isDiscovered(changed)
            || oldEntity != null && DiscoveredEntities.isDiscovered(oldEntity))) {
      return;
    }
    Optional<Key> liveSource = liveSource(oldEntity != null ? oldEntity : newEntity);
    if (liveSource.isPresent()
        && (newEntity == null || oldEntity != null && editedOutsideStatus(oldEntity, newEntity))) {
      // Deleted or edited while its source is still there: drift, which the source's mapping
      // repairs. Our own
      // writes come back here too and find the entity up to date, so they write nothing.
      enqueue(liveSource.get(), null);
      if (newEntity == null) {
        return; // it is about to come back: the services selecting it need not lose it meanwhile
      }
    }
    // A discovered workload entity that appears or goes changes what services select.
    if (oldEntity == null || newEntity == null) {
      String source = DiscoveredEntities.annotation(changed, DiscoveredEntities.SOURCE_ANNOTATION);
      if (source != null && WORKLOAD_KINDS.stream().anyMatch(k -> source.contains("/" + k + "/"))) {
        worker.execute(() -> remapWorkloadReaders(changed.getMetadata().getNamespace()));
      }
    }
  }

  /** The queue key of a discovered entity's source, while an informer still holds that object. */
  private Optional<Key> liveSource(Entity entity) {
    String uid = DiscoveredEntities.sourceUid(entity);
    Key key = uid == null ? null : keysByUid.get(uid);
    SharedIndexInformer<GenericKubernetesResource> informer =
        key == null ? null : informers.get(key.kind());
    return informer != null && informer.getStore().getByKey(key.cacheKey()) != null
        ? Optional.of(key)
        : Optional.empty();
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
    worker.shutdownNow();
    writers.shutdownNow();
    informers.values().forEach(SharedIndexInformer::close);
    informers.clear();
  }

  /** Puts each changed object on the queue, remembering its uid for when it is gone. */
  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    private final SourceKind kind;

    Handler(SourceKind kind) {
      this.kind = kind;
    }

    @Override
    public void onAdd(GenericKubernetesResource object) {
      enqueue(keyOf(kind, object), object.getMetadata().getUid());
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      if (!Objects.equals(
          before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
        enqueue(keyOf(kind, after), after.getMetadata().getUid());
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
      enqueue(keyOf(kind, object), object.getMetadata().getUid());
    }
  }
}
