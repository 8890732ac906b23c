package dev.portolan.catalog;

import dev.portolan.kit.JsonEquality;
import dev.portolan.model.Api;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;
import java.util.Objects;

/** The marks discovery puts on the entities it makes, and how it tells them apart. */
public final class DiscoveredEntities {
  /** The label every discovered entity carries. */
  public static final String LABEL = Api.DISCOVERED_LABEL;

  /** The rule that made the entity: {@code blueprint[index]}. */
  public static final String RULE_ANNOTATION = Api.GROUP + "/discovery-rule";

  /** The source object's uid. */
  public static final String SOURCE_UID_ANNOTATION = Api.GROUP + "/source-uid";

  /** The source object, as {@code apiVersion/kind/namespace/name}. */
  public static final String SOURCE_ANNOTATION = Api.GROUP + "/source";

  private DiscoveredEntities() {}

  /** Whether discovery made this entity: only those it may change or delete. */
  public static boolean isDiscovered(Entity entity) {
    Map<String, String> labels = entity.getMetadata().getLabels();
    return labels != null
        && "true".equals(labels.get(LABEL))
        && annotation(entity, RULE_ANNOTATION) != null
        && annotation(entity, SOURCE_UID_ANNOTATION) != null;
  }

  public static String annotation(HasMetadata resource, String key) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** The source object's uid, if discovery made the entity and the source owns it. */
  public static String sourceUid(Entity entity) {
    if (!isDiscovered(entity)) {
      return null;
    }
    String uid = annotation(entity, SOURCE_UID_ANNOTATION);
    boolean owned =
        entity.getMetadata().getOwnerReferences() != null
            && entity.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> uid.equals(o.getUid()));
    return owned ? uid : null;
  }

  /** The source of a discovered entity as its status shows it, or null for any other entity. */
  public static EntityStatus.Source source(Entity entity) {
    String uid = sourceUid(entity);
    if (uid == null) {
      return null;
    }
    OwnerReference owner =
        entity.getMetadata().getOwnerReferences().stream()
            .filter(o -> uid.equals(o.getUid()))
            .findFirst()
            .orElseThrow();
    EntityStatus.Source source = new EntityStatus.Source();
    source.apiVersion = owner.getApiVersion();
    source.kind = owner.getKind();
    source.name = owner.getName();
    source.uid = uid;
    String text = annotation(entity, SOURCE_ANNOTATION);
    // apiVersion/kind/namespace/name, where apiVersion may itself hold a slash
    if (text != null) {
      String[] parts = text.split("/");
      if (parts.length >= 4 && !parts[parts.length - 2].isEmpty()) {
        source.namespace = parts[parts.length - 2];
      }
    }
    return source;
  }

  public static OwnerReference ownerReference(HasMetadata source) {
    return new OwnerReferenceBuilder()
        .withApiVersion(source.getApiVersion())
        .withKind(source.getKind())
        .withName(source.getMetadata().getName())
        .withUid(source.getMetadata().getUid())
        .build();
  }

  /**
   * Whether the existing entity already says what the desired one says: spec, the discovery labels
   * and annotations, and the owner reference. Other metadata is left as it is.
   */
  public static boolean upToDate(Entity existing, Entity desired) {
    if (!JsonEquality.same(existing.getSpec(), desired.getSpec())) {
      return false;
    }
    for (Map.Entry<String, String> label : desired.getMetadata().getLabels().entrySet()) {
      if (existing.getMetadata().getLabels() == null
          || !label.getValue().equals(existing.getMetadata().getLabels().get(label.getKey()))) {
        return false;
      }
    }
    for (Map.Entry<String, String> note : desired.getMetadata().getAnnotations().entrySet()) {
      if (!note.getValue().equals(annotation(existing, note.getKey()))) {
        return false;
      }
    }
    return Objects.equals(
        existing.getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences());
  }
}
