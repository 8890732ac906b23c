package dev.portolan.catalog;

import dev.portolan.kit.IndexedItemStore;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.Automation;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.Initiative;
import dev.portolan.model.RelationGrant;
import dev.portolan.model.Scorecard;
import dev.portolan.model.Waiver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory catalog: one cache per kind (Blueprint, Entity, Scorecard, ActionDefinition,
 * Action, RelationGrant, Waiver, Initiative, Automation), with entities indexed by blueprint, by
 * owner and by relation target, scorecards and action definitions by blueprint, actions by
 * definition and by entity. It is never a second source of truth: it is filled from the API server
 * by list and watch, and rebuilt the same way after a restart.
 *
 * <p>Each kind is listed, watched and held once. The caches are {@link IndexedItemStore}s: a kind
 * that a controller reconciles is {@linkplain #claim claimed} and handed to the Operator SDK, whose
 * informer for the controller's primaries then fills it; {@link #start} runs an informer of its own
 * only for the kinds nobody claimed.
 */
public final class CatalogIndex implements CatalogLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogIndex.class);
  static final String BY_BLUEPRINT = "blueprint";
  static final String BY_OWNER = "owner";
  static final String BY_RELATION_TARGET = "relationTarget";
  static final String BY_SOURCE_UID = "sourceUid";
  static final String BY_RELATION_TARGET_NAMESPACE = "relationTargetNamespace";
  static final String BY_DEFINITION = "definition";
  static final String BY_ENTITY = "entity";
  static final String BY_NAMESPACE = "namespace";
  static final String BY_SCORECARD = "scorecard";
  static final String BY_AUTOMATION = "automation";
  static final String BY_UID = "uid";

  /** The label an automation puts on the Actions it starts (its name). */
  public static final String AUTOMATION_LABEL = "portolan.dev/automation";

  /** How many objects one list request asks for; informers list in pages of this size. */
  public static final long LIST_PAGE_SIZE = 1000;

  private final KubernetesClient client;
  private final IndexedItemStore<Entity> entities;
  private final IndexedItemStore<Blueprint> blueprints;
  private final IndexedItemStore<Scorecard> scorecards;
  private final IndexedItemStore<ActionDefinition> actionDefinitions;
  private final IndexedItemStore<Action> actions;
  private final IndexedItemStore<RelationGrant> relationGrants;
  private final IndexedItemStore<Waiver> waivers;
  private final IndexedItemStore<Initiative> initiatives;
  private final IndexedItemStore<Automation> automations;
  private final Map<Class<?>, IndexedItemStore<?>> stores = new LinkedHashMap<>();
  private final Set<Class<?>> claimed = ConcurrentHashMap.newKeySet();
  private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
  private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();
  private volatile BooleanSupplier claimedSynced = () -> true;
  private volatile boolean loaded;

  private CatalogIndex(KubernetesClient client) {
    this.client = client;
    entities =
        store(
            Entity.class,
            Map.<String, Function<Entity, List<String>>>of(
                BY_BLUEPRINT,
                e ->
                    e.getSpec() == null || e.getSpec().blueprint == null
                        ? List.of()
                        : List.of(e.getSpec().blueprint),
                BY_OWNER,
                e ->
                    e.getSpec() == null || e.getSpec().owner == null
                        ? List.of()
                        : List.of(e.getSpec().owner),
                BY_RELATION_TARGET,
                e -> Relations.targets(e).stream().map(EntityRef::key).distinct().toList(),
                BY_RELATION_TARGET_NAMESPACE,
                e ->
                    Relations.targets(e).stream()
                        .map(EntityRef::namespace)
                        .filter(ns -> !ns.equals(e.getMetadata().getNamespace()))
                        .distinct()
                        .toList(),
                BY_SOURCE_UID,
                e -> {
                  String uid = DiscoveredEntities.sourceUid(e);
                  return uid == null ? List.of() : List.of(uid);
                },
                BY_NAMESPACE,
                e -> List.of(String.valueOf(e.getMetadata().getNamespace()))),
            (o, n) -> listeners.forEach(l -> l.entityChanged(o, n)),
            CompactEntities::compact);
    blueprints =
        store(
            Blueprint.class, Map.of(), (o, n) -> listeners.forEach(l -> l.blueprintChanged(o, n)));
    scorecards =
        store(
            Scorecard.class,
            Map.<String, Function<Scorecard, List<String>>>of(
                BY_BLUEPRINT,
                s ->
                    s.getSpec() == null || s.getSpec().blueprint == null
                        ? List.of()
                        : List.of(s.getSpec().blueprint)),
            (o, n) -> listeners.forEach(l -> l.scorecardChanged(o, n)));
    actionDefinitions =
        store(
            ActionDefinition.class,
            Map.<String, Function<ActionDefinition, List<String>>>of(
                BY_BLUEPRINT,
                d ->
                    d.getSpec() == null || d.getSpec().blueprint == null
                        ? List.of()
                        : List.of(d.getSpec().blueprint)),
            (o, n) -> listeners.forEach(l -> l.actionDefinitionChanged(o, n)));
    actions =
        store(
            Action.class,
            Map.<String, Function<Action, List<String>>>of(
                BY_DEFINITION,
                a ->
                    a.getSpec() == null || a.getSpec().definition == null
                        ? List.of()
                        : List.of(a.getSpec().definition),
                BY_ENTITY,
                a ->
                    a.getSpec() == null || a.getSpec().entity == null
                        ? List.of()
                        : EntityRef.parse(a.getSpec().entity, a.getMetadata().getNamespace())
                            .map(r -> List.of(r.key()))
                            .orElse(List.of()),
                BY_AUTOMATION,
                a ->
                    a.getMetadata().getLabels() == null
                            || a.getMetadata().getLabels().get(AUTOMATION_LABEL) == null
                        ? List.of()
                        : List.of(a.getMetadata().getLabels().get(AUTOMATION_LABEL)),
                BY_UID,
                a ->
                    a.getMetadata().getUid() == null
                        ? List.of()
                        : List.of(a.getMetadata().getUid())),
            (o, n) -> listeners.forEach(l -> l.actionChanged(o, n)));
    relationGrants =
        store(
            RelationGrant.class,
            Map.<String, Function<RelationGrant, List<String>>>of(
                BY_NAMESPACE, g -> List.of(String.valueOf(g.getMetadata().getNamespace()))),
            (o, n) -> listeners.forEach(l -> l.relationGrantChanged(o, n)));
    waivers =
        store(
            Waiver.class,
            Map.<String, Function<Waiver, List<String>>>of(
                BY_NAMESPACE, w -> List.of(String.valueOf(w.getMetadata().getNamespace()))),
            (o, n) -> listeners.forEach(l -> l.waiverChanged(o, n)));
    initiatives =
        store(
            Initiative.class,
            Map.<String, Function<Initiative, List<String>>>of(
                BY_SCORECARD,
                i ->
                    i.getSpec() == null || i.getSpec().scorecard == null
                        ? List.of()
                        : List.of(i.getSpec().scorecard)),
            (o, n) -> listeners.forEach(l -> l.initiativeChanged(o, n)));
    automations =
        store(
            Automation.class,
            Map.<String, Function<Automation, List<String>>>of(
                BY_NAMESPACE, a -> List.of(String.valueOf(a.getMetadata().getNamespace()))),
            (o, n) -> listeners.forEach(l -> l.automationChanged(o, n)));
  }

  private <T extends HasMetadata> IndexedItemStore<T> store(
      Class<T> kind,
      Map<String, Function<T, List<String>>> indexers,
      java.util.function.BiConsumer<T, T> listener) {
    return store(kind, indexers, listener, obj -> {});
  }

  private <T extends HasMetadata> IndexedItemStore<T> store(
      Class<T> kind,
      Map<String, Function<T, List<String>>> indexers,
      java.util.function.BiConsumer<T, T> listener,
      java.util.function.Consumer<T> compaction) {
    IndexedItemStore<T> store = new IndexedItemStore<>(kind.getSimpleName(), indexers, compaction);
    store.addListener(listener);
    stores.put(kind, store);
    return store;
  }

  /** An index whose caches nothing fills yet: claim kinds for the SDK, then {@link #start}. */
  public static CatalogIndex create(KubernetesClient client) {
    return new CatalogIndex(client);
  }

  /** An index that lists and watches every kind itself, started and synced. */
  public static CatalogIndex start(KubernetesClient client, Duration timeout) {
    CatalogIndex index = new CatalogIndex(client);
    index.start(timeout);
    return index;
  }

  /**
   * The cache of {@code kind}, for the informer of the controller that reconciles it (the SDK's
   * {@code withItemStore}); {@link #start} then leaves that kind to it.
   */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> IndexedItemStore<T> claim(Class<T> kind) {
    IndexedItemStore<T> store = (IndexedItemStore<T>) stores.get(kind);
    if (store == null) {
      throw new IllegalArgumentException("the catalog holds no " + kind.getSimpleName());
    }
    claimed.add(kind);
    return store;
  }

  /** Starts an informer for each kind nobody claimed and waits until each has listed everything. */
  public void start(Duration timeout) {
    try {
      for (Map.Entry<Class<?>, IndexedItemStore<?>> entry : stores.entrySet()) {
        if (!claimed.contains(entry.getKey())) {
          SharedIndexInformer<?> informer = inform(entry.getKey(), entry.getValue());
          informers.add(informer);
          informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while the catalog informers started", e);
    } catch (Exception e) {
      close();
      throw new IllegalStateException(
          "the catalog informers did not sync within " + timeout + ": " + e.getMessage(), e);
    }
    LOG.info(
        "Catalog index synced: {} blueprints, {} entities, {} scorecards, {} action definitions, {} actions{}",
        blueprints.size(),
        entities.size(),
        scorecards.size(),
        actionDefinitions.size(),
        actions.size(),
        claimed.isEmpty() ? "" : " (the controllers' informers fill the rest)");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private SharedIndexInformer<?> inform(Class kind, IndexedItemStore store) {
    MixedOperation resources = client.resources(kind);
    Informable informable =
        Namespaced.class.isAssignableFrom(kind)
            ? (Informable) resources.inAnyNamespace()
            : (Informable) resources;
    SharedIndexInformer informer = informable.withLimit(LIST_PAGE_SIZE).runnableInformer(0);
    informer.itemStore(store);
    return informer;
  }

  public void addListener(CatalogListener listener) {
    listeners.add(listener);
  }

  /**
   * Tells the index how to know that the informers filling its claimed caches have listed
   * everything (the SDK's own informers, whose state only the SDK knows).
   */
  public void claimedSyncedWhen(BooleanSupplier synced) {
    this.claimedSynced = synced;
  }

  /** Whether every cache has been listed whole and the informers of its own are watching. */
  public boolean isSynced() {
    return informers.stream().allMatch(informer -> informer.hasSynced() && informer.isWatching())
        && claimedSynced.getAsBoolean();
  }

  /**
   * Whether every cache has been listed whole once: until then a reconciler would see part of the
   * catalog (an entity without its blueprint, a scorecard over some of its entities) and write a
   * status only to write it again a moment later. It stays true once it is.
   */
  public boolean isLoaded() {
    if (!loaded
        && informers.stream().allMatch(SharedIndexInformer::hasSynced)
        && claimedSynced.getAsBoolean()) {
      loaded = true;
    }
    return loaded;
  }

  /** Waits until every listener has heard of every change the caches hold now. */
  public void awaitListeners(Duration timeout) throws InterruptedException {
    for (IndexedItemStore<?> store : stores.values()) {
      store.awaitListeners(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Optional<Blueprint> blueprint(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(blueprints.get(name));
  }

  @Override
  public Collection<Blueprint> blueprints() {
    return blueprints.list();
  }

  @Override
  public Optional<Entity> entity(EntityRef ref) {
    return Optional.ofNullable(entities.get(ref.key()));
  }

  public List<Entity> entities() {
    return entities.list();
  }

  /**
   * The version of the entity cache ({@link IndexedItemStore#version}): what is computed from the
   * entities may be remembered until it moves.
   */
  public long entitiesVersion() {
    return entities.version();
  }

  /**
   * The version of the entity cache at the last change in {@code namespace} ({@link
   * IndexedItemStore#versionIn}): what is computed from that namespace's entities may be remembered
   * until it moves.
   */
  public long entitiesVersionIn(String namespace) {
    return entities.versionIn(namespace);
  }

  /** The namespaces that hold entities now. */
  public Set<String> entityNamespaces() {
    return entities.indexValues(BY_NAMESPACE);
  }

  @Override
  public List<Entity> entitiesOfBlueprint(String blueprint) {
    return entities.byIndex(BY_BLUEPRINT, blueprint);
  }

  public List<Entity> entitiesOwnedBy(String owner) {
    return entities.byIndex(BY_OWNER, owner);
  }

  @Override
  public List<Entity> referrers(EntityRef target) {
    return entities.byIndex(BY_RELATION_TARGET, target.key());
  }

  /** The entities with a relation into {@code namespace}, another namespace than their own. */
  public List<Entity> relatingInto(String namespace) {
    return entities.byIndex(BY_RELATION_TARGET_NAMESPACE, namespace);
  }

  @Override
  public List<RelationGrant> relationGrants(String namespace) {
    return relationGrants.byIndex(BY_NAMESPACE, namespace);
  }

  /** The discovered entities that the object with this uid produced. */
  public List<Entity> discoveredFrom(String sourceUid) {
    return entities.byIndex(BY_SOURCE_UID, sourceUid);
  }

  public Optional<Scorecard> scorecard(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(scorecards.get(name));
  }

  public List<Scorecard> scorecards() {
    return scorecards.list();
  }

  @Override
  public List<Scorecard> scorecardsOfBlueprint(String blueprint) {
    return scorecards.byIndex(BY_BLUEPRINT, blueprint);
  }

  public Optional<ActionDefinition> actionDefinition(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(actionDefinitions.get(name));
  }

  public List<ActionDefinition> actionDefinitions() {
    return actionDefinitions.list();
  }

  public List<ActionDefinition> actionDefinitionsOfBlueprint(String blueprint) {
    return actionDefinitions.byIndex(BY_BLUEPRINT, blueprint);
  }

  /** The entities of one namespace. */
  public List<Entity> entitiesIn(String namespace) {
    return entities.byIndex(BY_NAMESPACE, namespace);
  }

  public Optional<Waiver> waiver(String namespace, String name) {
    return Optional.ofNullable(waivers.get(namespace + "/" + name));
  }

  public List<Waiver> waivers() {
    return waivers.list();
  }

  /** The waivers of one namespace, whatever their phase. */
  public List<Waiver> waiversIn(String namespace) {
    return waivers.byIndex(BY_NAMESPACE, namespace);
  }

  public Optional<Action> action(String namespace, String name) {
    return Optional.ofNullable(actions.get(namespace + "/" + name));
  }

  public List<Action> actions() {
    return actions.list();
  }

  public List<Action> actionsOfDefinition(String definition) {
    return actions.byIndex(BY_DEFINITION, definition);
  }

  /** The Actions whose spec.entity names this entity. */
  public List<Action> actionsOn(EntityRef entity) {
    return actions.byIndex(BY_ENTITY, entity.key());
  }

  /** The Action with this uid. */
  public Optional<Action> actionWithUid(String uid) {
    return actions.byIndex(BY_UID, uid).stream().findFirst();
  }

  /** The Actions labelled as started by an automation of this name (in any namespace). */
  public List<Action> actionsOfAutomation(String automation) {
    return actions.byIndex(BY_AUTOMATION, automation);
  }

  public Optional<Initiative> initiative(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(initiatives.get(name));
  }

  public List<Initiative> initiatives() {
    return initiatives.list();
  }

  /** The initiatives whose spec.scorecard names this scorecard. */
  public List<Initiative> initiativesOfScorecard(String scorecard) {
    return initiatives.byIndex(BY_SCORECARD, scorecard);
  }

  public Optional<Automation> automation(String namespace, String name) {
    return Optional.ofNullable(automations.get(namespace + "/" + name));
  }

  public List<Automation> automations() {
    return automations.list();
  }

  /** The automations of one namespace. */
  public List<Automation> automationsIn(String namespace) {
    return automations.byIndex(BY_NAMESPACE, namespace);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    stores.values().forEach(IndexedItemStore::close);
  }
}
