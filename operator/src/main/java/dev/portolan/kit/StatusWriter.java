package dev.portolan.kit;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Writes a primary resource's status only when it differs from the one it has, and keeps the
 * written resource in the controller's cache so the next reconcile reads its own write. Counts the
 * writes per kind, which is how tests and benchmarks see needless rewrites.
 *
 * <p>The write is the cheapest the API server takes for a whole status: a JSON Patch of the status
 * subresource that replaces {@code /status} and sets the resource version it was built from, which
 * the API server takes as a precondition (optimistic locking: a status built from a stale copy is
 * refused with 409 and built again from the fresh one). Unlike an update, the request carries
 * neither the spec nor the metadata, which for an entity is most of the object; unlike a merge
 * patch, a key the new status no longer has is removed without having to be listed as null.
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
    PrimaryUpdateAndCacheUtils.updateAndCacheResource(
        primary,
        context,
        resource -> {
          resource.setStatus(desired.apply(resource.getStatus()));
          return resource;
        },
        resource -> replaceStatus(context, resource));
    counter(primary.getKind()).increment();
    return true;
  }

  private static <P extends CustomResource<?, ?>> P replaceStatus(Context<P> context, P resource) {
    return context
        .getClient()
        .resource(resource)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON), statusPatch(resource));
  }

  /**
   * The JSON Patch that names the resource version to check and replaces the whole status (public
   * so that the scale benchmark measures the floor with the very same request).
   */
  public static String statusPatch(CustomResource<?, ?> resource) {
    var mapper = Serialization.jsonMapper();
    var patch = mapper.createArrayNode();
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/metadata/resourceVersion")
        .put("value", resource.getMetadata().getResourceVersion());
    patch
        .addObject()
        .put("op", "add")
        .put("path", "/status")
        .set("value", mapper.valueToTree(resource.getStatus()));
    return patch.toString();
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
