package dev.portolan.web;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.search.EntitySearch;
import dev.portolan.search.QueryException;
import dev.portolan.web.api.ApiRoutes;
import dev.portolan.web.auth.Access;
import dev.portolan.web.error.ApiError;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.http.AllowedHosts;
import dev.portolan.web.http.ErrorBodies;
import dev.portolan.web.http.JsonErrorHandler;
import dev.portolan.web.http.RequestFilter;
import dev.portolan.web.http.RequestIds;
import dev.portolan.web.http.RequestLimits;
import dev.portolan.web.http.StrictQuery;
import dev.portolan.web.ui.PortalUi;
import dev.portolan.web.view.ActionViews;
import dev.portolan.web.view.InitiativeViews;
import dev.portolan.web.view.InsightViews;
import dev.portolan.web.view.ScorecardViews;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's HTTP server: health, metrics, the JSON API ({@link ApiRoutes}) and the web UI
 * ({@link PortalUi}) on one Javalin server, with the headers every response carries and every
 * refusal answered as an {@link ApiError}.
 */
public final class PortalServer implements AutoCloseable {
  private ApiRoutes api;
  private PortalUi ui;
  private static final Logger LOG = LoggerFactory.getLogger(PortalServer.class);
  public static final String AUTH_HEADER = "X-Portolan-Authentication";

  private final CatalogIndex index;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier ready;
  private final Access access;
  private final EntitySearch search;
  private final ActionViews actions;
  private Javalin app;
  private AllowedHosts hosts = AllowedHosts.any();
  private InitiativeViews initiatives;
  private final List<String> routes = new ArrayList<>();

  public PortalServer(
      CatalogIndex index,
      EntitySearch search,
      PrometheusMeterRegistry metrics,
      BooleanSupplier ready,
      Access access) {
    this(index, search, null, metrics, ready, access);
  }

  /**
   * @param actions the action endpoints, or null to serve the catalog only
   */
  public PortalServer(
      CatalogIndex index,
      EntitySearch search,
      ActionViews actions,
      PrometheusMeterRegistry metrics,
      BooleanSupplier ready,
      Access access) {
    this.actions = actions;
    this.index = index;
    this.search = search;
    this.metrics = metrics;
    this.ready = ready;
    this.access = access;
  }

  /**
   * The host names to answer (every name unless set): the embedded demo answers loopback names
   * only.
   */
  public PortalServer allowHosts(AllowedHosts hosts) {
    this.hosts = hosts;
    return this;
  }

  /**
   * The initiatives to serve (the API's {@code /api/v1/initiatives} and the UI's page), sharing the
   * operator's compiled initiatives; without it the portal compiles its own.
   */
  public PortalServer serveInitiatives(InitiativeViews initiatives) {
    this.initiatives = initiatives;
    return this;
  }

