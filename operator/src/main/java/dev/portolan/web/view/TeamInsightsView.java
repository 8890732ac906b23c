package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portolan.action.ActionAdoption;
import dev.portolan.scorecard.NextLevelBlockers;
import java.util.List;
import java.util.Map;

/**
 * One team's insights ({@code GET /api/v1/insights/teams/{owner}}), over the entities it owns in
 * namespaces the caller may see: per scorecard the count at each level and the failing rules that
 * would move the most of them up ({@link NextLevelBlockers}), the scorecard's trend, and the runs
 * of actions on its entities.
 *
 * @param trendScope what {@code Scorecard.trend} covers: the daily history is kept per scorecard
 *     for the whole catalog, not per team; a team's own series is the Prometheus gauge named here
 * @param initiatives the initiatives covering some of the team's visible entities, by name: each
 *     with its figures over what the caller may see, and in {@code owners} the team's alone
 * @param actions null when the portal serves no actions
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TeamInsightsView(
    String owner,
    int entities,
    String trendScope,
    List<Scorecard> scorecards,
    List<InitiativeView> initiatives,
    ActionAdoption actions) {
  public static final String TREND_SCOPE =
      "each scorecard's trend is its daily history over every team (the stored history is not kept"
          + " per team); this team's own series is the Prometheus gauge"
          + " portolan_scorecard_owner_entities{scorecard, owner, level}";

  /**
   * A scorecard that grades some of the team's entities.
   *
   * @param levels the team's entities at each level, None first, then the scorecard's order
   * @param nextLevelRules the failing rules holding the team's entities below their next level
   * @param trend the scorecard's daily level counts over every team, under the history rule
   */
  public record Scorecard(
      String name,
      String title,
      String blueprint,
      int entities,
      Map<String, Integer> levels,
      List<NextLevelBlockers.Blocker> nextLevelRules,
      ScorecardHistoryView trend) {}
}
