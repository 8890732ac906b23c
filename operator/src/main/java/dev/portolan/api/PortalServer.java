package dev.portolan.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's HTTP server: health, metrics and the read view of the catalog, all answered from
 * the in-memory index with no call to the API server per request.
 */
public final class PortalServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PortalServer.class);
  public static final String AUTH_HEADER = "X-Portolan-Authentication";

  private final CatalogIndex index;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier ready;
  private final Access access;
  private final EntitySearch search;
  private final ActionViews actions;
  /** One filtered search at a time per caller. */
  private final ExpensiveRequests expensive = new ExpensiveRequests(1);
  private Javalin app;
  private final java.util.List<String> routes = new java.util.ArrayList<>();

  public PortalServer(CatalogIndex index, EntitySearch search, PrometheusMeterRegistry metrics, BooleanSupplier ready,
      Access access) {
    this(index, search, null, metrics, ready, access);
  }

  /** @param actions the action endpoints, or null to serve the catalog only */
  public PortalServer(CatalogIndex index, EntitySearch search, ActionViews actions, PrometheusMeterRegistry metrics,
      BooleanSupplier ready, Access access) {
    this.actions = actions;
    this.index = index;
    this.search = search;
    this.metrics = metrics;
    this.ready = ready;
    this.access = access;
  }

  public PortalServer start(String host, int port) {
    app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(Serialization.jsonMapper(), false));
      config.http.defaultContentType = "application/json";
    });
    app.before(ctx -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header(AUTH_HEADER, access.describe());
    });
    get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    get("/readyz", this::readyz);
    get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.before("/api/*", access::authenticate);
    get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApi.document()));
    get("/api/v1/blueprints", this::blueprints);
    get("/api/v1/blueprints/{name}", this::blueprint);
    get("/api/v1/entities", this::entities);
    get("/api/v1/namespaces/{namespace}/entities/{name}", this::entity);
    get("/api/v1/graph", this::graph);
    get("/api/v1/scorecards", ctx -> ctx.json(ScorecardViews.list(index, namespace -> access.maySee(ctx, namespace))));
    get("/api/v1/scorecards/{name}", ctx -> {
      String name = ctx.pathParam("name");
      var scorecard = index.scorecard(name).orElseThrow(() ->
          ApiException.notFound("scorecard '" + name + "' does not exist", "name"));
      ctx.json(ScorecardViews.one(index, scorecard, namespace -> access.maySee(ctx, namespace)));
    });
    if (actions != null) {
      get("/api/v1/actiondefinitions", ctx -> ctx.json(actions.definitions()));
      get("/api/v1/actiondefinitions/{name}", ctx -> ctx.json(actions.definition(ctx.pathParam("name"))));
      get("/api/v1/actions", ctx -> ctx.json(actions.runs(ctx.queryParamMap(), ns -> access.maySee(ctx, ns))));
      get("/api/v1/namespaces/{namespace}/actions/{name}", ctx -> ctx.json(actions.run(ctx.pathParam("namespace"),
          ctx.pathParam("name"), ns -> access.maySee(ctx, ns))));
      get("/api/v1/namespaces/{namespace}/actions/{name}/log", ctx -> ctx.contentType("text/plain; charset=utf-8")
          .result(actions.log(ctx, ctx.pathParam("namespace"), ctx.pathParam("name"), ns -> access.maySee(ctx, ns))));
      post("/api/v1/namespaces/{namespace}/actions", ctx -> ctx.status(HttpStatus.CREATED)
          .json(actions.create(ctx, ctx.pathParam("namespace"), jsonBody(ctx))));
      post("/api/v1/namespaces/{namespace}/actions/{name}/decision", ctx -> {
        JsonNode body = jsonBody(ctx);
        ctx.json(actions.decide(ctx, ctx.pathParam("namespace"), ctx.pathParam("name"),
            body == null ? null : body.path("decision").asText(null), ns -> access.maySee(ctx, ns)));
      });
    }
    new dev.portolan.ui.PortalUi(index, search, access, actions).register(app);
    app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
      ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
          .json(new ApiError(500, "InternalError", "The request failed on the server; see the operator's log", null));
    });
    app.error(HttpStatus.NOT_FOUND, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        ctx.json(new ApiError(404, "NotFound", "No such path: " + ctx.path(), null));
      }
    });
    app.start(host, port);
    return this;
  }

  private void get(String path, io.javalin.http.Handler handler) {
    app.get(path, handler);
    routes.add("GET " + path);
  }

  private static JsonNode jsonBody(Context ctx) {
    try {
      return Serialization.jsonMapper().readTree(ctx.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage(), "body");
    }
  }

  private void post(String path, io.javalin.http.Handler handler) {
    app.post(path, handler);
    routes.add("POST " + path);
  }

  /** Every route served, as {@code METHOD path}, for the contract test against the OpenAPI document. */
  public java.util.List<String> routes() {
    return java.util.List.copyOf(routes);
  }

  public int port() {
    return app.port();
  }

  private void readyz(Context ctx) {
    if (ready.getAsBoolean()) {
      ctx.json(Map.of("status", "ready"));
    } else {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("status", "starting"));
    }
  }

  private void blueprints(Context ctx) {
    List<Blueprint> items = index.blueprints().stream()
        .sorted(Comparator.comparing(b -> b.getMetadata().getName())).toList();
    ctx.json(Map.of("items", items, "total", items.size()));
  }

  private void blueprint(Context ctx) {
    String name = ctx.pathParam("name");
    Blueprint blueprint = index.blueprint(name).orElseThrow(() ->
        ApiException.notFound("blueprint '" + name + "' does not exist", "name"));
    ctx.json(blueprint);
  }

  private void entities(Context ctx) {
    EntityQuery query = search.parse(ctx.queryParamMap());
    if (query.filter() == null) {
      ctx.contentType("application/json").result(search.searchJson(query, namespace -> access.maySee(ctx, namespace)));
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
      ctx.contentType("application/json").result(search.searchJson(query, namespace -> access.maySee(ctx, namespace)));
    }
  }

  /** The allowance of expensive requests per caller, for tests. */
  ExpensiveRequests expensiveRequests() {
    return expensive;
  }

  /** The search this server answers with, for tests. */
  EntitySearch search() {
    return search;
  }

  /** Whom a request's allowance of expensive requests is counted for: its user, else its address. */
  private String caller(Context ctx) {
    return access.identity(ctx).map(identity -> "user:" + identity.username()).orElseGet(() -> "address:" + ctx.ip());
  }

  private void entity(Context ctx) {
    EntityRef ref = EntityRef.parse(ctx.pathParam("name"), ctx.pathParam("namespace"))
        .orElseThrow(() -> ApiException.badRequest("not a valid entity name or namespace", "name"));
    Entity entity = index.entity(ref)
        .filter(e -> access.maySee(ctx, ref.namespace()))
        .orElseThrow(() -> ApiException.notFound("entity '" + ref.key() + "' does not exist", "name"));
    JsonNode view = EntityView.of(entity, search.entityJson(entity), index, namespace -> access.maySee(ctx, namespace));
    if (actions != null) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) view).set("actions", actions.offeredBy(entity));
      ((com.fasterxml.jackson.databind.node.ObjectNode) view).set("recentRuns", actions.recentRuns(entity));
    }
    ctx.json(view);
  }

  private void graph(Context ctx) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!java.util.Set.of("root", "depth", "relation", "blueprint").contains(name)) {
        throw ApiException.badRequest("unknown query parameter '" + name + "'; use root, depth, relation, blueprint", name);
      }
    }
    java.util.Set<String> relations = new java.util.LinkedHashSet<>();
    ctx.queryParams("relation").forEach(r -> relations.addAll(java.util.List.of(r.split(","))));
    String root = ctx.queryParam("root");
    java.util.function.Predicate<String> visible = namespace -> access.maySee(ctx, namespace);
    if (root != null) {
      EntityRef ref = EntityRef.parse(root, null).orElseThrow(() ->
          ApiException.badRequest("root must be namespace/name, got '" + root + "'", "root"));
      if (index.entity(ref).filter(e -> visible.test(ref.namespace())).isEmpty()) {
        throw ApiException.notFound("entity '" + ref.key() + "' does not exist", "root");
      }
      int depth = 2;
      String depthText = ctx.queryParam("depth");
      if (depthText != null) {
        try {
          depth = Integer.parseInt(depthText);
        } catch (NumberFormatException e) {
          depth = -1;
        }
        if (depth < 1 || depth > CatalogGraph.MAX_DEPTH) {
          throw ApiException.badRequest("depth must be from 1 to " + CatalogGraph.MAX_DEPTH + ", got '" + depthText
              + "'", "depth");
        }
      }
      ctx.json(CatalogGraph.around(index, ref, depth, relations, visible));
      return;
    }
    java.util.Set<String> blueprints = new java.util.LinkedHashSet<>();
    ctx.queryParams("blueprint").forEach(b -> blueprints.addAll(java.util.List.of(b.split(","))));
    if (blueprints.isEmpty()) {
      throw ApiException.badRequest("give root (namespace/name) for a neighbourhood, or blueprint for a whole"
          + " blueprint set", "root");
    }
    for (String blueprint : blueprints) {
      if (index.blueprint(blueprint).isEmpty()) {
        throw ApiException.notFound("blueprint '" + blueprint + "' does not exist", "blueprint");
      }
    }
    ctx.json(CatalogGraph.ofBlueprints(index, blueprints, relations, visible));
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }
}
