package dev.portolan.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a controller's reconciles back until the catalog has loaded, then asks for each of them
 * once. Without it every primary the SDK hands over at start would be rescheduled on a timer of its
 * own and tried again and again until the caches are listed: 50,000 timers and retries for a large
 * catalog, where one request per primary is enough.
 *
 * <p>As an event source of the controller it reaches the controller's own queue, so a primary that
 * changes meanwhile is still reconciled once, from the newest cached copy.
 */
public final class LoadGate<P extends HasMetadata> extends TriggerEventSource<P> {
  private static final Logger LOG = LoggerFactory.getLogger(LoadGate.class);
  private static final Duration POLL = Duration.ofMillis(50);

  private final BooleanSupplier loaded;
  private final Set<ResourceID> held = new HashSet<>();
  private boolean open;
  private Thread watcher;

  /**
   * @param loaded whether the catalog has loaded; once true it must stay true
   */
  public LoadGate(String name, BooleanSupplier loaded) {
    super(name);
    this.loaded = loaded;
  }

  /**
   * Whether {@code primary} may be reconciled now; if not it is held and asked for once the catalog
   * has loaded, so the caller returns without rescheduling.
   */
  public boolean admits(P primary) {
    if (isOpen()) {
      return true;
    }
    synchronized (this) {
      if (open) {
        return true;
      }
      held.add(ResourceID.fromResource(primary));
      if (watcher == null) {
        watcher = new Thread(this::awaitLoaded, name() + "-load-gate");
        watcher.setDaemon(true);
        watcher.start();
      }
      return false;
    }
  }

  private boolean isOpen() {
    synchronized (this) {
      if (open) {
        return true;
      }
    }
    if (loaded.getAsBoolean()) {
      release();
      return true;
    }
    return false;
  }

  private void awaitLoaded() {
    try {
      while (!loaded.getAsBoolean()) {
        Thread.sleep(POLL.toMillis());
      }
      release();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void release() {
    List<ResourceID> waiting;
    synchronized (this) {
      if (open) {
        return;
      }
      open = true;
      waiting = List.copyOf(held);
      held.clear();
    }
    if (!waiting.isEmpty()) {
      LOG.info("Catalog loaded: reconciling the {} held back by {}", waiting.size(), name());
    }
    waiting.forEach(this::trigger);
  }

  @Override
  public void stop() {
    Thread running;
    synchronized (this) {
      running = watcher;
    }
    if (running != null) {
      running.interrupt();
    }
    super.stop();
  }
}
