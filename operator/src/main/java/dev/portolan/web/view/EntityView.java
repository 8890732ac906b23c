package dev.portolan.web.view;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.Relations;
import dev.portolan.model.Entity;
import dev.portolan.search.EntityJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One entity as its page shows it: the resource with its status, and its relations in both
 * directions, each resolved to the related entity's title and blueprint (or marked missing).
 */
public final class EntityView {
  private EntityView() {}

  /** The view with the entity serialized afresh (pages that do not hold its cached JSON). */
  public static EntityDetail of(
      Entity entity, CatalogLookup lookup, Predicate<String> maySeeNamespace) {
    return of(entity, EntityJson.bytes(entity), lookup, maySeeNamespace);
  }

  /**
   * @param entityJson the entity as {@link EntityJson} serializes it, copied into the view as is
   */
  public static EntityDetail of(
      Entity entity, byte[] entityJson, CatalogLookup lookup, Predicate<String> maySeeNamespace) {
    EntityRef self =
        new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName());
    List<EntityDetail.RelatedEntity> outgoing = new ArrayList<>();
    if (entity.getSpec() != null && entity.getSpec().relations != null) {
      for (String relation : entity.getSpec().relations.keySet()) {
        for (EntityRef target : Relations.targets(entity, relation)) {
          if (maySeeNamespace.test(target.namespace())) {
            outgoing.add(related(relation, target, lookup));
          }
        }
      }
    }
    List<EntityDetail.RelatedEntity> incoming = new ArrayList<>();
    for (Entity referrer : lookup.referrers(self)) {
      EntityRef from =
          new EntityRef(referrer.getMetadata().getNamespace(), referrer.getMetadata().getName());
      if (!maySeeNamespace.test(from.namespace()) || referrer.getSpec() == null) {
        continue;
      }
      for (String relation : referrer.getSpec().relations.keySet()) {
        if (Relations.targets(referrer, relation).contains(self)) {
          incoming.add(related(relation, from, lookup));
        }
      }
    }
    return new EntityDetail(
        new String(entityJson, StandardCharsets.UTF_8),
        new EntityDetail.Relations(List.copyOf(outgoing), List.copyOf(incoming)),
        entity.getStatus() == null ? Map.of() : entity.getStatus().scorecards,
        null,
        null);
  }

  /** The related entity: its title (its name when it has none) and blueprint when it exists. */
  static EntityDetail.RelatedEntity related(String relation, EntityRef ref, CatalogLookup lookup) {
    return lookup
        .entity(ref)
        .map(
            e ->
                new EntityDetail.RelatedEntity(
                    relation,
                    ref.namespace(),
                    ref.name(),
                    e.getSpec() == null || e.getSpec().title == null
                        ? ref.name()
                        : e.getSpec().title,
                    e.getSpec() == null ? null : e.getSpec().blueprint,
                    true))
        .orElseGet(
            () ->
                new EntityDetail.RelatedEntity(
                    relation, ref.namespace(), ref.name(), null, null, false));
  }
}
