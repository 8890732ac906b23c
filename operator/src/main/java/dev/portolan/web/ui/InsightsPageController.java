package dev.portolan.web.ui;

import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.view.InsightViews;
import io.javalin.http.Context;

/**
 * The Insights pages: for leads and executives ({@code /insights}, the figures of {@code GET
 * /api/v1/insights}) and for one team ({@code /insights/teams/{owner}}); {@code
 * /insights?team=name}, the team picker's form, goes to that team's page.
 */
final class InsightsPageController {
  private final InsightViews views;
  private final PageRenderer renderer;

  InsightsPageController(InsightViews views, PageRenderer renderer) {
    this.views = views;
    this.renderer = renderer;
  }

  void overview(Context ctx, Chrome chrome) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!name.equals("team")) {
        throw ApiException.badRequest(
            "unknown query parameter '" + name + "'; this page takes only team", name);
      }
    }
    String team = ctx.queryParam("team");
    if (team != null && !team.isBlank()) {
      ctx.redirect(InsightsPage.Team.href(team.trim()));
      return;
    }
    renderer.render(
        ctx,
        "insights.jte",
        chrome,
        InsightsPage.overview(views.overview(Callers.of(ctx)::maySee)));
  }

  void team(Context ctx, Chrome chrome) {
    renderer.render(
        ctx,
        "insights-team.jte",
        chrome,
        InsightsPage.team(views.team(ctx.pathParam("owner"), Callers.of(ctx)::maySee)));
  }
}
