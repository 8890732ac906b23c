package dev.portolan.catalog;

import dev.portolan.kit.Compact;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import dev.portolan.model.EntityStatus;

/**
 * An entity as the catalog holds it: every map and list of its spec and status in its {@link
 * Compact compact} form. At 50,000 entities these are most of the catalog's memory (about a dozen
 * maps and half a dozen lists an entity, nearly all of one or two entries).
 */
final class CompactEntities {
  private CompactEntities() {}

  /** Compacts {@code entity} in place; what it says, and its JSON, stay the same. */
  static void compact(Entity entity) {
    EntitySpec spec = entity.getSpec();
    if (spec != null) {
      spec.properties = Compact.map(spec.properties);
      spec.relations = Compact.map(spec.relations);
      spec.links = Compact.list(spec.links);
    }
    EntityStatus status = entity.getStatus();
    if (status != null) {
      status.calculated = Compact.map(status.calculated);
      status.mirrored = Compact.map(status.mirrored);
      if (status.scorecards != null) {
        for (EntityStatus.ScorecardResult result : status.scorecards.values()) {
          if (result != null) {
            result.rules = Compact.list(result.rules);
          }
        }
      }
      status.scorecards = Compact.map(status.scorecards);
      status.conditions = Compact.conditions(status.conditions);
      status.problems = Compact.list(status.problems);
    }
  }
}
