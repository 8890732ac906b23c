package dev.portolan.web.ui;

import dev.portolan.web.auth.Callers;
import dev.portolan.web.view.AutomationViews;
import io.javalin.http.Context;

/** The Automations page: every automation the caller may see, with its recent firings. */
final class AutomationsPageController {
  private final AutomationViews views;
  private final PageRenderer renderer;

  AutomationsPageController(AutomationViews views, PageRenderer renderer) {
    this.views = views;
    this.renderer = renderer;
  }

  void automations(Context ctx, Chrome chrome) {
    renderer.render(
        ctx,
        "automations.jte",
        chrome,
        AutomationsPage.of(views.list(Callers.of(ctx)::maySee, null, null).items()));
  }
}
