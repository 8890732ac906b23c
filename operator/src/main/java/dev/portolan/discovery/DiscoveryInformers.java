package dev.portolan.discovery;

import dev.portolan.kit.LabelSelectors;
import dev.portolan.kit.Problem;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery's informers: one per watched kind, shared by every rule on that kind, started and
 * stopped as the rules change. A kind the API server does not serve is reported on the blueprints
 * whose rules name it and tried again every minute. Each object event goes to the {@link Listener}
 * with the object's key; the uid of every object seen is remembered, so that a discovered entity
 * can be traced to its source and a deleted object's entities found.
 *
 * <p>Lifecycle calls ({@link #watch}) and the listener's {@code synced} run on the discovery thread
 * given to the constructor.
 */
final class DiscoveryInformers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryInformers.class);
  static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(60);

  /** Hears the informers. */
  interface Listener {
    /** An object was added, changed or deleted. */
    void changed(SourceKey key);

    /** A kind has been listed (at start, or after its informer was started again). */
    void synced(SourceKind kind);
  }

  private final KubernetesClient client;
  private final DiscoveryReports reports;
  private final ScheduledExecutorService thread;
  private final Listener listener;
  private final Map<SourceKind, SharedIndexInformer<GenericKubernetesResource>> informers =
      new ConcurrentHashMap<>();
  private final Set<SourceKind> unavailable = ConcurrentHashMap.newKeySet();
  private final Map<SourceKey, String> knownUids = new ConcurrentHashMap<>();
  private final Map<String, SourceKey> keysByUid = new ConcurrentHashMap<>();
  private volatile Map<SourceKind, List<CompiledDiscoveryRule>> rulesByKind = Map.of();
  private volatile boolean closed;

  DiscoveryInformers(
      KubernetesClient client,
      DiscoveryReports reports,
      ScheduledExecutorService thread,
      Listener listener) {
    this.client = client;
    this.reports = reports;
    this.thread = thread;
    this.listener = listener;
  }

  /** Starts and stops informers so that exactly the wanted kinds are watched. Discovery thread. */
  void watch(Map<SourceKind, List<CompiledDiscoveryRule>> rulesByKind, Set<SourceKind> wanted) {
    if (closed) {
      return;
    }
    this.rulesByKind = rulesByKind;
    for (SourceKind kind : new ArrayList<>(informers.keySet())) {
      if (!wanted.contains(kind)) {
        LOG.info("Discovery stops watching {}", kind);
        informers.remove(kind).close();
      }
    }
    unavailable.removeIf(kind -> !wanted.contains(kind));
    for (SourceKind kind : wanted) {
      if (!informers.containsKey(kind)) {
        start(kind);
      }
    }
    reportUnavailableKinds();
  }

  private void start(SourceKind kind) {
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
                if (error == null && !closed) {
                  thread.execute(() -> listener.synced(kind));
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
        thread.schedule(
            () -> retryUnavailable(kind), UNAVAILABLE_RETRY.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  private void retryUnavailable(SourceKind kind) {
    if (!closed
        && unavailable.remove(kind)
        && rulesByKind.containsKey(kind)
        && !informers.containsKey(kind)) {
      start(kind);
      reportUnavailableKinds();
      if (synced(kind)) {
        listener.synced(kind);
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

  /** The kinds being watched. */
  Set<SourceKind> watched() {
    return Set.copyOf(informers.keySet());
  }

  /** Whether the kind is watched and has been listed. */
  boolean synced(SourceKind kind) {
    var informer = informers.get(kind);
    return informer != null && informer.hasSynced();
  }

  /** Whether the API server refused to serve the kind the last time it was asked. */
  boolean unavailable(SourceKind kind) {
    return unavailable.contains(kind);
  }

  /** The objects of a kind, as its informer holds them (none when it is not watched). */
  List<GenericKubernetesResource> objects(SourceKind kind) {
    var informer = informers.get(kind);
    return informer == null ? List.of() : informer.getStore().list();
  }

  /** The object with this key, while its informer holds it. */
  Optional<GenericKubernetesResource> object(SourceKey key) {
    var informer = informers.get(key.kind());
    return informer == null
        ? Optional.empty()
        : Optional.ofNullable(informer.getStore().getByKey(key.cacheKey()));
  }

  static SourceKey keyOf(SourceKind kind, GenericKubernetesResource object) {
    return new SourceKey(kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** Remembers which object had which uid, for when it is gone. */
  void remember(SourceKey key, String uid) {
    knownUids.put(key, uid);
    keysByUid.put(uid, key);
  }

  /** The uid of the object with this key, while it lives or since it was last seen. */
  String uidOf(SourceKey key) {
    return knownUids.get(key);
  }

  /** The key of the object that had this uid, until it is forgotten. */
  Optional<SourceKey> keyOf(String uid) {
    return uid == null ? Optional.empty() : Optional.ofNullable(keysByUid.get(uid));
  }

  /** Forgets a gone object. */
  void forget(SourceKey key, String uid) {
    knownUids.remove(key);
    if (uid != null) {
      keysByUid.remove(uid);
    }
  }

  @Override
  public void close() {
    closed = true;
    informers.values().forEach(SharedIndexInformer::close);
    informers.clear();
  }

  /** Passes each changed object on, remembering its uid for when it is gone. */
  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    private final SourceKind kind;

    Handler(SourceKind kind) {
      this.kind = kind;
    }

    private void changed(GenericKubernetesResource object) {
      SourceKey key = keyOf(kind, object);
      remember(key, object.getMetadata().getUid());
      listener.changed(key);
    }

    @Override
    public void onAdd(GenericKubernetesResource object) {
      changed(object);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      if (!Objects.equals(
          before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
        changed(after);
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
      changed(object);
    }
  }
}
