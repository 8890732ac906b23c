package dev.portolan.discovery;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.catalog.EntityRef;
import dev.portolan.kit.Problem;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery's writes: creates a desired entity, updates a discovered one whose spec, discovery
 * marks or owner differ (leaving its status and other metadata alone), deletes one discovery made.
 * It never touches an entity discovery did not make, and reports, instead of writing, an entity
 * that two objects map to.
 */
final class DiscoveredEntityWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveredEntityWriter.class);

  private final KubernetesClient client;
  private final CatalogIndex index;
  private final DiscoveryReports reports;
  private final Function<String, DiscoveryController.Key> sourceOfUid;
  private final Consumer<DiscoveryController.Key> retrySoon;

  /**
   * @param sourceOfUid the queue key of the live object with a uid, or null
   * @param retrySoon puts an object back on the queue shortly (its entity was made a moment ago and
   *     is not in the index yet)
   */
  DiscoveredEntityWriter(
      KubernetesClient client,
      CatalogIndex index,
      DiscoveryReports reports,
      Function<String, DiscoveryController.Key> sourceOfUid,
      Consumer<DiscoveryController.Key> retrySoon) {
    this.client = client;
    this.index = index;
    this.reports = reports;
    this.sourceOfUid = sourceOfUid;
    this.retrySoon = retrySoon;
  }

  /** Writes one desired entity; true when it was created (it reaches the index only later). */
  boolean write(EntityRef ref, Entity desired, DiscoveryController.Key source) {
    Entity current = index.entity(ref).orElse(null);
    if (current == null) {
      try {
        client.resource(desired).create();
        LOG.info("Discovered {} from {}", ref, source);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Made a moment ago and not yet in the index: look again once it is.
        retrySoon.accept(source);
      }
      return false;
    }
    String blueprint = desired.getSpec().blueprint;
    String rule = DiscoveredEntities.annotation(desired, DiscoveredEntities.RULE_ANNOTATION);
    if (!DiscoveredEntities.isDiscovered(current)) {
      reports.objectProblems(
          blueprint,
          source.toString(),
          List.of(
              new Problem(
                  "EntityExists",
                  "spec.discovery: "
                      + source
                      + " maps to entity "
                      + ref.key()
                      + ", which exists and was not made by discovery;"
                      + " discovery leaves it alone: rename or delete it, or exclude the object (annotation "
                      + DiscoveryMapper.EXCLUDE_ANNOTATION
                      + ": \"true\")")));
      return false;
    }
    String currentUid =
        DiscoveredEntities.annotation(current, DiscoveredEntities.SOURCE_UID_ANNOTATION);
    String desiredUid =
        DiscoveredEntities.annotation(desired, DiscoveredEntities.SOURCE_UID_ANNOTATION);
    if (!Objects.equals(currentUid, desiredUid) && sourceOfUid.apply(currentUid) != null) {
      reports.objectProblems(
          blueprint,
          source.toString(),
          List.of(
              new Problem(
                  DiscoveryRuleCompiler.REASON,
                  "spec.discovery: "
                      + source
                      + " and "
                      + sourceOfUid.apply(currentUid)
                      + " both map to entity "
                      + ref.key()
                      + " (rule "
                      + rule
                      + "); make the name expression tell them apart")));
      return false;
    }
    if (DiscoveredEntities.upToDate(current, desired)) {
      return false;
    }
    Entity updated = new Entity();
    ObjectMeta meta =
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(current.getMetadata()).build();
    meta.getLabels().putAll(desired.getMetadata().getLabels());
    if (meta.getAnnotations() == null) {
      meta.setAnnotations(new HashMap<>());
    }
    meta.getAnnotations().putAll(desired.getMetadata().getAnnotations());
    meta.setOwnerReferences(desired.getMetadata().getOwnerReferences());
    updated.setMetadata(meta);
    updated.setSpec(desired.getSpec());
    updated.setStatus(current.getStatus());
    client.resource(updated).update();
    LOG.info("Updated discovered {} from {}", ref, source);
    return false;
  }

  void delete(Entity entity, String why) {
    if (!DiscoveredEntities.isDiscovered(entity)) {
      return; // never an entity discovery did not make
    }
    try {
      client.resource(entity).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      LOG.info(
          "Removed discovered {}/{}: {}",
          entity.getMetadata().getNamespace(),
          entity.getMetadata().getName(),
          why);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
