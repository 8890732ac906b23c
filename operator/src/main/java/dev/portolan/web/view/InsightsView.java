package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portolan.action.ActionAdoption;
import java.util.List;

/**
 * The insights for leads and executives ({@code GET /api/v1/insights}), counted over what the
 * caller may see: the catalog's entities per blueprint, each scorecard's daily level counts (its
 * growth and the share at each level over time, whole only under the history endpoint's rule), the
 * self-service adoption of actions, and the teams with the most entities.
 *
 * @param actions null when the portal serves no actions
 * @param teamsLeftOut how many more teams own visible entities than {@code teams} names
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InsightsView(
    int entities,
    List<BlueprintTotal> blueprints,
    List<ScorecardHistoryView> scorecards,
    ActionAdoption actions,
    List<Team> teams,
    int teamsLeftOut) {

  /** A blueprint and how many of its entities the caller may see. */
  public record BlueprintTotal(String name, String title, int entities) {}

  /** A team (an entity owner) and how many of the entities the caller may see it owns. */
  public record Team(String owner, int entities) {}
}
