package dev.portolan.web.ui;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Entity;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.view.ScorecardViews;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Getting started page: the parts of the portal, with live counts of what the caller may see.
 */
final class GettingStartedPageController {
  private final CatalogIndex index;
  private final ScorecardViews scorecardViews;
  private final PageRenderer renderer;

  GettingStartedPageController(
      CatalogIndex index, ScorecardViews scorecardViews, PageRenderer renderer) {
    this.index = index;
    this.scorecardViews = scorecardViews;
    this.renderer = renderer;
  }

  void gettingStarted(Context ctx, Chrome chrome) {
    Predicate<String> visible = Callers.of(ctx)::maySee;
    Map<String, Boolean> seen = new LinkedHashMap<>();
    List<GettingStartedPage.BlueprintCount> blueprints = new ArrayList<>();
    int entities = 0;
    int invalid = 0;
    for (var blueprint :
        index.blueprints().stream()
            .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
            .toList()) {
      int count = 0;
      for (Entity entity : index.entitiesOfBlueprint(blueprint.getMetadata().getName())) {
        if (seen.computeIfAbsent(entity.getMetadata().getNamespace(), visible::test)) {
          count++;
          if (EntityPage.isInvalid(entity)) {
            invalid++;
          }
        }
      }
      entities += count;
      blueprints.add(
          new GettingStartedPage.BlueprintCount(
              blueprint.getMetadata().getName(),
              blueprint.getSpec().title,
              blueprint.getSpec().description,
              count,
              "/catalog?blueprint=" + Params.encode(blueprint.getMetadata().getName())));
    }
    List<ScorecardsPage.Card> scorecards = new ArrayList<>();
    index.scorecards().stream()
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .forEach(s -> scorecards.add(ScorecardsPage.card(scorecardViews.one(s, visible))));
    renderer.render(
        ctx,
        "getting-started.jte",
        chrome,
        new GettingStartedPage(entities, invalid, blueprints, scorecards));
  }
}
