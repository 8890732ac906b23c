package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.web.auth.Access;
import dev.portolan.web.view.ActionViews;
import dev.portolan.search.QueryException;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.http.CrossSitePolicy;
import dev.portolan.web.view.CatalogGraph;
import dev.portolan.search.EntitySearch;
import dev.portolan.web.view.EntityView;
import dev.portolan.web.view.ScorecardViews;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI's routes on the portal's Javalin server. Every page reads the same services as the
 * JSON API under the same {@link Access} rules, so it shows a user only what the API would; every
 * response carries a strict Content-Security-Policy, and a bad parameter is a page that names it.
 */
public final class PortalUi {
  private static final Logger LOG = LoggerFactory.getLogger(PortalUi.class);
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
  /** The cookie that holds a token pasted on the sign-in page. */
  public static final String TOKEN_COOKIE = Callers.TOKEN_COOKIE;
  private static final String TOKEN_CHARACTERS = "[A-Za-z0-9._~+/=-]{1,8192}";

  private final CatalogIndex index;
  private final EntitySearch search;
  private final Access access;
  private final ActionViews actions;
  private final boolean authenticationOff;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final UiAssets assets = new UiAssets();

  public PortalUi(CatalogIndex index, EntitySearch search, Access access) {
    this(index, search, access, null);
  }

  /** @param actions the action endpoints' services, or null when the portal serves no actions */
  public PortalUi(CatalogIndex index, EntitySearch search, Access access, ActionViews actions) {
    this.actions = actions;
    this.index = index;
    this.search = search;
    this.access = access;
    this.authenticationOff = "disabled".equals(access.describe());
  }

  /** Adds the UI's routes; the JSON API's stay as they are. */
  public void register(Javalin app) {
    app.get("/static/*", ctx -> {
      secure(ctx);
      assets.serve(ctx);
    });
    app.get("/", ctx -> ctx.redirect("/catalog"));
    app.get("/sign-in", ctx -> {
      secure(ctx);
      render(ctx, "sign-in.jte", chrome(ctx, "sign-in"), new SignInPage(safeNext(ctx.queryParam("next")), null));
    });
    app.post("/sign-in", this::signIn);
    app.post("/sign-out", this::signOut);
    page(app, "/catalog", "catalog", this::catalog);
    page(app, "/entities/{namespace}/{name}", "catalog", this::entity);
    page(app, "/graph", "graph", this::graph);
    page(app, "/scorecards", "scorecards", this::scorecards);
    page(app, "/scorecards/{name}", "scorecards", this::scorecards);
    page(app, "/getting-started", "getting-started", this::gettingStarted);
    if (actions != null) {
      page(app, "/runs", "runs", this::runs);
      page(app, "/runs/{namespace}/{name}", "runs", this::run);
      page(app, "/runs/{namespace}/{name}/status", "runs", this::run);
      post(app, "/entities/{namespace}/{name}/actions/{definition}", "catalog", this::runAction);
      post(app, "/runs/{namespace}/{name}/decision", "runs", this::decide);
    }
  }

  /** A form post: the same as a page, and it must come from this portal's own pages. */
  private void post(Javalin app, String path, String section, PageHandler handler) {
    page(app, path, section, (ctx, chrome) -> {
      if (!sameOrigin(ctx)) {
        renderError(ctx, chrome, 403, "Submit this form from the portal's own pages.", null);
        return;
      }
      handler.handle(ctx, chrome);
    }, true);
  }

  private interface PageHandler {
    void handle(Context ctx, Chrome chrome) throws Exception;
  }

  /** A page: security headers, authentication (or the sign-in page), and errors as pages. */
  private void page(Javalin app, String path, String section, PageHandler handler) {
    page(app, path, section, handler, false);
  }

