package dev.portolan.kit;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Writes a primary resource's status only when it differs from the one it has, with an update of
 * the status subresource that carries the resource version (optimistic locking), and keeps the
 * written resource in the controller's cache so the next reconcile reads its own write. Counts the
 * writes per kind, which is how tests and benchmarks see needless rewrites.
 */
public final class StatusWriter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StatusWriter.class);
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /**
   * @param kinds the kinds whose writes are counted from the start (at 0), so the series exist
   *     before any write
   */
  public StatusWriter(MeterRegistry registry, String... kinds) {
    this.registry = registry;
    for (String kind : kinds) {
      counter(kind);
    }
  }

  /**
   * @param desired builds the desired status from the current one (which may be null); called again
   *     on the freshest resource if the write has to be retried
   * @return whether a write was made
   */
  public <S, P extends CustomResource<?, S>> boolean write(
      P primary, Context<P> context, UnaryOperator<S> desired) {
    S current = primary.getStatus();
    S wanted = desired.apply(current);
    if (same(current, wanted)) {
      return false;
    }
    if (LOG.isDebugEnabled()) {
      var mapper = Serialization.jsonMapper();
      LOG.debug(
          "Status of {} {}/{} changes from {} to {}",
          primary.getKind(),
          primary.getMetadata().getNamespace(),
          primary.getMetadata().getName(),
          mapper.valueToTree(current),
          mapper.valueToTree(wanted));
    }
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        primary,
        context,
        resource -> {
          resource.setStatus(desired.apply(resource.getStatus()));
          return resource;
        });
    counter(primary.getKind()).increment();
    return true;
  }

  /** How many status writes were made for a kind since start. */
  public double writes(String kind) {
    return counter(kind).count();
  }

  static boolean same(Object current, Object wanted) {
    return JsonEquality.same(current, wanted);
  }

  private Counter counter(String kind) {
    return counters.computeIfAbsent(
        kind,
        k ->
            Counter.builder("portolan_status_writes")
                .description("Status writes made by the operator, by kind")
                .tag("kind", k)
                .register(registry));
  }
}
