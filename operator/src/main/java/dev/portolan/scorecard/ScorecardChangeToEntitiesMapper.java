package dev.portolan.scorecard;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.kit.Changes;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Maps a change of a scorecard's spec (or its arrival or removal) to the entities to re-grade: the
 * entities of its blueprint, and of its previous blueprint when {@code spec.blueprint} changed
 * (they lose their result). Status-only updates of the scorecard (its aggregate) map to nothing.
 */
public final class ScorecardChangeToEntitiesMapper {
  private final CatalogLookup lookup;

  public ScorecardChangeToEntitiesMapper(CatalogLookup lookup) {
    this.lookup = lookup;
  }

  public Set<ResourceID> map(Scorecard oldScorecard, Scorecard newScorecard) {
    if (!Changes.specChanged(oldScorecard, newScorecard)) {
      return Set.of();
    }
    Set<String> blueprints = new LinkedHashSet<>(2);
    addBlueprint(oldScorecard, blueprints);
    addBlueprint(newScorecard, blueprints);
    Set<ResourceID> ids = new HashSet<>();
    for (String blueprint : blueprints) {
      for (Entity entity : lookup.entitiesOfBlueprint(blueprint)) {
        ids.add(ResourceID.fromResource(entity));
      }
    }
    return ids;
  }

  private static void addBlueprint(Scorecard scorecard, Set<String> blueprints) {
    if (scorecard != null && scorecard.getSpec() != null && scorecard.getSpec().blueprint != null) {
      blueprints.add(scorecard.getSpec().blueprint);
    }
  }
}
