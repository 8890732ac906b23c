package dev.portolan.discovery;

import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link DiscoveryPlan} with the client: deletes (background propagation), then
 * creates, then updates, which rewrite the spec, the discovery marks and the owner and keep the
 * entity's status and other metadata. It never touches an entity discovery did not make. A failed
 * write throws, so that the queue retries the whole object.
 */
final class DiscoveredEntityWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveredEntityWriter.class);

  private final KubernetesClient client;

  DiscoveredEntityWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Writes the plan of one source object.
   *
   * @return whether an entity to create exists already (made a moment ago and not yet in the
   *     catalog), so that the object should be planned again shortly
   */
  boolean write(DiscoveryPlan plan, SourceKey source) {
    plan.deletes().forEach(d -> delete(d.entity(), d.reason()));
    boolean again = false;
    for (Entity entity : plan.creates()) {
      again |= !create(entity, source);
    }
    for (DiscoveryPlan.Update update : plan.updates()) {
      update(update.current(), update.desired(), source);
    }
    return again;
  }

  /** Deletes each of the entities, discovered ones only. */
  void delete(List<DiscoveryPlan.Delete> deletes) {
    deletes.forEach(d -> delete(d.entity(), d.reason()));
  }

  /** Creates the entity; false when one by that name exists already. */
  private boolean create(Entity desired, SourceKey source) {
    try {
      client.resource(desired).create();
      LOG.info("Discovered {} from {}", DiscoveryPlan.ref(desired), source);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return false;
    }
  }

  private void update(Entity current, Entity desired, SourceKey source) {
    if (!DiscoveredEntities.isDiscovered(current)) {
      return; // never an entity discovery did not make
    }
    client.resource(updated(current, desired)).update();
    LOG.info("Updated discovered {} from {}", DiscoveryPlan.ref(desired), source);
  }

  /**
   * The current entity with the desired spec, discovery labels, annotations and owner, and
   * everything else (status, resource version, other labels and annotations) as it is.
   */
  static Entity updated(Entity current, Entity desired) {
    ObjectMeta meta = new ObjectMetaBuilder(current.getMetadata()).build();
    if (meta.getLabels() == null) {
      meta.setLabels(new HashMap<>());
    }
    meta.getLabels().putAll(desired.getMetadata().getLabels());
    if (meta.getAnnotations() == null) {
      meta.setAnnotations(new HashMap<>());
    }
    meta.getAnnotations().putAll(desired.getMetadata().getAnnotations());
    meta.setOwnerReferences(desired.getMetadata().getOwnerReferences());
    Entity updated = new Entity();
    updated.setMetadata(meta);
    updated.setSpec(desired.getSpec());
    updated.setStatus(current.getStatus());
    return updated;
  }

  private void delete(Entity entity, String why) {
    if (!DiscoveredEntities.isDiscovered(entity)) {
      return; // never an entity discovery did not make
    }
    try {
      client.resource(entity).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      EntityRef ref = DiscoveryPlan.ref(entity);
      LOG.info("Removed discovered {}/{}: {}", ref.namespace(), ref.name(), why);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