  private void page(Javalin app, String path, String section, PageHandler handler, boolean post) {
    Handler wrapped = ctx -> {
      secure(ctx);
      ctx.header("Cache-Control", "no-store");
      if (!signedIn(ctx)) {
        String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        String target = "/sign-in?next=" + Params.encode(next);
        if (ctx.header("HX-Request") != null) {
          ctx.header("HX-Redirect", target).status(401);
        } else {
          ctx.redirect(target);
        }
        return;
      }
      Chrome chrome = chrome(ctx, section);
      try {
        handler.handle(ctx, chrome);
      } catch (ApiException e) {
        renderError(ctx, chrome, e.status(), e.body().message(), e.body().parameter());
      } catch (QueryException e) {
        renderError(ctx, chrome, 400, e.getMessage(), e.parameter());
      } catch (Exception e) {
        LOG.error("Page {} failed", ctx.path(), e);
        renderError(ctx, chrome, 500, "The page failed on the server; see the operator's log.", null);
      }
    };
    if (post) {
      app.post(path, wrapped);
    } else {
      app.get(path, wrapped);
    }
  }

  private static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the portal's
    // own form posts, and the origin check below could not tell them from a forged post.
    ctx.header("Referrer-Policy", "same-origin");
  }

  private Chrome chrome(Context ctx, String section) {
    return new Chrome(section, authenticationOff, !authenticationOff && ctx.header("Authorization") == null
        && ctx.cookie(TOKEN_COOKIE) != null, assets);
  }

  /** Authenticates with the Authorization header (an authenticating proxy) or the sign-in cookie. */
  private boolean signedIn(Context ctx) {
    try {
      if (authenticationOff || ctx.header("Authorization") != null) {
        Callers.authenticate(ctx, access, Callers.bearerToken(ctx));
        return true;
      }
      String token = ctx.cookie(TOKEN_COOKIE);
      if (token == null) {
        return false;
      }
      Callers.authenticate(ctx, access, token);
      return true;
    } catch (ApiException e) {
      if (e.status() == 401) {
        return false;
      }
      throw e;
    }
  }

  private void signIn(Context ctx) {
    secure(ctx);
    if (!sameOrigin(ctx)) {
      renderError(ctx, chrome(ctx, "sign-in"), 403, "Sign in from this portal's own sign-in page.", null);
      return;
    }
    String next = safeNext(ctx.formParam("next"));
    if (authenticationOff) {
      ctx.redirect(next);
      return;
    }
    String token = Objects.requireNonNullElse(ctx.formParam("token"), "").strip();
    if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = token.substring(7).strip();
    }
    String error = null;
    if (!token.matches(TOKEN_CHARACTERS)) {
      error = "Paste a Kubernetes bearer token: letters, digits and . _ ~ + / = - only.";
    } else {
      try {
        access.authenticate(token);
      } catch (ApiException e) {
        error = "The cluster did not accept that token: " + e.body().message() + ".";
      }
    }
    if (error != null) {
      ctx.status(401);
      render(ctx, "sign-in.jte", chrome(ctx, "sign-in"), new SignInPage(next, error));
      return;
    }
    ctx.header("Set-Cookie", TOKEN_COOKIE + "=" + token + "; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict"
        + (isHttps(ctx) ? "; Secure" : ""));
    ctx.redirect(next);
  }

  private void signOut(Context ctx) {
    secure(ctx);
    if (!sameOrigin(ctx)) {
      renderError(ctx, chrome(ctx, "sign-in"), 403, "Sign out from this portal's own pages.", null);
      return;
    }
    ctx.header("Set-Cookie", TOKEN_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
        + (isHttps(ctx) ? "; Secure" : ""));
    ctx.redirect("/sign-in");
  }

  private static boolean isHttps(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  /** A form post must come from this portal's pages: the same rule as the API's state-changing routes. */
  private static boolean sameOrigin(Context ctx) {
    return CrossSitePolicy.allows(ctx::header);
  }

  /**
   * Only a path on this server is a place to return to after signing in: it starts with one
   * {@code /}, and holds no backslash, no control character, no space and nothing outside
   * printable ASCII (browsers drop tabs and newlines, so {@code /<tab>/evil.example} would become
   * {@code //evil.example}), and no scheme or host.
   */
  static String safeNext(String next) {
    String fallback = "/catalog";
    if (next == null || next.length() > 2048 || !next.startsWith("/") || next.startsWith("//")
        || next.startsWith("/sign-")) {
      return fallback;
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') {
        return fallback;
      }
    }
    try {
      java.net.URI uri = new java.net.URI(next);
      if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null
          || !uri.getRawPath().startsWith("/")) {
        return fallback;
      }
    } catch (java.net.URISyntaxException e) {
      return fallback;
    }
    return next;
  }

  private static Predicate<String> visible(Context ctx) {
    return Callers.of(ctx)::maySee;
  }

  private void catalog(Context ctx, Chrome chrome) {
    Params params = new Params("/catalog", ctx.queryParamMap());
    Predicate<String> visible = visible(ctx);
    CatalogPage page;
    try {
      page = CatalogPage.build(params, index, query -> search.search(search.parse(query), visible));
    } catch (QueryException e) {
      ctx.status(400);
      page = CatalogPage.failed(params, new CatalogPage.Problem(e.parameter(), e.getMessage()));
    }
    boolean partial = ctx.header("HX-Request") != null && !"true".equals(ctx.header("HX-History-Restore-Request"));
    render(ctx, partial ? "catalog-results.jte" : "catalog.jte", chrome, page);
  }

  private void entity(Context ctx, Chrome chrome) {
    EntityRef ref = EntityRef.parse(ctx.pathParam("name"), ctx.pathParam("namespace"))
        .orElseThrow(() -> ApiException.badRequest("'" + ctx.pathParam("namespace") + "/" + ctx.pathParam("name")
            + "' is not a valid entity namespace and name", "name"));
    Predicate<String> visible = visible(ctx);
    Entity entity = index.entity(ref).filter(e -> visible.test(ref.namespace()))
        .orElseThrow(() -> ApiException.notFound("entity '" + ref.key() + "' does not exist", "name"));
    render(ctx, "entity.jte", chrome, withActions(entityPage(entity, ref, visible), entity, null, Map.of(), Map.of(),
        null));
  }

  /** An entity's page: its view as the API answers it, and its neighbourhood one relation away. */
  private EntityPage entityPage(Entity entity, EntityRef ref, Predicate<String> visible) {
    JsonNode view = EntityView.of(entity, index, visible);
    JsonNode graph = CatalogGraph.around(index, ref, 1, Set.of(), visible);
    GraphPage.colour(graph, index);
    return EntityPage.build(entity, view, graph, index);
  }

  /** The entity page with its actions' forms (one may carry the values and errors of a refused submission). */
  private EntityPage withActions(EntityPage page, Entity entity, String submitted, Map<String, String> values,
      Map<String, String> errors, String formError) {
    if (actions == null) {
      return page;
    }
    List<ActionForms.Offer> offers = new ArrayList<>();
    for (JsonNode offer : actions.offeredBy(entity)) {
      String definition = offer.path("name").asText();
      boolean this_ = definition.equals(submitted);
      offers.add(new ActionForms.Offer(definition, offer.path("title").asText(definition),
          offer.path("description").asText(null), offer.path("operation").asText(),
          offer.path("approvalRequired").asBoolean(),
          EntityPage.href(page.namespace(), page.name()) + "/actions/" + Params.encode(definition),
          ActionForms.fields(offer.path("inputs"), this_ ? values : Map.of(), this_ ? errors : Map.of()),
          this_ ? formError : null));
    }
    return page.withActions(offers, RunsPage.runs(actions.recentRuns(entity)));
  }

  private void runAction(Context ctx, Chrome chrome) {
    EntityRef ref = EntityRef.parse(ctx.pathParam("name"), ctx.pathParam("namespace"))
        .orElseThrow(() -> ApiException.badRequest("not a valid entity namespace and name", "name"));
    Predicate<String> visible = visible(ctx);
    Entity entity = index.entity(ref).filter(e -> visible.test(ref.namespace()))
        .orElseThrow(() -> ApiException.notFound("entity '" + ref.key() + "' does not exist", "name"));
    String definition = ctx.pathParam("definition");
    JsonNode schema = actions.definition(definition).path("inputs");
    Map<String, List<String>> form = ctx.formParamMap();
    var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    body.put("definition", definition);
    body.put("entity", ref.name());
    body.set("inputs", ActionForms.inputs(schema, form));
    try {
      JsonNode run = actions.create(Callers.of(ctx), ref.namespace(), body);
      ctx.redirect(RunPage.href(run.path("namespace").asText(), run.path("name").asText()), HttpStatus.SEE_OTHER);
    } catch (ApiException e) {
      if (e.status() >= 500) {
        throw e;
      }
      Map<String, String> values = new LinkedHashMap<>();
      form.forEach((k, v) -> {
        if (k.startsWith("input.") && !v.isEmpty()) {
          values.put(k.substring(6), v.get(0));
        }
      });
      Map<String, String> errors = new LinkedHashMap<>();
      String formError = e.body().message();
      if ("InvalidInputs".equals(e.body().error())) {
        for (String problem : formError.split("; (?=inputs\\.)")) {
          int colon = problem.indexOf(':');
          if (problem.startsWith("inputs.") && colon > 0) {
            errors.merge(problem.substring(7, colon), problem.substring(colon + 1).strip(), (a, b) -> a + "; " + b);
          }
        }
        formError = "Some inputs need fixing; see the messages at the fields.";
      }
      ctx.status(e.status());
      render(ctx, "entity.jte", chrome, withActions(entityPage(entity, ref, visible), entity, definition, values, errors,
          formError));
    }
  }

  private void runs(Context ctx, Chrome chrome) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String name : List.of("phase", "definition", "requester")) {
      String value = ctx.queryParam(name);
      if (value != null && !value.isBlank()) {
        query.put(name, List.of(value));
      }
    }
    for (String name : ctx.queryParamMap().keySet()) {
      if (!List.of("phase", "definition", "requester").contains(name)) {
        throw ApiException.badRequest("unknown parameter '" + name + "'; use phase, definition, requester", name);
      }
    }
    query.put("limit", List.of("200"));
    JsonNode found = actions.runs(query, visible(ctx));
    List<String> definitions = index.actionDefinitions().stream().map(d -> d.getMetadata().getName()).sorted().toList();
    render(ctx, "runs.jte", chrome, new RunsPage(first(query, "phase"), first(query, "definition"),
        first(query, "requester"), List.of("Pending", "WaitingForApproval", "Running", "Succeeded", "Failed", "Rejected"),
        definitions, RunsPage.runs(found.path("items")), found.path("total").asInt()));
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null ? "" : values.get(0);
  }

  private void run(Context ctx, Chrome chrome) throws InterruptedException {
    renderRun(ctx, chrome, null);
  }

  private void renderRun(Context ctx, Chrome chrome, String decisionError) throws InterruptedException {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    Predicate<String> visible = visible(ctx);
    JsonNode run = awaitRun(namespace, name, visible);
    String phase = run.path("phase").asText();
    boolean finished = List.of("Succeeded", "Failed", "Rejected").contains(phase);
    String definitionName = run.path("definition").asText();
    var definition = index.actionDefinition(definitionName);
    String requester = run.path("requestedBy").path("username").asText(null);
    var caller = Callers.of(ctx).identity();
    boolean mayDecide = "WaitingForApproval".equals(phase) && caller.isPresent()
        && actions.mayDecide(definitionName, requester, caller.get());
    String log = null;
    if (run.path("job").isTextual()) {
      try {
        log = actions.log(Callers.of(ctx), namespace, name);
      } catch (ApiException e) {
        log = e.body().message();
      }
    }
    String entity = run.path("entity").isTextual() ? run.path("entity").asText() : null;
    RunPage page = new RunPage(namespace, name, definitionName,
        definition.map(d -> d.getSpec().title).orElse(definitionName), entity,
        entity == null ? null : EntityPage.href(namespace, entity.contains("/") ? entity.substring(entity.indexOf('/') + 1)
            : entity), phase, run.path("message").asText(null), requester,
        run.path("approvedBy").path("username").asText(null), RunPage.items(run.path("inputs")),
        RunPage.timeline(run), RunPage.items(run.path("outputs")), mayDecide, finished, log, decisionError);
    boolean partial = ctx.path().endsWith("/status");
    render(ctx, partial ? "run-status.jte" : "run.jte", chrome, page);
  }

  /** A run just created may take a moment to reach the index the page reads: wait for it briefly. */
  private JsonNode awaitRun(String namespace, String name, Predicate<String> visible) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return actions.run(namespace, name, visible);
      } catch (ApiException e) {
        if (e.status() != 404 || attempt >= 20) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private void decide(Context ctx, Chrome chrome) throws InterruptedException {
    String decision = ctx.formParam("decision");
    try {
      actions.decide(Callers.of(ctx), ctx.pathParam("namespace"), ctx.pathParam("name"), decision);
      ctx.redirect(RunPage.href(ctx.pathParam("namespace"), ctx.pathParam("name")), HttpStatus.SEE_OTHER);
    } catch (ApiException e) {
      if (e.status() == 404) {
        throw e;
      }
      ctx.status(e.status());
      renderRun(ctx, chrome, e.body().message());
    }
  }

  private void graph(Context ctx, Chrome chrome) {
    Params params = new Params("/graph", ctx.queryParamMap());
    String root = params.one("root").strip();
    List<String> blueprints = split(params.all("blueprint"));
    List<String> relations = split(params.all("relation"));
    int depth = 2;
    CatalogPage.Problem problem = null;
    JsonNode graph = null;
    Predicate<String> visible = visible(ctx);
    try {
      for (String name : params.asMap().keySet()) {
        if (!Set.of("root", "depth", "relation", "blueprint").contains(name)) {
          throw ApiException.badRequest("unknown parameter '" + name + "'; use root, depth, relation, blueprint", name);
        }
      }
      if (!params.one("depth").isEmpty()) {
        try {
          depth = Integer.parseInt(params.one("depth"));
        } catch (NumberFormatException e) {
          depth = -1;
        }
        if (depth < 1 || depth > CatalogGraph.MAX_DEPTH) {
          throw ApiException.badRequest("depth must be from 1 to " + CatalogGraph.MAX_DEPTH + ", got '"
              + params.one("depth") + "'", "depth");
        }
      }
      if (!root.isEmpty()) {
        EntityRef ref = EntityRef.parse(root, null).orElseThrow(() ->
            ApiException.badRequest("root must be namespace/name, got '" + root + "'", "root"));
        if (index.entity(ref).filter(e -> visible.test(ref.namespace())).isEmpty()) {
          throw ApiException.notFound("entity '" + ref.key() + "' does not exist", "root");
        }
        graph = CatalogGraph.around(index, ref, depth, new LinkedHashSet<>(relations), visible);
      } else {
        if (blueprints.isEmpty()) {
          index.blueprints().forEach(b -> blueprints.add(b.getMetadata().getName()));
        }
        for (String blueprint : blueprints) {
          if (index.blueprint(blueprint).isEmpty()) {
            throw ApiException.notFound("blueprint '" + blueprint + "' does not exist", "blueprint");
          }
        }
        graph = CatalogGraph.ofBlueprints(index, new TreeSet<>(blueprints), new LinkedHashSet<>(relations), visible);
      }
    } catch (ApiException e) {
      ctx.status(e.status());
      problem = new CatalogPage.Problem(e.body().parameter(), e.body().message());
      graph = null;
    }
    List<GraphPage.Choice> legend = graph == null ? List.of() : GraphPage.colour(graph, index);
    render(ctx, "graph.jte", chrome, new GraphPage(root, depth,
        GraphPage.blueprintChoices(index, root.isEmpty() ? blueprints : List.of()),
        GraphPage.relationChoices(index, relations), problem, graph == null ? null : graph.toString(), legend,
        graph == null ? 0 : graph.get("nodes").size(), graph != null && graph.get("truncated").asBoolean()));
  }

  private static List<String> split(List<String> values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    });
    return out;
  }

  private void scorecards(Context ctx, Chrome chrome) {
    String owner = Objects.requireNonNullElse(ctx.queryParam("owner"), "");
    Predicate<String> visible = visible(ctx);
    List<Scorecard> scorecards;
    String name = ctx.pathParamMap().get("name");
    if (name != null) {
      scorecards = List.of(index.scorecard(name).orElseThrow(() ->
          ApiException.notFound("scorecard '" + name + "' does not exist", "name")));
    } else {
      scorecards = index.scorecards().stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
    }
    Predicate<Entity> ofOwner = e -> owner.isEmpty() || owner.equals(e.getSpec().owner);
    List<ScorecardsPage.Card> cards = new ArrayList<>();
    Set<String> owners = new TreeSet<>();
    for (Scorecard scorecard : scorecards) {
      cards.add(ScorecardsPage.card(ScorecardViews.one(index, scorecard, visible, ofOwner)));
      ScorecardViews.one(index, scorecard, visible).path("entitiesByLevel").forEach(level -> level.forEach(e -> {
        if (!e.path("owner").asText("").isEmpty()) {
          owners.add(e.get("owner").asText());
        }
      }));
    }
    if (!owner.isEmpty() && !owners.contains(owner)) {
      throw ApiException.notFound("no entity graded by " + (name == null ? "any scorecard" : "scorecard '" + name + "'")
          + " is owned by '" + owner + "'", "owner");
    }
    render(ctx, "scorecards.jte", chrome, new ScorecardsPage(owner, List.copyOf(owners), cards));
  }

  private void gettingStarted(Context ctx, Chrome chrome) {
    Predicate<String> visible = visible(ctx);
    Map<String, Boolean> seen = new LinkedHashMap<>();
    List<GettingStartedPage.BlueprintCount> blueprints = new ArrayList<>();
    int entities = 0;
    int invalid = 0;
    for (var blueprint : index.blueprints().stream().sorted(Comparator.comparing(b -> b.getMetadata().getName())).toList()) {
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
      blueprints.add(new GettingStartedPage.BlueprintCount(blueprint.getMetadata().getName(),
          blueprint.getSpec().title, blueprint.getSpec().description, count,
          "/catalog?blueprint=" + Params.encode(blueprint.getMetadata().getName())));
    }
    List<ScorecardsPage.Card> scorecards = new ArrayList<>();
    index.scorecards().stream().sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .forEach(s -> scorecards.add(ScorecardsPage.card(ScorecardViews.one(index, s, visible))));
    render(ctx, "getting-started.jte", chrome, new GettingStartedPage(entities, invalid, blueprints, scorecards));
  }

  private void renderError(Context ctx, Chrome chrome, int status, String message, String parameter) {
    String heading = switch (status) {
      case 400 -> "That request has a problem";
      case 403 -> "Not allowed";
      case 404 -> "Not found";
      default -> "Something went wrong";
    };
    ctx.status(status);
    render(ctx, "error.jte", chrome, new ErrorPage(status, heading, message, parameter));
  }

  private void render(Context ctx, String template, Chrome chrome, Object page) {
    StringOutput out = new StringOutput();
    templates.render(template, Map.of("chrome", chrome, "page", page), out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }
}
