package dev.portolan.web.ui;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.view.LevelPage;
import dev.portolan.web.view.ScorecardViews;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
  private final PageRenderer renderer;

  ScorecardsPageController(CatalogIndex index, PageRenderer renderer) {
    this.index = index;
    this.renderer = renderer;
  }

  void scorecards(Context ctx, Chrome chrome) {
    String owner = Objects.requireNonNullElse(ctx.queryParam("owner"), "");
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
    Predicate<Entity> ofOwner = e -> owner.isEmpty() || owner.equals(e.getSpec().owner);
    // Every scorecard lists a few entities per level; one scorecard a page of them, or of one
    // level.
    LevelPage page =
        LevelPage.parse(ctx.queryParamMap(), name == null ? LIST_LIMIT : LevelPage.DEFAULT_LIMIT);
    List<ScorecardsPage.Card> cards = new ArrayList<>();
    Set<String> owners = new TreeSet<>();
    for (Scorecard scorecard : scorecards) {
      cards.add(
          ScorecardsPage.card(
              ScorecardViews.one(index, scorecard, visible, ofOwner, page), owner, page));
      owners.addAll(ScorecardViews.owners(index, scorecard, visible));
    }
    if (!owner.isEmpty() && !owners.contains(owner)) {
      throw ApiException.notFound(
          "no entity graded by "
              + (name == null ? "any scorecard" : "scorecard '" + name + "'")
              + " is owned by '"
              + owner
              + "'",
          "owner");
    }
    renderer.render(
        ctx, "scorecards.jte", chrome, new ScorecardsPage(owner, List.copyOf(owners), cards));
  }
}
