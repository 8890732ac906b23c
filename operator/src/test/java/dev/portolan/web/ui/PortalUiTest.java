package dev.portolan.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.cel.CelEngine;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.search.EntitySearch;
import dev.portolan.web.PortalServer;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.Caller;
import dev.portolan.web.error.ApiException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web UI as a browser receives it, over the embedded demo (authentication off) and over a
 * server whose access lets one token see one namespace (authentication on).
 */
class PortalUiTest {
  private static final String EXTRA =
      """
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata:
        name: note
      spec:
        title: Note
        properties:
          body: {type: string, format: markdown}
          site: {type: string, format: url}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata:
        name: tricky-note
        namespace: team-payments
      spec:
        blueprint: note
        title: "<script>alert(1)</script> & friends"
        owner: payments
        properties:
          body: "# Runbook\\n\\n**Restart** it. <img src=x onerror=alert(1)> [click](javascript:alert(2))"
          site: https://notes.example.com/a?b=1&c=2
      """;

  private static EmbeddedCluster cluster;
  private static PortolanOperator operator;
  private static PortalServer guarded;
  private static String open;
  private static String closed;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Accepts one token, whose holder may see only team-payments. */
  private static final class OneTokenAccess implements Access {
    @Override
    public Caller authenticate(String token) {
      if (!"good-token".equals(token)) {
        throw ApiException.unauthorized("the bearer token is not valid for this cluster");
      }
      return new Caller(token, null, namespace -> namespace.equals("team-payments"));
    }

    @Override
    public String describe() {
      return "kubernetes";
    }
  }

  /** Two people, each with a token: alice (developers) and bob (platform-leads, an approver). */
  private static final class PeopleAccess implements Access {
    private static final Map<String, dev.portolan.action.ActionRecords.Identity> PEOPLE =
        Map.of(
            "alice-token",
                new dev.portolan.action.ActionRecords.Identity(
                    "alice", java.util.List.of("developers"), null),
            "bob-token",
                new dev.portolan.action.ActionRecords.Identity(
                    "bob", java.util.List.of("platform-leads"), null));

    @Override
    public Caller authenticate(String token) {
      var person = PEOPLE.get(token);
      if (person == null) {
        throw ApiException.unauthorized("the bearer token is not valid for this cluster");
      }
      return new Caller(token, person, namespace -> true);
    }

    @Override
    public String describe() {
      return "kubernetes";
    }
  }

  /** Plays the API server for requests made as the caller: admission decides as for that caller. */
  private static dev.portolan.web.auth.CallerClients asTheCaller() {
    return new dev.portolan.web.auth.CallerClients() {
      @Override
      public <T> T call(
          Caller caller,
          java.util.function.Function<io.fabric8.kubernetes.client.KubernetesClient, T> request) {
        return request.apply(cluster.client());
      }

      @Override
      public dev.portolan.model.Action prepare(Caller caller, dev.portolan.model.Action action) {
        var decision = operator.admission().create(action, caller.identity().orElse(null));
        action.getMetadata().setAnnotations(new java.util.LinkedHashMap<>(decision.annotations()));
        return action;
      }

      @Override
      public dev.portolan.model.Action prepareUpdate(
          Caller caller, dev.portolan.model.Action changed, dev.portolan.model.Action old) {
        var decision = operator.admission().update(changed, old, caller.identity().orElse(null));
        if (!decision.allowed()) {
          throw new ApiException(403, "Forbidden", decision.message(), null);
        }
        changed.getMetadata().getAnnotations().putAll(decision.annotations());
        return changed;
      }
    };
  }

  private static PortalServer people;
  private static String withPeople;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start();
    cluster.apply(ExampleResources.load(cluster.client(), Path.of("../examples")));
    cluster.apply(EXTRA);
    operator = new PortolanOperator(cluster.client(), Clock.systemUTC(), null).start();
    open =
        "http://127.0.0.1:"
            + operator
                .serve(
                    "127.0.0.1",
                    0,
                    Access.disabled(),
                    dev.portolan.web.auth.CallerClients.embedded(
                        cluster.client(),
                        operator.admission(),
                        dev.portolan.web.auth.CallerClients.DEMO_USER))
                .port();
    guarded =
        new PortalServer(
                operator.index(),
                new EntitySearch(operator.index(), new CelEngine(), b -> Map.of()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                new OneTokenAccess())
            .start("127.0.0.1", 0);
    closed = "http://127.0.0.1:" + guarded.port();
    var index = operator.index();
    var cel = new CelEngine();
    people =
        new PortalServer(
                index,
                new EntitySearch(index, cel, b -> Map.of()),
                new dev.portolan.web.view.ActionViews(
                    index,
                    new dev.portolan.action.ActionDefinitionCompiler(cel),
                    new dev.portolan.action.ActionChecks(index, b -> Map.of()),
                    asTheCaller()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                new PeopleAccess())
            .start("127.0.0.1", 0);
    withPeople = "http://127.0.0.1:" + people.port();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(open + "/entities/team-payments/ledger").body().contains("Bronze"));
  }

