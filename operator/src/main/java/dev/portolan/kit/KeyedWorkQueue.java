package dev.portolan.kit;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A work queue of keys, worked by a few threads: a key waits once however often it is added, the
 * oldest waiting key goes first, one key is never worked twice at once (added while being worked,
 * it is worked again after), and a key whose work fails with a retryable exception comes back after
 * a delay that doubles with each failure in a row, up to a limit.
 *
 * @param <K> the key, with value equality
 */
public final class KeyedWorkQueue<K> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedWorkQueue.class);

  private final String name;
  private final Consumer<K> work;
  private final Predicate<RuntimeException> retryable;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;

  /**
   * Keys waiting, keys being worked, and failures in a row per key: all guarded by {@code pending}.
   */
  private final LinkedHashSet<K> pending = new LinkedHashSet<>();

  private final Set<K> working = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private volatile boolean running;

  /**
   * @param workers how many keys are worked at once
   * @param retryable which failures put the key back after a delay (others are logged and dropped)
   * @param firstRetry the delay after a first failure; it doubles up to {@code maxRetry}
   */
  public KeyedWorkQueue(
      String name,
      int workers,
      Consumer<K> work,
      Predicate<RuntimeException> retryable,
      Duration firstRetry,
      Duration maxRetry) {
    this.name = name;
    this.work = work;
    this.retryable = retryable;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry;
    String threads = name.toLowerCase(Locale.ROOT);
    this.workers = Executors.newFixedThreadPool(workers, daemon(threads + "-writer"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon(threads + "-retry"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String threadName) {
    return r -> {
      Thread thread = new Thread(r, threadName);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Starts working the keys added so far and from now on. */
  public void start() {
    running = true;
    int waiting;
    synchronized (pending) {
      waiting = pending.size();
    }
    for (int i = 0; i < waiting; i++) {
      workers.execute(this::workNext);
    }
  }

  /** Adds a key (once, however often it is added before it is worked). */
  public void add(K key) {
    synchronized (pending) {
      pending.add(key);
    }
    if (running) {
      workers.execute(this::workNext);
    }
  }

  /** Adds a key after a delay. */
  public void addLater(K key, Duration delay) {
    timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Works the oldest waiting key that no other worker is working, if there is one. */
  private void workNext() {
    K key = null;
    synchronized (pending) {
      for (K candidate : pending) {
        if (!working.contains(candidate)) {
          key = candidate;
          break;
        }
      }
      if (key == null || !running) {
        return;
      }
      pending.remove(key);
      working.add(key);
    }
    try {
      work.accept(key);
      synchronized (pending) {
        failures.remove(key);
      }
    } catch (RuntimeException e) {
      if (retryable.test(e)) {
        Duration delay = nextDelay(key);
        LOG.warn(
            "{} could not sync {} ({}); trying again in {} s",
            name,
            key,
            e.getMessage(),
            delay.toSeconds());
        addLater(key, delay);
      } else {
        LOG.error("{} failed on {}", name, key, e);
      }
    } finally {
      boolean again;
      synchronized (pending) {
        working.remove(key);
        again = pending.contains(key);
      }
      if (again && running) {
        workers.execute(this::workNext); // it was added again while it was being worked
      }
    }
  }

  private Duration nextDelay(K key) {
    int failed;
    synchronized (pending) {
      failed = failures.merge(key, 1, Integer::sum);
    }
    Duration delay = firstRetry.multipliedBy(1L << Math.min(failed - 1, 20));
    return delay.compareTo(maxRetry) > 0 ? maxRetry : delay;
  }

  @Override
  public void close() {
    running = false;
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