  public PortalServer start(String host, int port) {
    app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(Serialization.jsonMapper(), false));
              config.http.defaultContentType = "application/json";
              config.http.prefer405over404 = true;
              config.http.maxRequestSize = RequestLimits.MAX_BODY_BYTES;
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setRequestHeaderSize(RequestLimits.MAX_HEADER_BYTES);
                    http.setSendServerVersion(false);
                  });
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.jetty.modifyServletContextHandler(
                  context -> {
                    context.setErrorHandler(new JsonErrorHandler());
                    context.addFilter(
                        new FilterHolder(new RequestFilter()),
                        "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                  });
            });
    app.before(
        ctx -> {
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header(AUTH_HEADER, access.describe());
          if (!hosts.allows(ctx.header("Host"))) {
            throw new ApiException(
                421,
                "MisdirectedRequest",
                "this server answers only to "
                    + String.join(", ", hosts.names())
                    + " (Host: "
                    + ctx.header("Host")
                    + "); add a name with --allowed-host",
                null);
          }
          StrictQuery.check(ctx.queryString());
        });
    get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    get("/readyz", this::readyz);
    get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    ScorecardViews scorecards = new ScorecardViews(index);
    if (initiatives == null) {
      initiatives = InitiativeViews.over(index);
    }
    InsightViews insights =
        new InsightViews(
            index, scorecards, initiatives, actions != null, java.time.Clock.systemUTC());
    api = new ApiRoutes(index, search, scorecards, initiatives, actions, insights, access);
    routes.addAll(api.register(app));
    ui = new PortalUi(index, search, scorecards, initiatives, insights, access, actions);
    ui.register(app);
    app.exception(ApiException.class, (e, ctx) -> answer(ctx, e.body()));
    app.exception(QueryException.class, (e, ctx) -> answer(ctx, ApiException.of(e).body()));
    app.exception(HttpResponseException.class, this::serversOwn);
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error(
              "Request {} {} failed (request {})",
              ctx.method(),
              ctx.path(),
              RequestIds.of(ctx.req()),
              e);
          answer(ctx, internalError(ctx));
        });
    // An Error (out of memory, stack overflow) skips the exception handlers: Javalin sets 500 and
    // logs it; the body is written here, unless a page already wrote its own.
    app.error(
        HttpStatus.INTERNAL_SERVER_ERROR,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            LOG.error(
                "Request {} {} failed with the error logged above (request {})",
                ctx.method(),
                ctx.path(),
                RequestIds.of(ctx.req()));
            answer(ctx, internalError(ctx));
          }
        });
    app.start(host, port);
    prepare(scorecards, initiatives, insights);
    return this;
  }

  /**
   * Counts the views' figures once in the background, so that the first caller after a start does
   * not wait for the first count of the whole catalog (at 50,000 entities, most of a first insights
   * request's 0.4 s); from then on a change counts its own namespace again.
   */
  private static void prepare(
      ScorecardViews scorecards, InitiativeViews initiatives, InsightViews insights) {
    Thread preparing =
        new Thread(
            () -> {
              try {
                long begun = System.nanoTime();
                scorecards.list(namespace -> true);
                initiatives.list(namespace -> true);
                insights.overview(namespace -> true);
                LOG.info("Views prepared in {} ms", (System.nanoTime() - begun) / 1_000_000);
              } catch (RuntimeException e) {
                LOG.warn("Could not prepare the views; the first request counts them", e);
              }
            },
            "prepare-views");
    preparing.setDaemon(true);
    preparing.start();
  }

  private static ApiError internalError(Context ctx) {
    return new ApiError(
        500,
        "InternalError",
        "the request failed on the server; see the operator's log (request "
            + RequestIds.of(ctx.req())
            + ")",
        null);
  }

  private static void answer(Context ctx, ApiError error) {
    ctx.status(error.status()).json(error.withRequestId(RequestIds.of(ctx.req())));
  }

  /**
   * Javalin's own refusals (no route, wrong method, too large) in the same shape as every other.
   */
  private void serversOwn(HttpResponseException e, Context ctx) {
    String method = String.valueOf(ctx.req().getAttribute(RequestFilter.METHOD_ATTRIBUTE));
    switch (e.getStatus()) {
      case 404 -> {
        if (PortalUi.wantsPage(ctx)) {
          ui.notFound(ctx); // a person's browser gets the portal's page; the API keeps its JSON
          return;
        }
        answer(
            ctx,
            new ApiError(
                404,
                "NotFound",
                "no route "
                    + method
                    + " "
                    + ctx.path()
                    + "; the API's routes are listed in /api/v1/openapi.json",
                null));
      }
      case 405 -> {
        List<String> allowed = new ArrayList<>();
        for (String m : e.getDetails().values().stream().findFirst().orElse("").split(",\\s*")) {
          if (!m.isBlank()) {
            allowed.add(m);
            if (m.equals("GET")) {
              allowed.add("HEAD");
            }
          }
        }
        ctx.header("Allow", String.join(", ", allowed));
        answer(
            ctx,
            new ApiError(
                405,
                "MethodNotAllowed",
                method
                    + " is not allowed on "
                    + ctx.path()
                    + "; use "
                    + String.join(" or ", allowed),
                null));
      }
      case 413 ->
          answer(
              ctx,
              new ApiError(
                  413,
                  ErrorBodies.name(413),
                  "the request body is larger than " + RequestLimits.MAX_BODY_BYTES + " bytes",
                  null,
                  "body",
                  null));
      default ->
          answer(
              ctx,
              new ApiError(e.getStatus(), ErrorBodies.name(e.getStatus()), e.getMessage(), null));
    }
  }

  private void get(String path, Handler handler) {
    app.get(path, handler);
    routes.add("GET " + path);
  }

  /**
   * Every route served, as {@code METHOD path}, for the contract test against the OpenAPI document.
   */
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
