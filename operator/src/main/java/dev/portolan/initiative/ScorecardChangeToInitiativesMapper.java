package dev.portolan.initiative;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Initiative;
import dev.portolan.model.Scorecard;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.Set;

/**
 * Maps a scorecard that appeared, went or changed its spec to the initiatives over it: their target
 * is checked against its levels and rules, and its levels order the grades.
 */
public final class ScorecardChangeToInitiativesMapper {
  private final CatalogIndex index;

  public ScorecardChangeToInitiativesMapper(CatalogIndex index) {
    this.index = index;
  }

  public Set<ResourceID> map(Scorecard oldScorecard, Scorecard newScorecard) {
    if (oldScorecard != null
        && newScorecard != null
        && java.util.Objects.equals(
            oldScorecard.getMetadata().getGeneration(),
            newScorecard.getMetadata().getGeneration())) {
      return Set.of();
    }
    Scorecard any = newScorecard != null ? newScorecard : oldScorecard;
    Set<ResourceID> ids = new HashSet<>();
    for (Initiative initiative : index.initiativesOfScorecard(any.getMetadata().getName())) {
      ids.add(new ResourceID(initiative.getMetadata().getName()));
    }
    return ids;
  }
}
