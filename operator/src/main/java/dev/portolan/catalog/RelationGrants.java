package dev.portolan.catalog;

import dev.portolan.model.RelationGrant;
import dev.portolan.model.RelationGrantSpec;

/**
 * Whether an entity may relate to an entity of another namespace: only when that namespace grants it with a
 * {@link RelationGrant}. A relation within one namespace needs no grant. Whoever may read an entity may read the
 * values mirrored into it, so a value crosses a namespace wall only where the owners of its source allowed it.
 */
public final class RelationGrants {
  private RelationGrants() {}

  /**
   * @param targetBlueprint the blueprint of the entity related to (the relation's declared target)
   */
  public static boolean permits(CatalogLookup lookup, String fromNamespace, String targetNamespace,
      String targetBlueprint) {
    if (targetNamespace.equals(fromNamespace)) {
      return true;
    }
    for (RelationGrant grant : lookup.relationGrants(targetNamespace)) {
      RelationGrantSpec spec = grant.getSpec();
      if (spec != null && spec.from != null && grantsFrom(spec, fromNamespace)
          && (spec.blueprints == null || spec.blueprints.isEmpty() || spec.blueprints.contains(targetBlueprint))) {
        return true;
      }
    }
    return false;
  }

  private static boolean grantsFrom(RelationGrantSpec spec, String namespace) {
    return spec.from.stream().anyMatch(f -> f != null && ("*".equals(f.namespace) || namespace.equals(f.namespace)));
  }

  /** What to tell the owner of a relation that is not granted: where the grant goes and what it says. */
  static String notGranted(String at, EntityRef target, String fromNamespace, String targetBlueprint) {
    return at + ": namespace '" + target.namespace() + "' does not let entities of '" + fromNamespace
        + "' relate to its '" + targetBlueprint + "' entities, so '" + target.key()
        + "' cannot be used; its owners can allow it with a RelationGrant in '" + target.namespace()
        + "' (spec.from: [{namespace: " + fromNamespace + "}]), or relate to an entity of '" + fromNamespace + "'";
  }
}
