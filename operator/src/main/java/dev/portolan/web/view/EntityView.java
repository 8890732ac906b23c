package dev.portolan.web.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.Relations;
import dev.portolan.model.Entity;
import dev.portolan.search.EntityJson;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * One entity as its page shows it: the resource with its status, and its relations in both
 * directions, each resolved to the related entity's title and blueprint (or marked missing).
 */
public final class EntityView {
  private EntityView() {}

  /** The view with the entity serialized afresh (pages that do not hold its cached JSON). */
  public static JsonNode of(
      Entity entity, CatalogLookup lookup, Predicate<String> maySeeNamespace) {
    return of(entity, EntityJson.bytes(entity), lookup, maySeeNamespace);
  }

  /**
   * @param entityJson the entity as {@link EntityJson} serializes it, copied into the view as is
   */
  public static JsonNode of(
      Entity entity, byte[] entityJson, CatalogLookup lookup, Predicate<String> maySeeNamespace) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode view = nodes.objectNode();
    view.putRawValue("entity", new RawValue(new String(entityJson, StandardCharsets.UTF_8)));
    EntityRef self =
        new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName());
    ArrayNode outgoing = nodes.arrayNode();
    if (entity.getSpec() != null && entity.getSpec().relations != null) {
      for (String relation : entity.getSpec().relations.keySet()) {
        for (EntityRef target : Relations.targets(entity, relation)) {
          if (maySeeNamespace.test(target.namespace())) {
            outgoing.add(link(relation, target, lookup));
          }
        }
      }
    }
    ArrayNode incoming = nodes.arrayNode();
    for (Entity referrer : lookup.referrers(self)) {
      EntityRef from =
          new EntityRef(referrer.getMetadata().getNamespace(), referrer.getMetadata().getName());
      if (!maySeeNamespace.test(from.namespace()) || referrer.getSpec() == null) {
        continue;
      }
      for (String relation : referrer.getSpec().relations.keySet()) {
        if (Relations.targets(referrer, relation).contains(self)) {
          incoming.add(link(relation, from, lookup));
        }
      }
    }
    ObjectNode relations = view.putObject("relations");
    relations.set("outgoing", outgoing);
    relations.set("incoming", incoming);
    view.set(
        "scorecards",
        entity.getStatus() == null
            ? nodes.objectNode()
            : Serialization.jsonMapper().valueToTree(entity.getStatus().scorecards));
    return view;
  }

  private static ObjectNode link(String relation, EntityRef ref, CatalogLookup lookup) {
    ObjectNode link = JsonNodeFactory.instance.objectNode();
    link.put("relation", relation);
    link.put("namespace", ref.namespace());
    link.put("name", ref.name());
    lookup
        .entity(ref)
        .ifPresentOrElse(
            e -> {
              link.put(
                  "title",
                  e.getSpec() == null || e.getSpec().title == null
                      ? ref.name()
                      : e.getSpec().title);
              link.put("blueprint", e.getSpec() == null ? null : e.getSpec().blueprint);
              link.put("exists", true);
            },
            () -> link.put("exists", false));
    return link;
  }
}
