package dev.portolan.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TriggerEventSource} that reconciles each primary asked for at most once per period,
 * however often it is asked: for counts that change many times a second, written now and then.
 */
public final class CoalescingTrigger<P extends HasMetadata> extends TriggerEventSource<P> {
  private final Set<ResourceID> asked = ConcurrentHashMap.newKeySet();
  private final Duration period;
  private volatile ScheduledExecutorService flusher;

  public CoalescingTrigger(String name, Duration period) {
    super(name);
    this.period = period;
  }

  @Override
  public void trigger(ResourceID id) {
    asked.add(id);
  }

  @Override
  public synchronized void start() {
    super.start();
    if (flusher == null) {
      flusher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "trigger-" + name());
                thread.setDaemon(true);
                return thread;
              });
      flusher.scheduleWithFixedDelay(
          this::flush, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  void flush() {
    for (ResourceID id : Set.copyOf(asked)) {
      asked.remove(id);
      super.trigger(id);
    }
  }

  @Override
  public synchronized void stop() {
    if (flusher != null) {
      flusher.shutdownNow();
      flusher = null;
    }
    super.stop();
  }
}
