package dev.portolan.web.ui;

import dev.portolan.web.view.LevelPage;
import dev.portolan.web.view.ScorecardView;
import java.util.ArrayList;
import java.util.List;

/**
 * The scorecards page: for each scorecard, the distribution of entities across its levels, each
 * rule's pass rate and the entities at each level, from the same views as {@code GET
 * /api/v1/scorecards/{name}}, optionally only for one owning team.
 *
 * @param owners the owners the filter offers (the most frequent and the one chosen), in name order
 * @param ownersLeftOut how many more owners there are, found by typing their name
 */
public record ScorecardsPage(
    String owner, List<String> owners, int ownersLeftOut, List<Card> cards) {

  public record Card(
      String name,
      String title,
      String blueprint,
      boolean ready,
      int entities,
      List<Level> levels,
      List<Rule> rules) {
    public String href() {
      return "/scorecards/" + Params.encode(name);
    }
  }

  /**
   * A level, how many entities are at it, and a page of them: from {@code from} (0-based), with the
   * link to the next page, or null on the last.
   */
  public record Level(
      String name, int count, List<EntityLink> entities, int from, String nextHref) {
    public Level(String name, int count, List<EntityLink> entities) {
      this(name, count, entities, 0, null);
    }

    /** Whether the list is only part of the level's entities. */
    public boolean partial() {
      return entities.size() < count;
    }
  }

  public record EntityLink(String title, String key, String href, String owner) {}

  /** A rule and its pass rate in whole percent (-1 when no entity was graded). */
  public record Rule(
      String name, String title, String level, int passed, int failed, int percent) {}

  static Card card(ScorecardView one) {
    return card(one, "", LevelPage.FIRST);
  }

  /**
   * The card of {@code one} as the page listed it ({@code page}), its next pages' links keeping the
   * owner filter.
   */
  static Card card(ScorecardView one, String owner, LevelPage page) {
    List<Level> levels = new ArrayList<>();
    one.levels()
        .forEach(
            (level, count) -> {
              List<EntityLink> entities = new ArrayList<>();
              List<ScorecardView.GradedEntity> atLevel =
                  one.entitiesByLevel() == null ? null : one.entitiesByLevel().get(level);
              if (atLevel != null) {
                for (ScorecardView.GradedEntity e : atLevel) {
                  entities.add(
                      new EntityLink(
                          e.title(),
                          e.namespace() + "/" + e.name(),
                          EntityPage.href(e.namespace(), e.name()),
                          e.owner() == null ? "" : e.owner()));
                }
              }
              Integer next = one.nextOffset() == null ? null : one.nextOffset().get(level);
              String nextHref =
                  next == null
                      ? null
                      : "/scorecards/"
                          + Params.encode(one.name())
                          + "?level="
                          + Params.encode(level)
                          + "&offset="
                          + next
                          + (owner.isEmpty() ? "" : "&owner=" + Params.encode(owner));
              levels.add(new Level(level, count, entities, page.offset(), nextHref));
            });
    List<Rule> rules = new ArrayList<>();
    for (ScorecardView.RuleTally r : one.rules()) {
      rules.add(
          new Rule(
              r.name(),
              r.title(),
              r.level(),
              r.passed(),
              r.failed(),
              r.passRate() == null ? -1 : (int) Math.round(100 * r.passRate())));
    }
    return new Card(
        one.name(), one.title(), one.blueprint(), one.ready(), one.entities(), levels, rules);
  }
}
