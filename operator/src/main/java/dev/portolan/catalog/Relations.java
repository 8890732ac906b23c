package dev.portolan.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.model.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the relation values of an entity's spec, which are one reference or a list of them. */
public final class Relations {
  private Relations() {}

  /**
   * The texts of one relation's value, in order; a text is not yet known to be a valid reference.
   */
  public static List<String> texts(JsonNode value) {
    List<String> texts = new ArrayList<>();
    if (value == null || value.isNull()) {
      return texts;
    }
    if (value.isArray()) {
      value.forEach(item -> texts.add(item.isTextual() ? item.textValue() : item.toString()));
    } else {
      texts.add(value.isTextual() ? value.textValue() : value.toString());
    }
    return texts;
  }

  /** Every valid reference the entity's relations hold, for indexing; invalid ones are skipped. */
  public static List<EntityRef> targets(Entity entity) {
    List<EntityRef> refs = new ArrayList<>();
    if (entity.getSpec() == null || entity.getSpec().relations == null) {
      return refs;
    }
    String namespace = entity.getMetadata().getNamespace();
    for (Map.Entry<String, JsonNode> relation : entity.getSpec().relations.entrySet()) {
      for (String text : texts(relation.getValue())) {
        EntityRef.parse(text, namespace).ifPresent(refs::add);
      }
    }
    return refs;
  }

  /** The valid references of one named relation of an entity. */
  public static List<EntityRef> targets(Entity entity, String relation) {
    List<EntityRef> refs = new ArrayList<>();
    if (entity.getSpec() == null || entity.getSpec().relations == null) {
      return refs;
    }
    String namespace = entity.getMetadata().getNamespace();
    for (String text : texts(entity.getSpec().relations.get(relation))) {
      EntityRef.parse(text, namespace).ifPresent(refs::add);
    }
    return refs;
  }
}
