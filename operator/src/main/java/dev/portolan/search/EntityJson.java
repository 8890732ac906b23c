package dev.portolan.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.UncheckedIOException;

/**
 * An entity as the API shows it: the resource without the API server's bookkeeping, that is without
 * {@code metadata.managedFields} and kubectl's copy of the last applied configuration. Both are
 * there for the API server and kubectl, often outweigh the rest of the entity, and say nothing a
 * portal user looks for.
 */
public final class EntityJson {
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private EntityJson() {}

  /** The entity as a tree, bookkeeping removed. */
  public static ObjectNode tree(Entity entity) {
    ObjectNode tree = Serialization.jsonMapper().valueToTree(entity);
    if (tree.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
      if (metadata.get("annotations") instanceof ObjectNode annotations) {
        annotations.remove(LAST_APPLIED);
        if (annotations.isEmpty()) {
          metadata.remove("annotations");
        }
      }
    }
    return tree;
  }

  /** The entity as UTF-8 JSON, bookkeeping removed. */
  public static byte[] bytes(Entity entity) {
    try {
      return Serialization.jsonMapper().writeValueAsBytes(tree(entity));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads back what {@link #bytes} wrote. */
  public static JsonNode read(byte[] json) {
    try {
      return Serialization.jsonMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
