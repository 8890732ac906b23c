package dev.portolan.web.ui;

import java.util.List;

/**
 * The getting-started page: what the catalog's parts are, with counts and links from the live
 * index.
 */
public record GettingStartedPage(
    int entities,
    int invalid,
    List<BlueprintCount> blueprints,
    List<ScorecardsPage.Card> scorecards) {

  public record BlueprintCount(
      String name, String title, String description, int entities, String href) {}
}
