package dev.portolan.web.ui;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.search.EntitySearch;
import dev.portolan.search.QueryException;
import dev.portolan.web.auth.Access;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.view.ActionViews;
import dev.portolan.web.view.AutomationViews;
import dev.portolan.web.view.InitiativeViews;
import dev.portolan.web.view.InsightViews;
import dev.portolan.web.view.ScorecardViews;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI's routes on the portal's Javalin server: each path to its page controller, wrapped in
 * the session ({@link UiSession}: security headers, sign-in, same-origin posts) and in errors shown
 * as pages. Every page reads the same views as the JSON API under the same {@link Access} rules, so
 * it shows a user only what the API would; a bad parameter is a page that names it.
 */
public final class PortalUi {
  private static final Logger LOG = LoggerFactory.getLogger(PortalUi.class);

  private final UiAssets assets = new UiAssets();
  private final PageRenderer renderer = new PageRenderer();
  private final UiSession session;
  private final CatalogPageController catalog;
  private final EntityPageController entities;
  private final GraphPageController graph;
  private final ScorecardsPageController scorecards;
  private final InitiativesPageController initiatives;
  private final GettingStartedPageController gettingStarted;
  private final RunPagesController runs;
  private final CreatePageController create;
  private final InsightsPageController insights;
  private final AutomationsPageController automations;

  public PortalUi(CatalogIndex index, EntitySearch search, Access access) {
    this(index, search, new ScorecardViews(index), InitiativeViews.over(index), access, null);
  }

  /**
   * @param actions the action endpoints' services, or null when the portal serves no actions
   */
  public PortalUi(
      CatalogIndex index,
      EntitySearch search,
      ScorecardViews scorecardViews,
      InitiativeViews initiativeViews,
      Access access,
      ActionViews actions) {
    this(
        index,
        search,
        scorecardViews,
        initiativeViews,
        new InsightViews(
            index, scorecardViews, initiativeViews, actions != null, java.time.Clock.systemUTC()),
        access,
        actions);
  }

  /**
   * @param insights the insights, sharing {@code scorecardViews} and {@code initiativeViews}
   * @param actions the action endpoints' services, or null when the portal serves no actions
   */
  public PortalUi(
      CatalogIndex index,
      EntitySearch search,
      ScorecardViews scorecardViews,
      InitiativeViews initiativeViews,
      InsightViews insights,
      Access access,
      ActionViews actions) {
    this.insights = new InsightsPageController(insights, renderer);
    session = new UiSession(access, assets, renderer, actions != null);
    catalog = new CatalogPageController(index, search, renderer);
    AutomationViews automationViews = AutomationViews.over(index, java.time.Clock.systemUTC());
    entities = new EntityPageController(index, actions, automationViews, renderer);
    automations = new AutomationsPageController(automationViews, renderer);
    graph = new GraphPageController(index, renderer);
    scorecards = new ScorecardsPageController(index, scorecardViews, renderer);
    initiatives = new InitiativesPageController(initiativeViews, renderer);
    gettingStarted = new GettingStartedPageController(index, scorecardViews, renderer);
    runs = actions == null ? null : new RunPagesController(index, actions, renderer);
    create = actions == null ? null : new CreatePageController(index, actions, renderer);
  }

  /** Adds the UI's routes; the JSON API's stay as they are. */
  public void register(Javalin app) {
    app.get(
        "/static/*",
        ctx -> {
          UiSession.secure(ctx);
          assets.serve(ctx);
        });
    app.get("/", ctx -> ctx.redirect("/catalog"));
    app.get("/sign-in", session::signInPage);
    app.post("/sign-in", session::signIn);
    app.post("/sign-out", session::signOut);
    page(app, "/catalog", "catalog", catalog::catalog);
    page(app, "/entities/{namespace}/{name}", "catalog", entities::entity);
    page(app, "/graph", "graph", graph::graph);
    page(app, "/scorecards", "scorecards", scorecards::scorecards);
    page(app, "/scorecards/{name}", "scorecards", scorecards::scorecards);
    page(app, "/initiatives", "initiatives", initiatives::initiatives);
    page(app, "/automations", "automations", automations::automations);
    page(app, "/insights", "insights", insights::overview);
    page(app, "/insights/teams/{owner}", "insights", insights::team);
    page(app, "/getting-started", "getting-started", gettingStarted::gettingStarted);
    if (runs != null) {
      page(app, "/runs", "runs", runs::runs);
      page(app, "/runs/{namespace}/{name}", "runs", runs::run);
      page(app, "/runs/{namespace}/{name}/status", "runs", runs::run);
      post(
          app, "/entities/{namespace}/{name}/actions/{definition}", "catalog", entities::runAction);
      post(app, "/runs/{namespace}/{name}/decision", "runs", runs::decide);
      page(app, "/create", "create", create::page);
      post(app, "/create/{definition}", "create", create::create);
    }
  }

  /**
   * Whether a request that found no route is a person's: a browser asking for HTML ({@code Accept}
   * names {@code text/html}) for a path outside the JSON API.
   */
  public static boolean wantsPage(Context ctx) {
    String accept = ctx.header("Accept");
    String path = ctx.path();
    return accept != null
        && accept.contains("text/html")
        && !path.startsWith("/api/")
        && !path.equals("/api")
        && !path.startsWith("/static/");
  }

  /**
   * The styled page for a path that is not the portal's, with the navigation to find the way back;
   * it says nothing of the catalog, so it needs no sign-in.
   */
  public void notFound(Context ctx) {
    UiSession.secure(ctx);
    ctx.header("Cache-Control", "no-store");
    renderer.renderError(
        ctx,
        session.chrome(ctx, "none"),
        404,
        "There is no page at "
            + ctx.path()
            + ". The catalog, the graph, the scorecards, the"
            + " insights, the automations and the actions are in the menu above.",
        null);
  }

  /** A form post: the same as a page, and it must come from this portal's own pages. */
  private void post(Javalin app, String path, String section, PageHandler handler) {
    app.post(
        path,
        wrap(
            section,
            (ctx, chrome) -> {
              if (!UiSession.sameOrigin(ctx)) {
                renderer.renderError(
                    ctx, chrome, 403, "Submit this form from the portal's own pages.", null);
                return;
              }
              handler.handle(ctx, chrome);
            }));
  }

  private void page(Javalin app, String path, String section, PageHandler handler) {
    app.get(path, wrap(section, handler));
  }

  /** A page: security headers, authentication (or the sign-in page), and errors as pages. */
  private Handler wrap(String section, PageHandler handler) {
    return ctx -> {
      UiSession.secure(ctx);
      ctx.header("Cache-Control", "no-store");
      if (!session.signedIn(ctx)) {
        UiSession.toSignIn(ctx);
        return;
      }
      Chrome chrome = session.chrome(ctx, section);
      try {
        handler.handle(ctx, chrome);
      } catch (ApiException e) {
        renderer.renderError(ctx, chrome, e.status(), e.body().message(), e.body().parameter());
      } catch (QueryException e) {
        renderer.renderError(ctx, chrome, 400, e.getMessage(), e.parameter());
      } catch (Exception e) {
        LOG.error("Page {} failed", ctx.path(), e);
        renderer.renderError(
            ctx, chrome, 500, "The page failed on the server; see the operator's log.", null);
      }
    };
  }
}
