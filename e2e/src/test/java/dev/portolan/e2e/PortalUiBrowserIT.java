package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.web.auth.Access;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The web UI in a real headless Chromium (Debian's chromium and chromium-driver), over the embedded
 * demo started in this process: what a user sees and can click, with the browser's console checked
 * for Content-Security-Policy violations after every test. Writes the README's screenshots to
 * docs/screenshots.
 */
class PortalUiBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path ROOT = Path.of(System.getProperty("portolan.root", ".."));

  private static EmbeddedCluster cluster;
  private static PortolanOperator operator;
  private static ChromeDriver browser;
  private static dev.portolan.embedded.DemoJobRunner jobRunner;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start();
    cluster.apply(ExampleResources.load(cluster.client(), ROOT.resolve("examples")));
    operator = new PortolanOperator(cluster.client(), Clock.systemUTC(), null).start();
    // As the demo does: admission applied in process, Jobs completed by the demo's stand-in runner.
    jobRunner = new dev.portolan.embedded.DemoJobRunner(cluster.client(), Duration.ofSeconds(1));
    base =
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
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                operator.index().scorecards().stream()
                        .allMatch(s -> s.getStatus() != null && !s.getStatus().conditions.isEmpty())
                    && operator.index().entities().stream()
                        .filter(e -> e.getSpec().blueprint.equals("service"))
                        .allMatch(
                            e -> e.getStatus() != null && !e.getStatus().scorecards.isEmpty()));

    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("chromium", "/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1200",
        "--hide-scrollbars",
        "--force-device-scale-factor=1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(System.getProperty("chromedriver", "/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (jobRunner != null) {
      jobRunner.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** No page may break its own Content-Security-Policy, nor log a script error. */
  @AfterEach
  void consoleIsClean() {
    List<String> problems = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      String message = entry.getMessage();
      boolean expectedErrorPage =
          message.contains("Failed to load resource: the server responded with a status of 4");
      if (message.contains("Content Security Policy")
          || message.contains("Refused to")
          || entry.getLevel().intValue() >= Level.SEVERE.intValue() && !expectedErrorPage) {
        problems.add(entry.getLevel() + " " + message);
      }
    }
    assertThat(problems).isEmpty();
  }

  private static void open(String path) {
    browser.get(base + path);
  }

  private static Object js(String script, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(script, arguments);
  }

  /**
   * The result count as the page shows it now: the results are swapped in whole as the user types,
   * so an element found a moment ago may be gone; it is then found again.
   */
  private static String resultCount() {
    for (int attempt = 0; ; attempt++) {
      try {
        return browser.findElement(By.id("result-count")).getText();
      } catch (org.openqa.selenium.StaleElementReferenceException swapped) {
        if (attempt == 4) {
          throw swapped;
        }
      }
    }
  }

  private static void screenshot(String name) throws Exception {
    Path target = ROOT.resolve("docs/screenshots/" + name + ".png");
    Files.createDirectories(target.getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        target,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The serious and critical violations axe-core finds on the page as it is now, each as {@code
   * rule (impact): help at selectors}. The engine is injected by WebDriver, not by the page, so the
   * page's Content-Security-Policy stays as it is.
   */
  @SuppressWarnings("unchecked")
  private static List<String> accessibilityProblems() throws Exception {
    if (js("return typeof window.axe").equals("undefined")) {
      js(
          Files.readString(
              Path.of(System.getProperty("axe-core.script", "target/axe-core/axe.min.js"))));
    }
    assertThat(js("return axe.version"))
        .as("the pinned axe-core runs")
        .isEqualTo(System.getProperty("axe-core.version", "4.10.3"));
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                """
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(
                  (result) => done(result.violations
                    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                      + v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', '))),
                  (error) => done(['axe-core failed: ' + error]));
                """);
  }

  /** How much wider than the window the page is (0 when it fits). */
  private static long overflow() {
    return ((Number) js("return document.documentElement.scrollWidth - window.innerWidth"))
        .longValue();
  }

  private static long drawnNodes() {
    Object count = js("return window.portolanGraph ? window.portolanGraph.nodes().length : 0");
    return ((Number) count).longValue();
  }

  @Test
  void searchAndFacetsNarrowTheTable() throws Exception {
    open("/catalog");
    String all = resultCount();
    assertThat(all).startsWith("Showing 1–");
    int total =
        Integer.parseInt(browser.findElement(By.cssSelector("#result-count strong")).getText());

    browser.findElement(By.id("q")).sendKeys("legacy");
    await().atMost(WAIT).until(() -> resultCount().contains("of 1 entity"));
    assertThat(browser.findElement(By.cssSelector("table.entities tbody th a")).getText())
        .isEqualTo("Legacy reports");
    assertThat(browser.getCurrentUrl()).contains("q=legacy");

    browser.findElement(By.id("q")).clear();
    browser.findElement(By.id("q")).sendKeys(" ");
    await().atMost(WAIT).until(() -> resultCount().contains("of " + total + " entities"));
    browser.findElement(By.cssSelector("input[name=blueprint][value=service]")).click();
    await().atMost(WAIT).until(() -> resultCount().contains("of 5 entities"));
    List<String> headings =
        browser.findElements(By.cssSelector("table.entities thead th")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(headings).contains("Repository", "On-call address", "Production readiness");

    browser.findElement(By.cssSelector("input[name=namespace][value=team-payments]")).click();
    await().atMost(WAIT).until(() -> resultCount().contains("of 2 entities"));
    assertThat(
            browser.findElements(By.cssSelector("table.entities tbody th a")).stream()
                .map(WebElement::getText))
        .containsExactlyInAnyOrder("Ledger", "Payments API");
    assertThat(browser.getCurrentUrl()).contains("blueprint=service", "namespace=team-payments");

    open("/catalog?blueprint=service");
    screenshot("catalog");

    open("/catalog?filter=entity.properties.replicas%20%3E%3D");
    assertThat(browser.findElement(By.cssSelector(".problem")).getText())
        .contains("The filter parameter:");
  }

  @Test
  void entityPageShowsRelationsGraphAndScorecards() throws Exception {
    open("/entities/team-payments/ledger");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ledger");
    assertThat(browser.findElement(By.id("outgoing")).getText())
        .contains("Billing", "Payments database");
    assertThat(browser.findElement(By.id("incoming")).getText())
        .contains("Payments API", "Depends on");
    await().atMost(WAIT).until(() -> drawnNodes() > 0);
    assertThat(browser.findElements(By.cssSelector("#graph canvas"))).isNotEmpty();
    assertThat(drawnNodes()).isGreaterThanOrEqualTo(4);
    String scorecards =
        browser
            .findElement(By.cssSelector("section[aria-labelledby=scorecards-heading]"))
            .getText();
    assertThat(scorecards).contains("Production readiness: Bronze", "✗ failed", "✓ passed");
    screenshot("entity");

    open("/entities/team-payments/nope");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
        .contains("The name parameter: entity 'team-payments/nope' does not exist");
  }

  @Test
  void graphPageDrawsNodesAndAClickOpensTheEntity() throws Exception {
    open("/graph?root=team-checkout/checkout-web&depth=2");
    try {
      await().atMost(WAIT).until(() -> drawnNodes() > 1);
    } catch (RuntimeException e) {
      screenshot("../../e2e/target/graph-failure");
      Files.writeString(ROOT.resolve("e2e/target/graph-failure.html"), browser.getPageSource());
      throw e;
    }
    js("document.getElementById('graph').scrollIntoView({block: 'end'})");
    screenshot("graph");
    @SuppressWarnings("unchecked")
    Map<String, Object> target =
        (Map<String, Object>)
            js(
                """
        const cy = window.portolanGraph;
        cy.container().scrollIntoView({block: 'center'});
        const box = cy.container().getBoundingClientRect();
        const distance = n => Math.hypot(n.renderedPosition().x - box.width / 2, n.renderedPosition().y - box.height / 2);
        const node = cy.nodes().filter(n => n.id() !== 'team-checkout/checkout-web')
            .sort((a, b) => distance(a) - distance(b))[0];
        const p = node.renderedPosition();
        return {id: node.id(), x: p.x, y: p.y, width: box.width, height: box.height};
        """);
    WebElement graph = browser.findElement(By.id("graph"));
    int x =
        (int)
            Math.round(
                ((Number) target.get("x")).doubleValue()
                    - ((Number) target.get("width")).doubleValue() / 2);
    int y =
        (int)
            Math.round(
                ((Number) target.get("y")).doubleValue()
                    - ((Number) target.get("height")).doubleValue() / 2);
    new Actions(browser).moveToElement(graph, x, y).click().perform();
    String id = (String) target.get("id");
    await().atMost(WAIT).until(() -> browser.getCurrentUrl().endsWith("/entities/" + id));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
  }

  @Test
  void insightsDrawChartsWithATableBesideEachForLeadsAndForOneTeam() throws Exception {
    open("/insights");
    String overview = browser.findElement(By.tagName("main")).getText();
    assertThat(overview)
        .contains(
            "Entities per blueprint",
            "% at each level over time",
            "Self-service adoption",
            "Approvals waiting");
    List<WebElement> charts = browser.findElements(By.cssSelector("figure.chart svg[role=img]"));
    assertThat(charts).hasSizeGreaterThanOrEqualTo(3);
    for (WebElement chart : charts) {
      assertThat(chart.getAttribute("aria-labelledby")).isNotBlank();
      assertThat(chart.getSize().getWidth()).isPositive();
    }
    assertThat(browser.findElements(By.cssSelector("table.trend tbody tr"))).isNotEmpty();
    screenshot("insights");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("team")))
        .selectByValue("payments");
    browser.findElement(By.cssSelector("form.owner-filter button")).click();
    await().atMost(WAIT).until(() -> browser.getCurrentUrl().endsWith("/insights/teams/payments"));
    String team = browser.findElement(By.tagName("main")).getText();
    assertThat(team)
        .contains("payments", "Levels now", "What would move the most entities up", "Trend")
        .contains("portolan_scorecard_owner_entities");
    screenshot("insights-team");
  }

  @Test
  void scorecardsAndGettingStartedShowTheLiveCatalog() throws Exception {
    open("/scorecards");
    WebElement readiness = browser.findElement(By.id("scorecard-production-readiness"));
    assertThat(readiness.getText())
        .contains("Production readiness", "Gold", "Payments API", "Ledger");
    assertThat(readiness.findElements(By.tagName("meter"))).isNotEmpty();
    screenshot("scorecards");
    open("/scorecards?owner=payments");
    assertThat(browser.findElement(By.id("scorecard-production-readiness")).getText())
        .contains("Ledger")
        .doesNotContain("Checkout web");

    open("/getting-started");
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("Blueprints", "Entities", "Scorecards", "Actions", "Service");
    assertThat(browser.findElement(By.cssSelector(".banner")).getText())
        .contains("Authentication is off");
    screenshot("getting-started");
  }

  @Test
  void anActionFormRefusesBadInputWithAMessageAndAGoodRunReachesItsPhase() throws Exception {
    open("/entities/team-checkout/cart");
    WebElement form = browser.findElement(By.id("action-restart-service"));
    js(
        "arguments[0].closest('details').open = true; arguments[0].scrollIntoView({block: 'center'})",
        form);
    WebElement reason = form.findElement(By.name("input.reason"));
    reason.sendKeys("no");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement message = browser.findElement(By.id("input-restart-service-reason-error"));
    await().atMost(WAIT).until(() -> !message.getText().isBlank());
    assertThat(message.getText())
        .as("the browser's own validation message, shown at the field")
        .isNotBlank();
    assertThat(browser.getCurrentUrl()).endsWith("/entities/team-checkout/cart");
    screenshot("action-form");

    reason.clear();
    reason.sendKeys("memory leak after deploy");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    try {
      await()
          .atMost(WAIT)
          .until(() -> browser.getCurrentUrl().contains("/runs/team-checkout/restart-service-"));
    } catch (RuntimeException e) {
      Files.writeString(
          ROOT.resolve("e2e/target/action-failure.html"),
          browser.getCurrentUrl() + "\n" + browser.getPageSource());
      throw e;
    }
    await()
        .atMost(WAIT)
        .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
        .untilAsserted(
            () ->
                assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("memory leak after deploy", "demo"));
    // The status part of the page replaces itself every two seconds while the run goes on.
    await()
        .atMost(WAIT)
        .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
        .until(() -> browser.findElement(By.id("run-phase")).getText().equals("Succeeded"));
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("Requested", "Started", "Finished");
    screenshot("run");

    open("/runs?phase=Succeeded");
    assertThat(browser.findElement(By.cssSelector("table.runs")).getText())
        .contains("restart-service", "cart", "demo");
  }

  @Test
  void facetsAreMultiSelectAndKeepTheirCounts() throws Exception {
    open("/catalog");
    WebElement database =
        browser.findElement(By.xpath("//input[@name='blueprint'][@value='database']/.."));
    int databases = Integer.parseInt(database.findElement(By.cssSelector(".count")).getText());
    browser.findElement(By.cssSelector("input[name=blueprint][value=service]")).click();
    await().atMost(WAIT).until(() -> resultCount().contains("of 5 entities"));
    assertThat(browser.findElements(By.cssSelector("input[name=blueprint]")))
        .as("checking a value keeps its siblings")
        .hasSizeGreaterThan(2);
    assertThat(
            browser
                .findElement(By.xpath("//input[@name='blueprint'][@value='database']/.."))
                .findElement(By.cssSelector(".count"))
                .getText())
        .as("a sibling keeps its count")
        .isEqualTo(Integer.toString(databases));

    browser.findElement(By.cssSelector("input[name=blueprint][value=database]")).click();
    await().atMost(WAIT).until(() -> resultCount().contains("of " + (5 + databases) + " entities"));
    assertThat(
            browser
                .findElement(By.cssSelector("input[name=blueprint][value=service]"))
                .isSelected())
        .isTrue();
    assertThat(
            browser
                .findElement(By.cssSelector("input[name=blueprint][value=database]"))
                .isSelected())
        .isTrue();
    assertThat(browser.getCurrentUrl()).contains("blueprint=service", "blueprint=database");
    screenshot("catalog-facets");
  }

  @Test
  void noPageIsWiderThanTheWindowOnALaptopOrAPhone() throws Exception {
    // A run with a long name, as kubectl can create one (the API's generateName is shorter).
    String longName = "restart-cart-" + "a-very-long-run-name-".repeat(9) + "end";
    var run = new dev.portolan.model.Action();
    run.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace("team-checkout")
            .withName(longName)
            .build());
    run.setSpec(new dev.portolan.model.ActionSpec());
    run.getSpec().definition = "restart-service";
    run.getSpec().entity = "cart";
    cluster.client().resource(run).create();
    await()
        .atMost(WAIT)
        .until(() -> operator.index().action("team-checkout", longName).isPresent());
    List<String> pages =
        List.of(
            "/catalog",
            "/catalog?blueprint=service",
            "/catalog?blueprint=workload",
            "/entities/team-payments/ledger",
            "/entities/team-payments/deployment-payments-api",
            "/graph",
            "/scorecards",
            "/scorecards/production-readiness",
            "/insights",
            "/insights/teams/payments",
            "/runs",
            "/runs/team-checkout/" + longName,
            "/create",
            "/getting-started",
            "/no-such-page");
    try {
      for (int width : List.of(1366, 390)) {
        browser.manage().window().setSize(new Dimension(width, 900));
        for (String page : pages) {
          open(page);
          assertThat(((Number) js("return window.innerWidth")).intValue()).isEqualTo(width);
          assertThat(overflow())
              .as(page + " at " + width + " px is wider than the window")
              .isZero();
        }
      }
    } finally {
      browser.manage().window().setSize(new Dimension(1400, 1200));
    }
  }

  @Test
  void everyPagePassesAnAccessibilityAuditWithNoSeriousOrCriticalViolation() throws Exception {
    open("/runs");
    String aRun =
        browser.findElements(By.cssSelector("table.runs tbody a")).stream()
            .map(a -> a.getAttribute("href"))
            .findFirst()
            .map(href -> href.substring(base.length()))
            .orElse(null);
    List<String> pages =
        new ArrayList<>(
            List.of(
                "/catalog",
                "/catalog?blueprint=service",
                "/entities/team-payments/ledger",
                "/entities/team-checkout/cart",
                "/entities/team-payments/deployment-payments-api",
                "/scorecards",
                "/scorecards/production-readiness",
                "/insights",
                "/insights/teams/payments",
                "/graph",
                "/runs",
                "/create",
                "/getting-started",
                "/no-such-page"));
    if (aRun != null) {
      pages.add(aRun);
    }
    Map<String, List<String>> problems = new java.util.LinkedHashMap<>();
    for (String page : pages) {
      open(page);
      if (page.startsWith("/graph") || page.startsWith("/entities")) {
        await().atMost(WAIT).until(() -> drawnNodes() > 0);
      }
      List<String> found = accessibilityProblems();
      if (!found.isEmpty()) {
        problems.put(page, found);
      }
    }
    assertThat(problems).as("serious or critical axe-core violations").isEmpty();
  }

  @Test
  void theOverviewGraphIsTheSameOnEveryLoadWithRoomBetweenNodesAndLabels() throws Exception {
    String positions =
        """
        const cy = window.portolanGraph;
        return cy.nodes().map((n) => n.id() + '@' + Math.round(n.position('x')) + ',' + Math.round(n.position('y'))).sort().join(' ');
        """;
    open("/graph");
    await().atMost(WAIT).until(() -> drawnNodes() > 10);
    String first = (String) js(positions);
    open("/graph");
    await().atMost(WAIT).until(() -> drawnNodes() > 10);
    assertThat(js(positions)).as("the same layout on every load").isEqualTo(first);

    @SuppressWarnings("unchecked")
    Map<String, Object> measured =
        (Map<String, Object>)
            js(
                """
        const cy = window.portolanGraph;
        const nodes = cy.nodes().toArray();
        let closest = Infinity;
        const overlapping = [];
        const boxes = nodes.map((n) => n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true}));
        for (let i = 0; i < nodes.length; i++) {
          for (let j = i + 1; j < nodes.length; j++) {
            const a = nodes[i].renderedPosition(), b = nodes[j].renderedPosition();
            closest = Math.min(closest, Math.hypot(a.x - b.x, a.y - b.y));
            const p = boxes[i], q = boxes[j];
            if (p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2) {
              overlapping.push(nodes[i].id() + ' / ' + nodes[j].id());
            }
          }
        }
        const edgeFont = parseFloat(cy.edges()[0].style('font-size')) * cy.zoom();
        return {closest, overlapping, edgeFont, nodes: nodes.length};
        """);
    assertThat(((Number) measured.get("closest")).doubleValue())
        .as("rendered distance between the two closest nodes")
        .isGreaterThanOrEqualTo(60);
    assertThat((List<?>) measured.get("overlapping")).as("labels that overlap").isEmpty();
    assertThat(((Number) measured.get("edgeFont")).doubleValue())
        .as("the edge labels' size on screen")
        .isGreaterThanOrEqualTo(9.5);
    js("document.getElementById('graph').scrollIntoView({block: 'start'})");
    screenshot("graph-overview");
  }

  @Test
  void aWorkloadsContainersAreATableAndTimesAreReadable() throws Exception {
    open("/entities/team-payments/deployment-payments-api");
    WebElement containers = browser.findElement(By.cssSelector("table.value-table"));
    assertThat(
            containers.findElements(By.cssSelector("thead th")).stream()
                .map(WebElement::getText)
                .toList())
        .containsExactly(
            "Name", "Image", "Requests", "Limits", "Liveness probe", "Readiness probe");
    assertThat(containers.findElement(By.cssSelector("tbody")).getText())
        .contains("cpu: ", "memory: ", "yes");
    assertThat(browser.findElements(By.cssSelector("pre.json"))).as("no raw JSON").isEmpty();

    HttpResponse<String> started =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/namespaces/team-checkout/actions"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"definition\":\"restart-service\",\"entity\":\"cart\","
                                + "\"inputs\":{\"reason\":\"a run to show its time\"}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).isEqualTo(201);
    open("/runs");
    WebElement created = browser.findElement(By.cssSelector("table.runs tbody time"));
    String iso = created.getAttribute("datetime");
    assertThat(iso).matches("\\d{4}-\\d{2}-\\d{2}T.*");
    assertThat(created.getAttribute("title")).isEqualTo(iso);
    assertThat(created.getText())
        .matches("\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2}:\\d{2} UTC");

    open("/no-such-page");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    assertThat(browser.findElement(By.cssSelector(".problem-page [role=alert]")).getText())
        .contains("There is no page at /no-such-page");
    assertThat(browser.findElements(By.cssSelector("nav[aria-label=Main] a"))).isNotEmpty();
  }

  @Test
  void theActionFormsCheckboxSitsOnTheLineOfItsLabel() throws Exception {
    open("/entities/team-checkout/cart");
    WebElement form = browser.findElement(By.id("action-decommission-service"));
    js("arguments[0].closest('details').open = true", form);
    WebElement box = form.findElement(By.cssSelector("input[type=checkbox]"));
    WebElement label =
        form.findElement(By.cssSelector("label[for='" + box.getAttribute("id") + "']"));
    double boxMiddle = box.getRect().getY() + box.getRect().getHeight() / 2.0;
    double labelMiddle = label.getRect().getY() + label.getRect().getHeight() / 2.0;
    assertThat(Math.abs(boxMiddle - labelMiddle))
        .as("vertical offset of box and label")
        .isLessThan(4);
    assertThat(box.getRect().getX())
        .as("the box before its label")
        .isLessThan(label.getRect().getX());
  }

  @Test
  void theCreateGoldenPathStartsFromTheUi() throws Exception {
    open("/runs");
    browser.findElement(By.linkText("Create something new")).click();
    await().atMost(WAIT).until(() -> browser.getCurrentUrl().endsWith("/create"));
    WebElement form = browser.findElement(By.id("action-scaffold-service"));
    new org.openqa.selenium.support.ui.Select(form.findElement(By.name("namespace")))
        .selectByValue("team-checkout");
    form.findElement(By.name("input.name")).sendKeys("gift-cards");
    form.findElement(By.name("input.system")).sendKeys("team-checkout/checkout");
    screenshot("create");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    await()
        .atMost(WAIT)
        .until(() -> browser.getCurrentUrl().contains("/runs/team-checkout/scaffold-service-"));
    await()
        .atMost(WAIT)
        .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
        .untilAsserted(
            () ->
                assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("gift-cards", "team-checkout/checkout", "demo"));
    await()
        .atMost(WAIT)
        .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            () -> browser.findElement(By.id("run-phase")).getText().equals("WaitingForApproval"));
  }

  @Test
  void anEnvironmentSaysWhenItExpiresAndTheAutomationsPageShowsWhoActs() throws Exception {
    java.time.Instant expires =
        java.time.Instant.now()
            .plus(java.time.Duration.ofHours(3))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    cluster.apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: pr-1234, namespace: platform}
        spec:
          blueprint: environment
          title: Preview of PR 1234
          owner: checkout
          properties: {namespace: env-pr-1234, size: small, expiresAt: "%s"}
        """
            .formatted(expires));
    try {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  operator
                      .index()
                      .entity(
                          dev.portolan.catalog.EntityRef.parse("pr-1234", "platform").orElseThrow())
                      .isPresent());
      open("/entities/platform/pr-1234");
      WebElement upcoming = browser.findElement(By.id("upcoming"));
      assertThat(upcoming.getText())
          .contains("What will happen", "Scheduled", "at expiresAt:")
          .contains("platform/expire-environments runs delete-environment")
          .containsPattern("\\(in (2 h 59 min|3 h)\\)");
      assertThat(upcoming.findElement(By.tagName("time")).getAttribute("datetime"))
          .isEqualTo(expires.toString());
      await().atMost(WAIT).until(() -> drawnNodes() > 0);
      screenshot("entity-upcoming");
      assertThat(accessibilityProblems()).as("the entity page with its expiry").isEmpty();

      upcoming.findElement(By.linkText("platform/expire-environments")).click();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  browser
                      .getCurrentUrl()
                      .endsWith("/automations#automation-platform-expire-environments"));
      WebElement card = browser.findElement(By.id("automation-platform-expire-environments"));
      assertThat(card.getText())
          .contains("DateTimeReached: environment.expiresAt")
          .contains("as ServiceAccount environment-reaper")
          .contains("starts delete-environment");
      assertThat(browser.findElement(By.id("automation-platform-notify-below-silver")).getText())
          .contains("notifies (Slack) through Secret team-hook", "records the Event BelowSilver");
      open("/automations");
      screenshot("automations");
      assertThat(accessibilityProblems()).as("the automations page").isEmpty();
      try {
        for (int width : List.of(1366, 390)) {
          browser.manage().window().setSize(new Dimension(width, 900));
          for (String page : List.of("/automations", "/entities/platform/pr-1234")) {
            open(page);
            assertThat(overflow())
                .as(page + " at " + width + " px is wider than the window")
                .isZero();
          }
        }
      } finally {
        browser.manage().window().setSize(new Dimension(1400, 1200));
      }
    } finally {
      cluster
          .client()
          .resources(dev.portolan.model.Entity.class)
          .inNamespace("platform")
          .withName("pr-1234")
          .delete();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  operator
                      .index()
                      .entity(
                          dev.portolan.catalog.EntityRef.parse("pr-1234", "platform").orElseThrow())
                      .isEmpty());
    }
  }
}
