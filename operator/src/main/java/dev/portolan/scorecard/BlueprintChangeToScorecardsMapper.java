package dev.portolan.scorecard;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.Set;

/**
 * Maps a blueprint's arrival or removal to the scorecards that name it, whose Ready condition says
 * whether their blueprint exists. Other blueprint changes reach the scorecards through their
 * entities' re-graded results.
 */
public final class BlueprintChangeToScorecardsMapper {
  private final CatalogLookup lookup;

  public BlueprintChangeToScorecardsMapper(CatalogLookup lookup) {
    this.lookup = lookup;
  }

  public Set<ResourceID> map(Blueprint oldBlueprint, Blueprint newBlueprint) {
    if (oldBlueprint != null && newBlueprint != null) {
      return Set.of();
    }
    Blueprint changed = newBlueprint != null ? newBlueprint : oldBlueprint;
    Set<ResourceID> ids = new HashSet<>();
    for (Scorecard scorecard : lookup.scorecardsOfBlueprint(changed.getMetadata().getName())) {
      ids.add(new ResourceID(scorecard.getMetadata().getName()));
    }
    return ids;
  }
}
