package dev.portolan.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cache of a kind: an informer's {@link ItemStore} that any informer can be given (the
 * Operator SDK's for a controller's primaries, or one of our own), with indexes of its own and
 * listeners told of every change, so that a kind is listed, watched, deserialised and held once
 * however many parts of the operator read it.
 *
 * <p>What it holds is what the operator reads, in its smallest form: {@code metadata.managedFields}
 * and kubectl's copy of the last applied configuration are dropped on the way in (they are often
 * larger than the rest of an entity), the metadata's maps and lists are {@link Compact compacted},
 * and so is the rest by the kind's own compaction. Nothing may change a held object in place.
 * Listeners are told on one thread of the store's own, in the order of the changes, after the store
 * and its indexes hold the change; a listener that throws is logged and the others are still told.
 * An update that carries the resource version the store already holds (a relist) is not a change.
 */
public final class IndexedItemStore<T extends HasMetadata> implements ItemStore<T>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexedItemStore.class);
  public static final String LAST_APPLIED = Compact.LAST_APPLIED;

  private final String name;
  private final Map<String, T> items = new ConcurrentHashMap<>();
  private final Map<String, Function<T, List<String>>> indexers;
  private final Consumer<T> compaction;
  private final Map<String, Map<String, Set<String>>> indexes = new HashMap<>();
  private final List<BiConsumer<T, T>> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService notifier;
  private final java.util.concurrent.atomic.AtomicLong version =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * Per namespace ("" for cluster-scoped objects), the version of its last change; under indexes.
   */
  private final Map<String, Long> namespaceVersions = new HashMap<>();

  /**
   * @param name the kind, for the notifying thread's name and the logs
   * @param indexers named functions from an object to the values it is found under
   */
  public IndexedItemStore(String name, Map<String, Function<T, List<String>>> indexers) {
    this(name, indexers, obj -> {});
  }

  /**
   * @param name the kind, for the notifying thread's name and the logs
   * @param indexers named functions from an object to the values it is found under
   * @param compaction makes the rest of an object (beside its metadata) as small as it can be, in
   *     place, before the store holds it; it must keep what the object says
   */
  public IndexedItemStore(
      String name, Map<String, Function<T, List<String>>> indexers, Consumer<T> compaction) {
    this.name = name;
    this.compaction = compaction;
    this.indexers = Map.copyOf(indexers);
    this.indexers.keySet().forEach(index -> indexes.put(index, new HashMap<>()));
    this.notifier =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "catalog-" + name);
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Tells {@code listener} (old, new) of every change from now on: (null, new) adds, (old, null)
   * deletes.
   */
  public void addListener(BiConsumer<T, T> listener) {
    listeners.add(listener);
  }

  @Override
  public String getKey(T obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public T put(String key, T obj) {
    Compact.metadata(obj.getMetadata());
    compact(obj);
    T old;
    synchronized (indexes) {
      old = items.put(key, obj);
      unindex(key, old);
      index(key, obj);
      if (old != obj) {
        long now = version.incrementAndGet();
        changedIn(old, now);
        changedIn(obj, now);
      }
    }
    if (old == null || !Objects.equals(resourceVersion(old), resourceVersion(obj))) {
      tell(old, obj);
    }
    return old;
  }

  @Override
  public T remove(String key) {
    T old;
    synchronized (indexes) {
      old = items.remove(key);
      unindex(key, old);
      if (old != null) {
        changedIn(old, version.incrementAndGet());
      }
    }
    if (old != null) {
      tell(old, null);
    }
    return old;
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    return items.get(key);
  }

  /**
   * A number that grows with every object put or removed: what was read from the store at one
   * version is what it holds until the version moves. Read it before reading the store, so what was
   * read is at least as new as the version it is remembered under.
   */
  public long version() {
    return version.get();
  }

  /**
   * The {@link #version} at the last change to an object of {@code namespace} ("" for
   * cluster-scoped objects), 0 if none changed there yet: what was read of that namespace's objects
   * at one version is what they are until it moves. Read it before reading them, as {@link
   * #version}.
   */
  public long versionIn(String namespace) {
    synchronized (indexes) {
      return namespaceVersions.getOrDefault(namespace, 0L);
    }
  }

  /** The values the index {@code index} finds objects under now. */
  public Set<String> indexValues(String index) {
    synchronized (indexes) {
      Map<String, Set<String>> byValue = indexes.get(index);
      if (byValue == null) {
        throw new IllegalArgumentException("no index " + index + " on " + name);
      }
      return Set.copyOf(byValue.keySet());
    }
  }

  /** Every object held now. */
  public List<T> list() {
    return new ArrayList<>(items.values());
  }

  /** The objects found under {@code value} in the index {@code index}. */
  public List<T> byIndex(String index, String value) {
    Set<String> keys;
    synchronized (indexes) {
      Map<String, Set<String>> byValue = indexes.get(index);
      if (byValue == null) {
        throw new IllegalArgumentException("no index " + index + " on " + name);
      }
      keys = new HashSet<>(byValue.getOrDefault(value, Set.of()));
    }
    List<T> found = new ArrayList<>(keys.size());
    for (String key : keys) {
      T item = items.get(key);
      if (item != null) {
        found.add(item);
      }
    }
    return found;
  }

  /** Waits until the listeners have been told of every change made so far. */
  public void awaitListeners(long timeout, TimeUnit unit) throws InterruptedException {
    var done = new java.util.concurrent.CountDownLatch(1);
    notifier.execute(done::countDown);
    done.await(timeout, unit);
  }

  @Override
  public void close() {
    notifier.shutdownNow();
  }

  private void tell(T old, T now) {
    try {
      notifier.execute(
          () -> {
            for (BiConsumer<T, T> listener : listeners) {
              try {
                listener.accept(old, now);
              } catch (RuntimeException e) {
                LOG.error("A listener of the {} cache failed; the change is still held", name, e);
              }
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // closed: nobody listens any more
    }
  }

  private void index(String key, T obj) {
    indexers.forEach(
        (index, function) -> {
          for (String value : values(function, obj)) {
            indexes.get(index).computeIfAbsent(value, v -> new HashSet<>()).add(key);
          }
        });
  }

  private void unindex(String key, T old) {
    if (old == null) {
      return;
    }
    indexers.forEach(
        (index, function) -> {
          Map<String, Set<String>> byValue = indexes.get(index);
          for (String value : values(function, old)) {
            Set<String> keys = byValue.get(value);
            if (keys != null && keys.remove(key) && keys.isEmpty()) {
              byValue.remove(value);
            }
          }
        });
  }

  private List<String> values(Function<T, List<String>> function, T obj) {
    try {
      List<String> values = function.apply(obj);
      return values == null ? List.of() : values;
    } catch (RuntimeException e) {
      LOG.warn("The {} cache could not index {}: {}", name, getKey(obj), e.toString());
      return Collections.emptyList();
    }
  }

  private void changedIn(T obj, long now) {
    if (obj != null && obj.getMetadata() != null) {
      namespaceVersions.put(Objects.requireNonNullElse(obj.getMetadata().getNamespace(), ""), now);
    }
  }

  private static String resourceVersion(HasMetadata obj) {
    return obj.getMetadata() == null ? null : obj.getMetadata().getResourceVersion();
  }

  private void compact(T obj) {
    try {
      compaction.accept(obj);
    } catch (RuntimeException e) {
      LOG.warn("The {} cache could not compact {}: {}", name, getKey(obj), e.toString());
    }
  }
}
