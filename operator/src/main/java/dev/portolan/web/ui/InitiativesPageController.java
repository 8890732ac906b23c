package dev.portolan.web.ui;

import dev.portolan.web.auth.Callers;
import dev.portolan.web.view.InitiativeView;
import dev.portolan.web.view.InitiativeViews;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The Initiatives page: every initiative with its progress, deadline, phase and burn-up. */
final class InitiativesPageController {
  private final InitiativeViews views;
  private final PageRenderer renderer;

  InitiativesPageController(InitiativeViews views, PageRenderer renderer) {
    this.views = views;
    this.renderer = renderer;
  }

  void initiatives(Context ctx, Chrome chrome) {
    Predicate<String> visible = Callers.of(ctx)::maySee;
    List<InitiativesPage.Card> cards = new ArrayList<>();
    for (InitiativeView listed : views.list(visible).items()) {
      InitiativeView one = views.one(listed.name(), visible);
      cards.add(
          new InitiativesPage.Card(
              one, InitiativesPage.chart(views.history(listed.name(), visible))));
    }
    renderer.render(ctx, "initiatives.jte", chrome, new InitiativesPage(cards));
  }
}
