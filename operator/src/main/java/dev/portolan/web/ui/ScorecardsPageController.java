package dev.portolan.web.ui;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Scorecard;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.view.LevelPage;
import dev.portolan.web.view.ScorecardView;
import dev.portolan.web.view.ScorecardViews;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The Scorecards page: every scorecard (or one) with its levels and rules, narrowed to one owner,
 * and a page of the entities at each level ({@link LevelPage}: {@code level}, {@code offset},
 * {@code limit}), with a link to the next.
 */
final class ScorecardsPageController {
  /** How many entities per level the page of every scorecard lists. */
  static final int LIST_LIMIT = 10;

  private final CatalogIndex index;
  private final ScorecardViews views;
  private final PageRenderer renderer;

  ScorecardsPageController(CatalogIndex index, ScorecardViews views, PageRenderer renderer) {
    this.index = index;
    this.views = views;
    this.renderer = renderer;
  }

  void scorecards(Context ctx, Chrome chrome) {
    String owner = Objects.requireNonNullElse(ctx.queryParam("owner"), "").trim();
    Predicate<String> visible = Callers.of(ctx)::maySee;
    List<Scorecard> scorecards;
    String name = ctx.pathParamMap().get("name");
    if (name != null) {
      scorecards =
          List.of(
              index
                  .scorecard(name)
                  .orElseThrow(
                      () ->
                          ApiException.notFound(
                              "scorecard '" + name + "' does not exist", "name")));
    } else {
      scorecards =
          index.scorecards().stream()
              .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
              .toList();
    }
    // Every scorecard lists a few entities per level; one scorecard a page of them, or of one
    // level.
    LevelPage page =
        LevelPage.parse(ctx.queryParamMap(), name == null ? LIST_LIMIT : LevelPage.DEFAULT_LIMIT);
    List<ScorecardsPage.Card> cards = new ArrayList<>();
    Map<String, Integer> owners = new HashMap<>();
    int gradedOfOwner = 0;
    for (Scorecard scorecard : scorecards) {
      ScorecardView view = views.one(scorecard, visible, owner, page);
      gradedOfOwner += view.entities();
      cards.add(ScorecardsPage.card(view, owner, page));
      views.owners(scorecard, visible).forEach((o, count) -> owners.merge(o, count, Integer::sum));
    }
    if (!owner.isEmpty() && gradedOfOwner == 0) {
      throw ApiException.notFound(
          "no entity graded by "
              + (name == null ? "any scorecard" : "scorecard '" + name + "'")
              + " is owned by '"
              + owner
              + "'",
          "owner");
    }
    List<String> offered = offered(owners, owner);
    renderer.render(
        ctx,
        "scorecards.jte",
        chrome,
        new ScorecardsPage(
            owner,
            offered,
            (int) owners.keySet().stream().filter(o -> !offered.contains(o)).count(),
            cards));
  }

  /**
   * The owners the filter offers: the {@link ScorecardViews#OWNER_CHOICES} with the most graded
   * entities (ties by name) and the one chosen, in name order.
   */
  static List<String> offered(Map<String, Integer> owners, String chosen) {
    Set<String> offered = new TreeSet<>();
    owners.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(ScorecardViews.OWNER_CHOICES)
        .forEach(e -> offered.add(e.getKey()));
    if (!chosen.isEmpty()) {
      offered.add(chosen);
    }
    return List.copyOf(offered);
  }
}
