package dev.portolan.kit;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A work queue of keys, worked by a few threads: a key waits once however often it is added, the
 * oldest waiting key goes first, one key is never worked twice at once (added while being worked,
 * it is worked again after), and a key whose work fails with a retryable exception comes back after
 * a delay that doubles with each failure in a row, up to a limit, and starts again from the first
 * delay once the key's work succeeds.
 *
 * <p>Neither the Operator SDK nor Fabric8 offers this for objects that are not an SDK controller's
 * primaries (Fabric8's informers deliver each event once and leave retries to the handler).
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
   * Keys waiting (oldest first), keys being worked, and failures in a row per key: all guarded by
   * {@code pending}.
   */
  private final LinkedHashSet<K> pending = new LinkedHashSet<>();

  private final Set<K> working = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private volatile boolean running;
  private volatile boolean closed;

  /**
   * @param name names the queue in its log lines ("{name} could not sync ...")
   * @param threadName the name of the worker threads
   * @param workers how many keys are worked at once
   * @param retryable which failures put the key back after a delay (others are logged and dropped)
   * @param firstRetry the delay after a first failure; it doubles up to {@code maxRetry}
   */
  public KeyedWorkQueue(
      String name,
      String threadName,
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
    this.workers = Executors.newFixedThreadPool(workers, daemon(threadName));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon(threadName + "-retry"));
  }

  private static ThreadFactory daemon(String threadName) {
    return r -> {
      Thread thread = new Thread(r, threadName);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Starts working the keys added so far and from now on. */
  public void start() {
    running = !closed;
    int waiting;
    synchronized (pending) {
      waiting = pending.size();
    }
    for (int i = 0; i < waiting; i++) {
      dispatch();
    }
  }

  /** Adds a key (once, however often it is added before it is worked). */
  public void add(K key) {
    if (closed) {
      return;
    }
    synchronized (pending) {
      pending.add(key);
    }
    dispatch();
  }

  /** Adds a key after a delay. */
  public void addLater(K key, Duration delay) {
    if (closed) {
      return;
    }
    try {
      timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: nothing is worked any more
    }
  }

  /**
   * The delay before the next attempt after {@code failuresInARow} failures: the first delay,
   * doubled for each failure after the first, never more than the limit.
   */
  public static Duration retryDelay(Duration first, Duration max, int failuresInARow) {
    Duration delay = first.multipliedBy(1L << Math.min(Math.max(failuresInARow - 1, 0), 30));
    return delay.compareTo(max) > 0 ? max : delay;
  }

  private void dispatch() {
    if (!running) {
      return;
    }
    try {
      workers.execute(this::workNext);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: nothing is worked any more
    }
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
      forgetFailures(key);
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
        forgetFailures(key);
        LOG.error("{} failed on {}", name, key, e);
      }
    } finally {
      boolean again;
      synchronized (pending) {
        working.remove(key);
        again = pending.contains(key);
      }
      if (again) {
        dispatch(); // it was added again while it was being worked
      }
    }
  }

  private void forgetFailures(K key) {
    synchronized (pending) {
      failures.remove(key);
    }
  }

  private Duration nextDelay(K key) {
    int failed;
    synchronized (pending) {
      failed = failures.merge(key, 1, Integer::sum);
    }
    return retryDelay(firstRetry, maxRetry, failed);
  }

  @Override
  public void close() {
    closed = true;
    running = false;
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
