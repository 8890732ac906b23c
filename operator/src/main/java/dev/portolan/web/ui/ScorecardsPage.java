package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The scorecards page: for each scorecard, the distribution of entities across its levels, each
 * rule's pass rate and the entities at each level, from the same views as {@code GET
 * /api/v1/scorecards/{name}}, optionally only for one owning team.
 */
public record ScorecardsPage(String owner, List<String> owners, List<Card> cards) {

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

  /** A level, how many entities are at it, and which. */
  public record Level(String name, int count, List<EntityLink> entities) {}

  public record EntityLink(String title, String key, String href, String owner) {}

  /** A rule and its pass rate in whole percent (-1 when no entity was graded). */
  public record Rule(
      String name, String title, String level, int passed, int failed, int percent) {}

  static Card card(JsonNode one) {
    List<Level> levels = new ArrayList<>();
    one.get("levels")
        .fields()
        .forEachRemaining(
            level -> {
              List<EntityLink> entities = new ArrayList<>();
              one.path("entitiesByLevel")
                  .path(level.getKey())
                  .forEach(
                      e ->
                          entities.add(
                              new EntityLink(
                                  e.get("title").asText(),
                                  e.get("namespace").asText() + "/" + e.get("name").asText(),
                                  EntityPage.href(
                                      e.get("namespace").asText(), e.get("name").asText()),
                                  e.path("owner").asText(""))));
              levels.add(new Level(level.getKey(), level.getValue().asInt(), entities));
            });
    List<Rule> rules = new ArrayList<>();
    one.get("rules")
        .forEach(
            r ->
                rules.add(
                    new Rule(
                        r.get("name").asText(),
                        r.get("title").asText(),
                        r.get("level").asText(),
                        r.get("passed").asInt(),
                        r.get("failed").asInt(),
                        r.get("passRate").isNull()
                            ? -1
                            : (int) Math.round(100 * r.get("passRate").asDouble()))));
    return new Card(
        one.get("name").asText(),
        one.get("title").asText(),
        one.get("blueprint").asText(),
        one.get("ready").asBoolean(),
        one.get("entities").asInt(),
        levels,
        rules);
  }
}
