package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import dev.portolan.web.auth.Access;
import java.io.File;
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
}
