package dev.portolan.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.search.EntityQuery;
import dev.portolan.search.EntitySearch;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.http.CrossSitePolicy;
import dev.portolan.web.http.StrictJson;
import dev.portolan.web.view.ActionViews;
import dev.portolan.web.view.AutomationViews;
import dev.portolan.web.view.EntityDetail;
import dev.portolan.web.view.EntityView;
import dev.portolan.web.view.GraphQuery;
import dev.portolan.web.view.InitiativeViews;
import dev.portolan.web.view.InsightViews;
import dev.portolan.web.view.LevelPage;
import dev.portolan.web.view.ScorecardViews;
import dev.portolan.web.view.WaiverViews;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The JSON API under {@code /api/v1}: every request is authenticated into a caller first, then
 * answered from the in-memory index and the views with no call to the API server, except the few
 * made as the caller (creating and deciding runs, reading a run's log).
 */
public final class ApiRoutes {
  private final CatalogIndex index;
  private final EntitySearch search;
  private final ScorecardViews scorecards;
  private final ActionViews actions;
  private final InsightViews insights;
  private final WaiverViews waivers;
  private final AutomationViews automations;
  private final InitiativeViews initiatives;
  private final Access access;
  private final List<String> routes = new ArrayList<>();

  /** One filtered search at a time per caller. */
  private final ExpensiveRequests expensive = new ExpensiveRequests(1);

  private Javalin app;

  /**
   * @param actions the action endpoints, or null to serve the catalog only
   */
  public ApiRoutes(
      CatalogIndex index,
      EntitySearch search,
      ScorecardViews scorecards,
      ActionViews actions,
      Access access) {
    this(index, search, scorecards, null, actions, access);
  }

  /**
   * @param initiatives the initiative endpoints, or null to serve none
   * @param actions the action endpoints, or null to serve the catalog only
   */
  public ApiRoutes(
      CatalogIndex index,
      EntitySearch search,
      ScorecardViews scorecards,
      InitiativeViews initiatives,
      ActionViews actions,
      Access access) {
    this(
        index,
        search,
        scorecards,
        initiatives,
        actions,
        new InsightViews(
            index, scorecards, initiatives, actions != null, java.time.Clock.systemUTC()),
        access);
  }

  /**
   * @param initiatives the initiative endpoints, or null to serve none
   * @param actions the action endpoints, or null to serve the catalog only
   * @param insights the insights, sharing {@code scorecards} and {@code initiatives}
   */
  public ApiRoutes(
      CatalogIndex index,
      EntitySearch search,
      ScorecardViews scorecards,
      InitiativeViews initiatives,
      ActionViews actions,
      InsightViews insights,
      Access access) {
    this.index = index;
    this.search = search;
    this.scorecards = scorecards;
    this.initiatives = initiatives;
    this.actions = actions;
    this.insights = insights;
    this.waivers = new WaiverViews(index);
    this.automations = AutomationViews.over(index, java.time.Clock.systemUTC());
    this.access = access;
  }

  /** Adds the API's routes; returns each as {@code METHOD path}. */
  public List<String> register(Javalin app) {
    this.app = app;
    app.before("/api/*", ctx -> Callers.authenticate(ctx, access, Callers.bearerToken(ctx)));
    get(
        "/api/v1/openapi.json",
        ctx -> ctx.contentType("application/json").result(OpenApi.document()));
    get("/api/v1/blueprints", this::blueprints);
    get("/api/v1/blueprints/{name}", this::blueprint);
    get("/api/v1/entities", this::entities);
    get("/api/v1/namespaces/{namespace}/entities/{name}", this::entity);
    get(
        "/api/v1/namespaces/{namespace}/entities/{name}/automations",
        ctx -> {
          noQuery(ctx);
          ctx.json(automations.dueOn(visibleEntity(ctx), Callers.of(ctx)::maySee));
        });
    get("/api/v1/graph", this::graph);
    get("/api/v1/scorecards", ctx -> ctx.json(scorecards.list(Callers.of(ctx)::maySee)));
    get(
        "/api/v1/scorecards/{name}",
        ctx -> {
          String name = ctx.pathParam("name");
          var scorecard =
              index
                  .scorecard(name)
                  .orElseThrow(
                      () ->
                          ApiException.notFound("scorecard '" + name + "' does not exist", "name"));
          LevelPage page = LevelPage.parse(ctx.queryParamMap(), LevelPage.DEFAULT_LIMIT);
          ctx.json(scorecards.one(scorecard, Callers.of(ctx)::maySee, null, page));
        });
    get(
        "/api/v1/scorecards/{name}/history",
        ctx -> {
          String name = ctx.pathParam("name");
          var scorecard =
              index
                  .scorecard(name)
                  .orElseThrow(
                      () ->
                          ApiException.notFound("scorecard '" + name + "' does not exist", "name"));
          ctx.json(scorecards.history(scorecard, Callers.of(ctx)::maySee));
        });
    get(
        "/api/v1/insights",
        ctx -> {
          noQuery(ctx);
          ctx.json(insights.overview(Callers.of(ctx)::maySee));
        });
    get(
        "/api/v1/insights/teams/{owner}",
        ctx -> {
          noQuery(ctx);
          ctx.json(insights.team(ctx.pathParam("owner"), Callers.of(ctx)::maySee));
        });
    get("/api/v1/waivers", this::waivers);
    get(
        "/api/v1/namespaces/{namespace}/waivers/{name}",
        ctx ->
            ctx.json(
                waivers.one(
                    ctx.pathParam("namespace"), ctx.pathParam("name"), Callers.of(ctx)::maySee)));
    get("/api/v1/automations", this::automations);
    get(
        "/api/v1/namespaces/{namespace}/automations/{name}",
        ctx -> {
          noQuery(ctx);
          ctx.json(
              automations.one(
                  ctx.pathParam("namespace"), ctx.pathParam("name"), Callers.of(ctx)::maySee));
        });
    if (initiatives != null) {
      get("/api/v1/initiatives", ctx -> ctx.json(initiatives.list(Callers.of(ctx)::maySee)));
      get(
          "/api/v1/initiatives/{name}",
          ctx -> ctx.json(initiatives.one(ctx.pathParam("name"), Callers.of(ctx)::maySee)));
      get(
          "/api/v1/initiatives/{name}/history",
          ctx -> ctx.json(initiatives.history(ctx.pathParam("name"), Callers.of(ctx)::maySee)));
    }
    if (actions != null) {
      get("/api/v1/actiondefinitions", ctx -> ctx.json(actions.definitions().list()));
      get(
          "/api/v1/actiondefinitions/{name}",
          ctx -> ctx.json(actions.definitions().one(ctx.pathParam("name"))));
      get(
          "/api/v1/actions",
          ctx -> ctx.json(actions.runs().list(ctx.queryParamMap(), Callers.of(ctx)::maySee)));
      get(
          "/api/v1/namespaces/{namespace}/actions/{name}",
          ctx ->
              ctx.json(
                  actions
                      .runs()
                      .one(
                          ctx.pathParam("namespace"),
                          ctx.pathParam("name"),
                          Callers.of(ctx)::maySee)));
      get(
          "/api/v1/namespaces/{namespace}/actions/{name}/log",
          ctx ->
              ctx.contentType("text/plain; charset=utf-8")
                  .result(
                      actions
                          .logs()
                          .of(Callers.of(ctx), ctx.pathParam("namespace"), ctx.pathParam("name"))));
      post(
          "/api/v1/namespaces/{namespace}/actions",
          ctx ->
              ctx.status(HttpStatus.CREATED)
                  .json(
                      actions
                          .requests()
                          .create(Callers.of(ctx), ctx.pathParam("namespace"), jsonBody(ctx))));
      post(
          "/api/v1/namespaces/{namespace}/actions/{name}/decision",
          ctx -> {
            JsonNode body = jsonBody(ctx);
            if (!body.isObject()) {
              throw ApiException.badField(
                  "the body must be a JSON object: {\"decision\": \"approved\"} or"
                      + " {\"decision\": \"rejected\"}",
                  "body");
            }
            body.fieldNames()
                .forEachRemaining(
                    field -> {
                      if (!field.equals("decision")) {
                        throw ApiException.badField(
                            "unknown field '" + field + "'; the body has only decision", field);
                      }
                    });
            JsonNode decision = body.get("decision");
            if (decision == null || decision.isNull()) {
              throw ApiException.badField("decision is required: approved or rejected", "decision");
            }
            if (!decision.isTextual()) {
              throw ApiException.badField(
                  "decision must be a string, approved or rejected (got " + decision + ")",
                  "decision");
            }
            ctx.json(
                actions
                    .requests()
                    .decide(
                        Callers.of(ctx),
                        ctx.pathParam("namespace"),
                        ctx.pathParam("name"),
                        decision.textValue()));
          });
    }
    return List.copyOf(routes);
  }

  /** Refuses any query parameter, naming it: the insights endpoints take none. */
  private static void noQuery(Context ctx) {
    for (String name : ctx.queryParamMap().keySet()) {
      throw ApiException.badRequest(
          "unknown query parameter '" + name + "'; this endpoint takes none", name);
    }
  }

  private void get(String path, Handler handler) {
    app.get(path, handler);
    routes.add("GET " + path);
  }

  /**
   * A route that changes state: only from the portal itself or a client that is not a browser
   * ({@link CrossSitePolicy}, 403 otherwise), and only with a JSON body (415 otherwise), so no
   * plain HTML form or cross-site fetch without a preflight can reach it.
   */
  private void post(String path, Handler handler) {
    app.post(
        path,
        ctx -> {
          CrossSitePolicy.refusal(ctx::header)
              .ifPresent(
                  why -> {
                    throw new ApiException(403, "CrossSiteRequest", why, null);
                  });
          handler.handle(ctx);
        });
    routes.add("POST " + path);
  }

  private static JsonNode jsonBody(Context ctx) {
    return StrictJson.body(ctx.contentType(), ctx::bodyAsBytes);
  }

  /** The one value of a parameter that takes one, or null; given twice it is a 400 naming it. */
  private static String single(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.size() > 1) {
      throw ApiException.badRequest(
          name + " is given " + values.size() + " times; give it once", name);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static final Set<String> WAIVER_PARAMETERS = Set.of("namespace", "scorecard", "phase");

  private void waivers(Context ctx) {
    for (String parameter : ctx.queryParamMap().keySet()) {
      if (!WAIVER_PARAMETERS.contains(parameter)) {
        throw ApiException.badRequest(
            "unknown parameter '"
                + parameter
                + "'; the waivers take namespace, scorecard and phase",
            parameter);
      }
    }
    ctx.json(
        waivers.list(
            Callers.of(ctx)::maySee,
            single(ctx, "namespace"),
            single(ctx, "scorecard"),
            single(ctx, "phase")));
  }

  private void automations(Context ctx) {
    for (String parameter : ctx.queryParamMap().keySet()) {
      if (!AutomationViews.LIST_PARAMETERS.contains(parameter)) {
        throw ApiException.badRequest(
            "unknown parameter '" + parameter + "'; the automations take namespace and trigger",
            parameter);
      }
    }
    ctx.json(
        automations.list(
            Callers.of(ctx)::maySee, single(ctx, "namespace"), single(ctx, "trigger")));
  }

  private void blueprints(Context ctx) {
    List<Blueprint> items =
        index.blueprints().stream()
            .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
            .toList();
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void blueprint(Context ctx) {
    String name = ctx.pathParam("name");
    Blueprint blueprint =
        index
            .blueprint(name)
            .orElseThrow(
                () -> ApiException.notFound("blueprint '" + name + "' does not exist", "name"));
    ctx.json(blueprint);
  }

  private void entities(Context ctx) {
    EntityQuery query = search.parse(ctx.queryParamMap());
    if (query.filter() == null) {
      ctx.contentType("application/json").result(search.searchJson(query, Callers.of(ctx)::maySee));
      return;
    }
    ExpensiveRequests.Permit permit;
    try {
      permit = expensive.acquire(caller(ctx));
    } catch (ApiException e) {
      ctx.header("Retry-After", String.valueOf(ExpensiveRequests.RETRY_AFTER_SECONDS));
      throw e;
    }
    try (permit) {
      ctx.contentType("application/json").result(search.searchJson(query, Callers.of(ctx)::maySee));
    }
  }

  /** The allowance of expensive requests per caller, for tests. */
  ExpensiveRequests expensiveRequests() {
    return expensive;
  }

  /** The search these routes answer with, for tests. */
  EntitySearch search() {
    return search;
  }

  /**
   * Whom a request's allowance of expensive requests is counted for: its user, else its address.
   */
  private static String caller(Context ctx) {
    return Callers.of(ctx)
        .identity()
        .map(identity -> "user:" + identity.username())
        .orElseGet(() -> "address:" + ctx.ip());
  }

  /** The entity the path names, when the caller may see it; 404 otherwise. */
  private Entity visibleEntity(Context ctx) {
    EntityRef ref =
        EntityRef.parse(ctx.pathParam("name"), ctx.pathParam("namespace"))
            .orElseThrow(
                () -> ApiException.badRequest("not a valid entity name or namespace", "name"));
    return index
        .entity(ref)
        .filter(e -> Callers.of(ctx).maySee(ref.namespace()))
        .orElseThrow(
            () -> ApiException.notFound("entity '" + ref.key() + "' does not exist", "name"));
  }

  private void entity(Context ctx) {
    Entity entity = visibleEntity(ctx);
    EntityDetail view =
        EntityView.of(entity, search.entityJson(entity), index, Callers.of(ctx)::maySee);
    if (actions != null) {
      view =
          view.withActions(
              actions.definitions().offeredBy(entity), actions.runs().recentOn(entity));
    }
    ctx.json(view);
  }

  private void graph(Context ctx) {
    GraphQuery.checkParameters(ctx.queryParamMap());
    String root = single(ctx, "root");
    String depth = single(ctx, "depth");
    if (root == null && depth != null) {
      throw ApiException.badRequest("depth is the reach around root; give root too", "depth");
    }
    GraphQuery query = GraphQuery.parse(ctx.queryParamMap());
    Predicate<String> visible = Callers.of(ctx)::maySee;
    Set<String> relations = new LinkedHashSet<>(query.relations());
    if (query.root() != null) {
      ctx.json(query.around(index, relations, visible));
      return;
    }
    if (query.blueprints().isEmpty()) {
      throw ApiException.badRequest(
          "give root (namespace/name) for a neighbourhood, or blueprint for a whole"
              + " blueprint set",
          "root");
    }
    ctx.json(
        query.ofBlueprints(index, new LinkedHashSet<>(query.blueprints()), relations, visible));
  }
}