  @AfterAll
  static void stop() {
    people.close();
    guarded.close();
    operator.close();
    cluster.close();
  }

  private static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String form, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anActionFormFollowsTheInputSchemaShowsTheServersMessageAtTheFieldAndAGoodRunOpensItsPage()
      throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(open + "/entities/team-checkout/cart")
                    .body()
                    .contains("id=\"action-restart-service\""));
    String page = get(open + "/entities/team-checkout/cart").body();
    assertThat(page)
        .contains(
            "name=\"input.reason\"",
            "minlength=\"5\"",
            "Run Restart service",
            "id=\"action-decommission-service\"",
            "needs approval");
    assertThat(get(open + "/entities/team-checkout/cart-cache").body())
        .doesNotContain("action-restart-service");

    HttpResponse<String> refused =
        post(open + "/entities/team-checkout/cart/actions/restart-service", "input.reason=n%3Cb");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains(
            "Some inputs need fixing",
            "must be at least 5 characters long (got \"n&lt;b\")",
            "value=\"n&lt;b\"");

    HttpResponse<String> accepted =
        post(
            open + "/entities/team-checkout/cart/actions/restart-service",
            "input.reason=memory+leak+after+deploy");
    assertThat(accepted.statusCode()).isEqualTo(303);
    String location = accepted.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/runs/team-checkout/restart-service-");
    String run = get(open + location).body();
    assertThat(run)
        .contains("memory leak after deploy", "requested by <strong>demo</strong>", "Requested");
    assertThat(get(open + "/runs?definition=restart-service").body()).contains(location);
    assertThat(get(open + "/entities/team-checkout/cart").body())
        .contains("id=\"recent-runs\"", location);

    HttpResponse<String> forged =
        post(
            open + "/entities/team-checkout/cart/actions/restart-service",
            "input.reason=from+elsewhere",
            "Origin",
            "https://elsewhere.example");
    assertThat(forged.statusCode()).isEqualTo(403);
  }

  @Test
  void anApproverSeesApproveAndRejectOnAWaitingRunAndTheRequesterDoesNot() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(
                        withPeople + "/entities/team-payments/payments-api",
                        "Authorization",
                        "Bearer alice-token")
                    .body()
                    .contains("id=\"action-decommission-service\""));
    HttpResponse<String> requested =
        post(
            withPeople + "/entities/team-payments/payments-api/actions/decommission-service",
            "input.confirm=false&input.confirm=true",
            "Authorization",
            "Bearer alice-token");
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(303);
    String run = requested.headers().firstValue("Location").orElseThrow();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                get(withPeople + run, "Authorization", "Bearer alice-token")
                    .body()
                    .contains("WaitingForApproval"));

    assertThat(get(withPeople + run, "Authorization", "Bearer alice-token").body())
        .as("the requester may not decide")
        .contains("requested by <strong>alice</strong>")
        .doesNotContain(">Approve<");
    String asBob = get(withPeople + run, "Authorization", "Bearer bob-token").body();
    assertThat(asBob)
        .contains(">Approve</button>", ">Reject</button>", "action=\"" + run + "/decision\"");

    HttpResponse<String> approved =
        post(
            withPeople + run + "/decision",
            "decision=approved",
            "Authorization",
            "Bearer bob-token");
    assertThat(approved.statusCode()).isEqualTo(303);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                get(withPeople + run, "Authorization", "Bearer bob-token")
                    .body()
                    .contains("decided by <strong>bob</strong>"));
    assertThat(get(withPeople + run, "Authorization", "Bearer bob-token").body())
        .doesNotContain(">Approve</button>");
    HttpResponse<String> again =
        post(
            withPeople + run + "/decision",
            "decision=rejected",
            "Authorization",
            "Bearer bob-token");
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(again.body()).contains("a decision is final");
  }

  @Test
  void everyPageCarriesTheSecurityHeadersAndSaysAuthenticationIsOff() throws Exception {
    for (String path :
        new String[] {
          "/catalog",
          "/entities/team-payments/ledger",
          "/graph",
          "/scorecards",
          "/getting-started",
          "/sign-in",
          "/entities/team-payments/nope"
        }) {
      HttpResponse<String> page = get(open + path);
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .contains(
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
                  + " base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
      assertThat(page.headers().firstValue("Referrer-Policy")).as(path).contains("same-origin");
      assertThat(page.headers().firstValue("Content-Type").orElseThrow())
          .as(path)
          .startsWith("text/html")
          .containsIgnoringCase("charset=utf-8");
      assertThat(page.body())
          .as(path)
          .contains("Authentication is off.")
          .doesNotContain("<script>", " style=\"", " onclick=");
    }
    assertThat(get(open + "/static/portal.css").headers().firstValue("Content-Security-Policy"))
        .isPresent();
    assertThat(get(open + "/").headers().firstValue("Location")).contains("/catalog");
  }

  @Test
  void userSuppliedStringsAreEscapedAndMarkdownIsRenderedSafely() throws Exception {
    String catalog = get(open + "/catalog?q=friends").body();
    assertThat(catalog)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends")
        .doesNotContain("<script>alert(1)");
    String note = get(open + "/entities/team-payments/tricky-note").body();
    assertThat(note)
        .contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends</h1>")
        .contains(
            "<h1>Runbook</h1>", "<strong>Restart</strong>", "&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<img src=x", "javascript:")
        .contains("href=\"https://notes.example.com/a?b=1&amp;c=2\"");
  }

  @Test
  void catalogTableFollowsTheBlueprintAndHtmxGetsOnlyTheResults() throws Exception {
    HttpResponse<String> services = get(open + "/catalog?blueprint=service&sort=-title");
    assertThat(services.statusCode()).isEqualTo(200);
    assertThat(services.body())
        .contains(">Repository", ">On-call address", ">Production readiness</th>")
        .contains(
            "href=\"/entities/team-payments/payments-api\"",
            "href=\"https://git.example.com/payments/ledger\"")
        .contains("Showing 1–5 of <strong>5</strong>")
        .contains("aria-sort=\"descending\"");
    assertThat(services.body().indexOf(">Payments API<"))
        .isLessThan(services.body().indexOf(">Ledger<"));
    HttpResponse<String> partial =
        get(open + "/catalog?blueprint=service&namespace=team-payments", "HX-Request", "true");
    assertThat(partial.body())
        .doesNotContain("<html", "<h1>")
        .contains("Showing 1–2 of <strong>2</strong>");
  }

  @Test
  void anUnknownPathIsTheStyledPageForABrowserAndJsonForTheApi() throws Exception {
    HttpResponse<String> page = get(open + "/no-such-page", "Accept", "text/html,*/*;q=0.8");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(page.body())
        .contains(
            "/static/portal.css",
            "<h1 id=\"error-heading\">Not found</h1>",
            "There is no page at /no-such-page",
            "aria-label=\"Main\"");
    HttpResponse<String> api = get(open + "/api/v1/nothing", "Accept", "text/html");
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).startsWith("{").contains("\"error\":\"NotFound\"");
    assertThat(get(open + "/no-such-page").body())
        .as("a client that does not ask for HTML keeps the JSON error")
        .contains("\"error\":\"NotFound\"");
  }

  @Test
  void aListOfObjectsIsATableAndTimesAreReadableWithTheirIsoValue() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(open + "/entities/team-payments/deployment-payments-api").statusCode() == 200);
    String workload = get(open + "/entities/team-payments/deployment-payments-api").body();
    assertThat(workload)
        .contains(
            "<table class=\"value-table\">",
            "<th scope=\"col\">Image</th>",
            "<th scope=\"col\">Liveness probe</th>",
            "<li>cpu: ")
        .doesNotContain("<pre class=\"json\">");
    assertThat(
            PropertyValue.of(
                    com.fasterxml.jackson.databind.node.TextNode.valueOf("2026-12-02T07:31:05Z"),
                    schema("date-time"))
                .moment())
        .isEqualTo(new Moment("2026-12-02T07:31:05Z", "2 Dec 2026, 07:31:05 UTC"));
    assertThat(Moment.of("yesterday")).isEqualTo(new Moment("yesterday", "yesterday"));

    post(
        open + "/entities/team-checkout/cart/actions/restart-service",
        "input.reason=a+run+to+list");
    String runs = get(open + "/runs").body();
    assertThat(runs).containsPattern("<time datetime=\"(\\d{4}-[^\"]+)\" title=\"\\1\">\\d{1,2} ");
  }

  private static dev.portolan.model.PropertySchema schema(String format) {
    var schema = new dev.portolan.model.PropertySchema();
    schema.type = "string";
    schema.format = format;
    return schema;
  }

  @Test
  void theCreatePageStartsACreateRunThroughTheSameChecksAsEveryRun() throws Exception {
    String page = get(open + "/create").body();
    assertThat(page)
        .contains(
            "id=\"action-scaffold-service\"",
            "Scaffold a new service",
            "name=\"namespace\"",
            "<option value=\"team-checkout\"",
            "needs approval",
            "href=\"/create\" aria-current=\"page\"")
        .doesNotContain("action-restart-service");
    assertThat(get(open + "/runs").body()).contains("href=\"/create\"");

    HttpResponse<String> refused =
        post(
            open + "/create/scaffold-service",
            "namespace=team-checkout&input.name=X&input.system=team-checkout%2Fcheckout");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("Some inputs need fixing", "input-scaffold-service-name-error", "value=\"X\"");
    HttpResponse<String> noNamespace =
        post(open + "/create/scaffold-service", "input.name=gift-cards&input.system=a%2Fb");
    assertThat(noNamespace.statusCode()).isEqualTo(400);
    assertThat(noNamespace.body()).contains("namespace is required");
    assertThat(post(open + "/create/restart-service", "namespace=team-checkout").statusCode())
        .as("a Day2 action is started from its entity")
        .isEqualTo(404);
    assertThat(
            post(
                    open + "/create/scaffold-service",
                    "namespace=team-checkout&input.name=gift-cards&input.system=team-checkout%2Fcheckout",
                    "Sec-Fetch-Site",
                    "cross-site")
                .statusCode())
        .isEqualTo(403);

    HttpResponse<String> accepted =
        post(
            open + "/create/scaffold-service",
            "namespace=team-checkout&input.name=gift-cards&input.language=go"
                + "&input.system=team-checkout%2Fcheckout");
    assertThat(accepted.statusCode()).isEqualTo(303);
    String location = accepted.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/runs/team-checkout/scaffold-service-");
    assertThat(get(open + location).body())
        .contains("gift-cards", "requested by <strong>demo</strong>");
  }

  @Test
  void badInputIsAPageThatNamesTheParameter() throws Exception {
    HttpResponse<String> missing = get(open + "/entities/team-payments/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body())
        .contains(
            "Not found", "entity 'team-payments/nope' does not exist", "<strong>name</strong>");
    HttpResponse<String> badName = get(open + "/entities/team-payments/No_Such");
    assertThat(badName.statusCode()).isEqualTo(400);
    HttpResponse<String> badFilter =
        get(open + "/catalog?filter=entity.properties.replicas%20%3E%3D");
    assertThat(badFilter.statusCode()).isEqualTo(400);
    assertThat(badFilter.body())
        .contains("The <strong>filter</strong> parameter:", "id=\"catalog-form\"");
    HttpResponse<String> badSort = get(open + "/catalog?sort=colour");
    assertThat(badSort.statusCode()).isEqualTo(400);
    assertThat(badSort.body()).contains("<strong>sort</strong>");
    HttpResponse<String> badDepth = get(open + "/graph?root=team-payments/ledger&depth=9");
    assertThat(badDepth.statusCode()).isEqualTo(400);
    assertThat(badDepth.body()).contains("<strong>depth</strong>", "depth must be from 1 to 5");
    assertThat(get(open + "/graph?root=team-payments/nope").body())
        .contains("<strong>root</strong>");
    assertThat(get(open + "/graph?blueprint=nope").statusCode()).isEqualTo(404);
    assertThat(get(open + "/scorecards/nope").statusCode()).isEqualTo(404);
    assertThat(get(open + "/scorecards?owner=nobody").body()).contains("<strong>owner</strong>");
  }

  @Test
  void entityPageShowsRelationsBothWaysTheGraphDataAndEachRule() throws Exception {
    String ledger = get(open + "/entities/team-payments/ledger").body();
    assertThat(ledger)
        .contains("<h1>Ledger</h1>", "href=\"/entities/platform/billing\"")
        .contains("href=\"/entities/team-payments/payments-api\"", "Depends on")
        .contains("data-elements=\"{&#34;nodes&#34;:")
        .contains("Production readiness", "badge-bronze", "✗ failed", "✓ passed");
    String invalid = get(open + "/entities/team-checkout/legacy-reports").body();
    assertThat(invalid)
        .contains(
            "Validation problems",
            "must be one of java, go, python, node",
            "entity 'platform/reporting' does not exist; create it or fix the reference")
        // One item per problem, each starting with the field it blames.
        .contains(
            "<li>spec.properties.language: must be one of java, go, python, node",
            "<li>spec.properties.replicas: must be at least 0",
            "<li>spec.relations.system: entity 'platform/reporting' does not exist");
  }

  @Test
  void scorecardsCanBeNarrowedToOneTeam() throws Exception {
    String all = get(open + "/scorecards").body();
    assertThat(all).contains("Production readiness", "Checkout web", "Ledger");
    String payments = get(open + "/scorecards?owner=payments").body();
    assertThat(payments).contains("Ledger", "Payments API").doesNotContain("Checkout web");
  }

  @Test
  void insightsShowTheCatalogTheLevelsOverTimeAndAdoptionAsChartsWithTables() throws Exception {
    String page = get(open + "/insights").body();
    assertThat(page)
        .contains(
            "<h1>Insights</h1>",
            "Entities per blueprint",
            "% at each level over time",
            "Self-service adoption",
            "<svg viewBox=",
            "<title id=\"trend-production-readiness-title\">",
            "<desc id=\"catalog-chart-desc\">",
            "<option value=\"payments\">");
    // every chart has a table with its numbers
    assertThat(page.split("<svg ", -1).length - 1)
        .isLessThanOrEqualTo(page.split("<table", -1).length - 1);
    HttpResponse<String> picked = get(open + "/insights?team=payments");
    assertThat(picked.statusCode()).isEqualTo(302);
    assertThat(picked.headers().firstValue("Location")).hasValue("/insights/teams/payments");

    String team = get(open + "/insights/teams/payments").body();
    assertThat(team)
        .contains(
            "<h1>payments</h1>",
            "id=\"team-scorecard-production-readiness\"",
            "What would move the most entities up",
            "portolan_scorecard_owner_entities{owner=\"payments\"}",
            "Actions run on the team's entities",
            "Every backend service Silver",
            "2027-03-31");
    HttpResponse<String> nobody = get(open + "/insights/teams/nobody");
    assertThat(nobody.statusCode()).isEqualTo(404);
    assertThat(nobody.body()).contains("no entity you may see is owned by 'nobody'");
    assertThat(get(open + "/insights?limit=3").body()).contains("unknown query parameter");
  }

  @Test
  void insightsCountOnlyWhatTheCallerMaySee() throws Exception {
    String bearer = "Bearer good-token";
    com.fasterxml.jackson.databind.JsonNode all =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(get(open + "/api/v1/insights").body());
    com.fasterxml.jackson.databind.JsonNode mine =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(get(closed + "/api/v1/insights", "Authorization", bearer).body());
    assertThat(mine.get("entities").asInt()).isPositive().isLessThan(all.get("entities").asInt());
    assertThat(mine.get("teams").toString()).contains("payments").doesNotContain("checkout");
    assertThat(all.get("teams").toString()).contains("checkout");
    // The scorecard also grades entities in namespaces this caller may not see: its stored
    // history is withheld, as GET /api/v1/scorecards/{name}/history withholds it.
    assertThat(mine.at("/scorecards/0/scope").asText()).isEqualTo("namespaces");
    assertThat(mine.at("/scorecards/0/withheld").asText()).contains("may not list entities");
    assertThat(all.at("/scorecards/0/scope").asText()).isEqualTo("cluster");
    assertThat(mine.get("actions").isNull()).isTrue(); // that server serves no actions
    assertThat(all.at("/actions/weeks").size()).isEqualTo(12);

    HttpResponse<String> hidden =
        get(closed + "/api/v1/insights/teams/checkout", "Authorization", bearer);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.body()).contains("no entity you may see is owned by 'checkout'");
    com.fasterxml.jackson.databind.JsonNode payments =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                get(closed + "/api/v1/insights/teams/payments", "Authorization", bearer).body());
    assertThat(payments.get("owner").asText()).isEqualTo("payments");
    assertThat(payments.at("/scorecards/0/name").asText()).isEqualTo("production-readiness");
    assertThat(payments.at("/scorecards/0/levels").toString()).contains("\"None\"");
    assertThat(payments.at("/scorecards/0/nextLevelRules").isArray()).isTrue();
    assertThat(payments.get("trendScope").asText()).contains("portolan_scorecard_owner_entities");
    assertThat(payments.at("/initiatives/0/name").asText()).isEqualTo("backend-services-silver");
    assertThat(payments.at("/initiatives/0/owners").size()).isEqualTo(1);
    assertThat(payments.at("/initiatives/0/owners/0/owner").asText()).isEqualTo("payments");
    assertThat(get(closed + "/insights/teams/payments", "Authorization", bearer).body())
        .contains("<h1>payments</h1>");
  }

  @Test
  void withAuthenticationAPageRedirectsToSignInAndTheCookieSignsIn() throws Exception {
    HttpResponse<String> anonymous = get(closed + "/catalog?q=ledger");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location"))
        .contains("/sign-in?next=%2Fcatalog%3Fq%3Dledger");
    assertThat(anonymous.headers().firstValue("Content-Security-Policy")).isPresent();
    HttpResponse<String> htmx = get(closed + "/catalog", "HX-Request", "true");
    assertThat(htmx.statusCode()).isEqualTo(401);
    assertThat(htmx.headers().firstValue("HX-Redirect")).contains("/sign-in?next=%2Fcatalog");
    assertThat(get(closed + "/sign-in").body())
        .contains("Bearer token")
        .doesNotContain("Authentication is off");

    HttpResponse<String> wrong = post(closed + "/sign-in", "token=bad-token&next=%2Fcatalog");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("The cluster did not accept that token");
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> right =
        post(closed + "/sign-in", "token=good-token&next=%2Fcatalog%3Fq%3Dledger");
    assertThat(right.statusCode()).isEqualTo(302);
    assertThat(right.headers().firstValue("Location")).contains("/catalog?q=ledger");
    assertThat(right.headers().firstValue("Set-Cookie"))
        .contains("portolan_token=good-token; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict");
    assertThat(
            post(closed + "/sign-in", "token=good-token", "X-Forwarded-Proto", "https")
                .headers()
                .firstValue("Set-Cookie")
                .orElseThrow())
        .endsWith("; Secure");
    assertThat(
            post(closed + "/sign-in", "token=good-token&next=%2F%2Fevil.example")
                .headers()
                .firstValue("Location"))
        .contains("/catalog");
    // A browser drops the tab and would read //evil.example: issue #14.
    assertThat(
            post(closed + "/sign-in", "token=good-token&next=%2F%09%2Fevil.example")
                .headers()
                .firstValue("Location"))
        .contains("/catalog");
    assertThat(
            post(closed + "/sign-in", "token=good-token", "Origin", "https://evil.example")
                .statusCode())
        .isEqualTo(403);

    String signedIn = get(closed + "/catalog", "Cookie", "portolan_token=good-token").body();
    assertThat(signedIn)
        .contains("Ledger", "action=\"/sign-out\"")
        .doesNotContain("Checkout web", "Authentication is off");
    assertThat(
            get(
                    closed + "/entities/team-checkout/checkout-web",
                    "Cookie",
                    "portolan_token=good-token")
                .statusCode())
        .isEqualTo(404);
    String byProxy = get(closed + "/scorecards", "Authorization", "Bearer good-token").body();
    assertThat(byProxy).contains("Ledger").doesNotContain("Checkout web", "action=\"/sign-out\"");

    HttpResponse<String> out =
        post(closed + "/sign-out", "", "Cookie", "portolan_token=good-token");
    assertThat(out.headers().firstValue("Set-Cookie"))
        .contains("portolan_token=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    assertThat(out.headers().firstValue("Location")).contains("/sign-in");
  }
}
