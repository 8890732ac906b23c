package dev.portolan.catalog;

import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.RelationGrant;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory catalog: informer caches of every Blueprint, Entity, Scorecard, ActionDefinition and
 * Action; entities indexed by blueprint, by owner and by relation target, scorecards and action
 * definitions by blueprint, actions by definition and by entity. It is never a second source of truth: it is filled from the API
 * server by list and watch, and rebuilt the same way after a restart.
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
  private static final long LIST_PAGE_SIZE = 1000;

  private final SharedIndexInformer<Entity> entities;
  private final SharedIndexInformer<Blueprint> blueprints;
  private final SharedIndexInformer<Scorecard> scorecards;
  private final SharedIndexInformer<ActionDefinition> actionDefinitions;
  private final SharedIndexInformer<Action> actions;
  private final SharedIndexInformer<RelationGrant> relationGrants;
  private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();

  private CatalogIndex(KubernetesClient client) {
    entities =
        client.resources(Entity.class).inAnyNamespace().withLimit(LIST_PAGE_SIZE).runnableInformer(0);
    entities.addIndexers(
        Map.<String, Function<Entity, List<String>>>of(
            BY_BLUEPRINT, e -> e.getSpec() == null || e.getSpec().blueprint == null
                ? List.of() : List.of(e.getSpec().blueprint),
            BY_OWNER, e -> e.getSpec() == null || e.getSpec().owner == null
                ? List.of() : List.of(e.getSpec().owner),
            BY_RELATION_TARGET, e -> Relations.targets(e).stream().map(EntityRef::key).distinct().toList(),
            BY_RELATION_TARGET_NAMESPACE, e -> Relations.targets(e).stream().map(EntityRef::namespace)
                .filter(ns -> !ns.equals(e.getMetadata().getNamespace())).distinct().toList(),
            BY_SOURCE_UID, e -> {
              String uid = dev.portolan.catalog.DiscoveredEntities.sourceUid(e);
              return uid == null ? List.of() : List.of(uid);
            }));
    entities.addEventHandler(
        new Handler<>((o, n) -> listeners.forEach(l -> l.entityChanged(o, n))));
    blueprints = client.resources(Blueprint.class).withLimit(LIST_PAGE_SIZE).runnableInformer(0);
    blueprints.addEventHandler(
        new Handler<>((o, n) -> listeners.forEach(l -> l.blueprintChanged(o, n))));
    scorecards = client.resources(Scorecard.class).withLimit(LIST_PAGE_SIZE).runnableInformer(0);
    scorecards.addIndexers(Map.<String, Function<Scorecard, List<String>>>of(
        BY_BLUEPRINT, s -> s.getSpec() == null || s.getSpec().blueprint == null
            ? List.of() : List.of(s.getSpec().blueprint)));
    scorecards.addEventHandler(
        new Handler<>((o, n) -> listeners.forEach(l -> l.scorecardChanged(o, n))));
    actionDefinitions = client.resources(ActionDefinition.class).withLimit(LIST_PAGE_SIZE).runnableInformer(0);
    actionDefinitions.addIndexers(Map.<String, Function<ActionDefinition, List<String>>>of(
        BY_BLUEPRINT, d -> d.getSpec() == null || d.getSpec().blueprint == null
            ? List.of() : List.of(d.getSpec().blueprint)));
    actionDefinitions.addEventHandler(
        new Handler<>((o, n) -> listeners.forEach(l -> l.actionDefinitionChanged(o, n))));
    actions = client.resources(Action.class).inAnyNamespace().withLimit(LIST_PAGE_SIZE).runnableInformer(0);
    actions.addIndexers(Map.<String, Function<Action, List<String>>>of(
        BY_DEFINITION, a -> a.getSpec() == null || a.getSpec().definition == null
            ? List.of() : List.of(a.getSpec().definition),
        BY_ENTITY, a -> a.getSpec() == null || a.getSpec().entity == null ? List.of()
            : EntityRef.parse(a.getSpec().entity, a.getMetadata().getNamespace()).map(r -> List.of(r.key()))
                .orElse(List.of())));
    actions.addEventHandler(new Handler<>((o, n) -> listeners.forEach(l -> l.actionChanged(o, n))));
    relationGrants = client.resources(RelationGrant.class).inAnyNamespace().withLimit(LIST_PAGE_SIZE)
        .runnableInformer(0);
    relationGrants.addEventHandler(new Handler<>((o, n) -> listeners.forEach(l -> l.relationGrantChanged(o, n))));
  }

  /** Starts the informers and waits until each has listed everything. */
  public static CatalogIndex start(KubernetesClient client, Duration timeout) {
    CatalogIndex index = new CatalogIndex(client);
    try {
      index.blueprints.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      index.entities.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      index.scorecards.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      index.actionDefinitions.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      index.actions.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      index.relationGrants.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      index.close();
      throw new IllegalStateException("interrupted while the catalog informers started", e);
    } catch (Exception e) {
      index.close();
      throw new IllegalStateException(
          "the catalog informers did not sync within " + timeout + ": " + e.getMessage(), e);
    }
    LOG.info(
        "Catalog index synced: {} blueprints, {} entities, {} scorecards, {} action definitions, {} actions",
        index.blueprints.getStore().list().size(),
        index.entities.getStore().list().size(),
        index.scorecards.getStore().list().size(),
        index.actionDefinitions.getStore().list().size(),
        index.actions.getStore().list().size());
    return index;
  }

  public void addListener(CatalogListener listener) {
    listeners.add(listener);
  }

  public boolean isSynced() {
    return List.of(entities, blueprints, scorecards, actionDefinitions, actions, relationGrants).stream()
        .allMatch(informer -> informer.hasSynced() && informer.isWatching());
  }

  @Override
  public Optional<Blueprint> blueprint(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(blueprints.getStore().getByKey(name));
  }

  @Override
  public Collection<Blueprint> blueprints() {
    return blueprints.getStore().list();
  }

  @Override
  public Optional<Entity> entity(EntityRef ref) {
    return Optional.ofNullable(entities.getStore().getByKey(ref.key()));
  }

  public List<Entity> entities() {
    return entities.getStore().list();
  }

  @Override
  public List<Entity> entitiesOfBlueprint(String blueprint) {
    return entities.getIndexer().byIndex(BY_BLUEPRINT, blueprint);
  }

  public List<Entity> entitiesOwnedBy(String owner) {
    return entities.getIndexer().byIndex(BY_OWNER, owner);
  }

  @Override
  public List<Entity> referrers(EntityRef target) {
    return entities.getIndexer().byIndex(BY_RELATION_TARGET, target.key());
  }

  /** The entities with a relation into {@code namespace}, another namespace than their own. */
  public List<Entity> relatingInto(String namespace) {
    return entities.getIndexer().byIndex(BY_RELATION_TARGET_NAMESPACE, namespace);
  }

  @Override
  public List<RelationGrant> relationGrants(String namespace) {
    return relationGrants.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  /** The discovered entities that the object with this uid produced. */
  public List<Entity> discoveredFrom(String sourceUid) {
    return entities.getIndexer().byIndex(BY_SOURCE_UID, sourceUid);
  }

  public Optional<Scorecard> scorecard(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(scorecards.getStore().getByKey(name));
  }

  public List<Scorecard> scorecards() {
    return scorecards.getStore().list();
  }

  @Override
  public List<Scorecard> scorecardsOfBlueprint(String blueprint) {
    return scorecards.getIndexer().byIndex(BY_BLUEPRINT, blueprint);
  }

  public Optional<ActionDefinition> actionDefinition(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(actionDefinitions.getStore().getByKey(name));
  }

  public List<ActionDefinition> actionDefinitions() {
    return actionDefinitions.getStore().list();
  }

  public List<ActionDefinition> actionDefinitionsOfBlueprint(String blueprint) {
    return actionDefinitions.getIndexer().byIndex(BY_BLUEPRINT, blueprint);
  }

  public Optional<Action> action(String namespace, String name) {
    return Optional.ofNullable(actions.getStore().getByKey(namespace + "/" + name));
  }

  public List<Action> actions() {
    return actions.getStore().list();
  }

  public List<Action> actionsOfDefinition(String definition) {
    return actions.getIndexer().byIndex(BY_DEFINITION, definition);
  }

  /** The Actions whose spec.entity names this entity. */
  public List<Action> actionsOn(EntityRef entity) {
    return actions.getIndexer().byIndex(BY_ENTITY, entity.key());
  }

  @Override
  public void close() {
    entities.close();
    blueprints.close();
    scorecards.close();
    actionDefinitions.close();
    actions.close();
    relationGrants.close();
  }

  /** Adapts informer callbacks to (old, new) pairs; tolerates exceptions from listeners. */
  private record Handler<T>(java.util.function.BiConsumer<T, T> sink)
      implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T obj) {
      deliver(null, obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      if (!Objects.equals(oldObj, newObj)) {
        deliver(oldObj, newObj);
      }
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      deliver(obj, null);
    }

    private void deliver(T oldObj, T newObj) {
      try {
        sink.accept(oldObj, newObj);
      } catch (RuntimeException e) {
        LOG.error("A catalog listener failed; the change is still in the index", e);
      }
    }
  }
}
