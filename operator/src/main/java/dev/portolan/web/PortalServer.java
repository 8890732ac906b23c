package dev.portolan.web;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.search.EntitySearch;
import dev.portolan.search.QueryException;
import dev.portolan.web.api.ApiRoutes;
import dev.portolan.web.auth.Access;
import dev.portolan.web.error.ApiError;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.ui.PortalUi;
import dev.portolan.web.view.ActionViews;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's HTTP server: health, metrics, the JSON API ({@link ApiRoutes}) and the web UI
 * ({@link PortalUi}) on one Javalin server, with the headers every response carries and every
 * refusal answered as an {@link ApiError}.
 */
public final class PortalServer implements AutoCloseable {
  private ApiRoutes api;
  private static final Logger LOG = LoggerFactory.getLogger(PortalServer.class);
  public static final String AUTH_HEADER = "X-Portolan-Authentication";

  private final CatalogIndex index;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier ready;
  private final Access access;
  private final EntitySearch search;
  private final ActionViews actions;
  private Javalin app;
  private final List<String> routes = new ArrayList<>();

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
    api = new ApiRoutes(index, search, actions, access);
    routes.addAll(api.register(app));
    new PortalUi(index, search, access, actions).register(app);
    app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
    app.exception(QueryException.class, (e, ctx) -> ctx.status(400).json(ApiException.of(e).body()));
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

  private void get(String path, Handler handler) {
    app.get(path, handler);
    routes.add("GET " + path);
  }

  /** Every route served, as {@code METHOD path}, for the contract test against the OpenAPI document. */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  /** The JSON API's routes, for tests. */
  public ApiRoutes api() {
    return api;
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

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }
}
