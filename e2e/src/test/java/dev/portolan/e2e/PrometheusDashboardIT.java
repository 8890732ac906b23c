package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's Grafana dashboard against a real Prometheus ({@code e2e/prometheus.sh} builds it from
 * its Go module, cached beside the control plane's binaries) that scrapes an operator process (the
 * production jar under the chart's ServiceAccount and RBAC) and loads the chart's recording rules
 * file: every panel's query, read from the dashboard JSON so a new panel is covered without
 * touching this test, returns data; the figures match the catalog; and the scorecard's daily
 * history survives an operator restart without a duplicated day.
 */
@ExtendWith(RealCluster.class)
class PrometheusDashboardIT {
  private static final String RELEASE = "portolan-prom";
  private static final String SCORECARD = "prom-readiness";
  private static final Path JAR =
      ControlPlane.ROOT.resolve("operator/target/portolan-operator.jar");
  private static final Path WORK = ControlPlane.ROOT.resolve("e2e/target/prometheus-dashboard");
  private static final Path DASHBOARD = ChartTest.CHART.resolve("files/portolan-dashboard.json");
  private static final Path RULES = ChartTest.CHART.resolve("files/portolan.rules.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static ControlPlane plane;
  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static Path kubeconfig;
  private static final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void install(ControlPlane controlPlane) throws Exception {
    plane = controlPlane;
    kubectl = plane.kubectlRunner();
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
            .build();
    var release =
        new Helm(ChartTest.CHART)
            .install()
            .withName(RELEASE)
            .withNamespace(RELEASE)
            .createNamespace()
            .withKubeConfig(plane.kubeconfig())
            .set("defaultBlueprints.enabled", "false")
            .set("webhook.enabled", "false")
            .set("leaderElection.enabled", "false")
            .set("replicaCount", "0") // the process below stands in for its Pod
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    String token =
        require(kubectl.run("create", "token", RELEASE, "-n", RELEASE, "--duration=1h"))
            .out()
            .strip();
    Files.createDirectories(WORK);
    kubeconfig = WORK.resolve("kubeconfig");
    Config adminConfig = admin.getConfiguration();
    String ca =
        adminConfig.getCaCertData() != null
            ? adminConfig.getCaCertData()
            : java.util.Base64.getEncoder()
                .encodeToString(Files.readAllBytes(Path.of(adminConfig.getCaCertFile())));
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: e2e, cluster: {server: "%s", certificate-authority-data: "%s"}}]
        users: [{name: operator, user: {token: "%s"}}]
        contexts: [{name: operator, context: {cluster: e2e, user: operator, namespace: %s}}]
        current-context: operator
        """
            .formatted(adminConfig.getMasterUrl(), ca, token, RELEASE));
    require(
        kubectl.runWithInput(
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: prom-team-a}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: prom-team-b}
            ---
            apiVersion: portolan.dev/v1alpha1
            kind: Blueprint
            metadata: {name: prom-service}
            spec:
              title: Service
              properties:
                repo: {type: string}
                oncall: {type: string}
            ---
            apiVersion: portolan.dev/v1alpha1
            kind: Scorecard
            metadata: {name: prom-readiness}
            spec:
              blueprint: prom-service
              levels: [Bronze, Gold]
              rules:
                - {name: has-repo, level: Bronze, expression: "has(entity.properties.repo)"}
                - {name: has-oncall, level: Gold, expression: "has(entity.properties.oncall)"}
            ---
            apiVersion: portolan.dev/v1alpha1
            kind: ActionDefinition
            metadata: {name: prom-restart}
            spec:
              title: Restart
              blueprint: prom-service
              operation: Day2
              job:
                template:
                  spec:
                    containers:
                      - {name: restart, image: busybox, command: ["true"]}
            ---
            apiVersion: portolan.dev/v1alpha1
            kind: Entity
            metadata: {name: cart, namespace: prom-team-a}
            spec:
              blueprint: prom-service
              owner: team-a
              properties: {repo: "https://git/cart", oncall: "a@example.com"}
            ---
            apiVersion: portolan.dev/v1alpha1
            kind: Entity
            metadata: {name: ledger, namespace: prom-team-a}
            spec:
              blueprint: prom-service
              owner: team-a
              properties: {repo: "https://git/ledger"}
            ---
            apiVersion: portolan.dev/v1alpha1
            kind: Entity
            metadata: {name: search, namespace: prom-team-b}
            spec:
              blueprint: prom-service
              owner: team-b
              properties: {}
            ---
            apiVersion: portolan.dev/v1alpha1
            kind: Initiative
            metadata: {name: prom-gold}
            spec:
              scorecard: prom-readiness
              level: Gold
              startDate: "2026-01-01"
              deadline: "2099-12-31"
            """,
            "apply",
            "-f",
            "-"));
  }

  @AfterAll
  static void uninstall() {
    started.forEach(Process::destroyForcibly);
    if (kubectl == null) {
      return;
    }
    kubectl.run(
        "delete",
        "initiative/prom-gold",
        "scorecard/prom-readiness",
        "actiondefinition/prom-restart",
        "blueprint/prom-service",
        "--ignore-not-found",
        "--wait=false");
    kubectl.run("delete", "namespace", "prom-team-a", "prom-team-b", "--wait=false");
    try {
      Helm.uninstall(RELEASE).withNamespace(RELEASE).withKubeConfig(plane.kubeconfig()).call();
    } catch (RuntimeException e) {
      System.out.println("[e2e] helm uninstall: " + e.getMessage());
    }
    kubectl.run("delete", "namespace", RELEASE, "--wait=false");
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void everyDashboardPanelsQueryReturnsDataFromARealPrometheus() throws Exception {
    long t0 = System.nanoTime();
    int operatorPort = freePort();
    Process operator = startOperator(operatorPort, "operator-1.log");
    awaitMetric(operatorPort, "portolan_scorecard_owner_entities{");
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> history().size() == 1 && history().get(0).path("entities").asInt() == 3);
    JsonNode point = history().get(0);
    assertThat(point.get("date").asText()).isEqualTo(today);
    assertThat(point.at("/levels/Gold").asInt()).isEqualTo(1);
    assertThat(point.at("/levels/Bronze").asInt()).isEqualTo(1);
    assertThat(point.at("/levels/None").asInt()).isEqualTo(1);

    // A restart reads the stored history back: today's point is updated, not added again.
    operator.destroy();
    assertThat(operator.waitFor(30, TimeUnit.SECONDS)).isTrue();
    require(
        kubectl.run(
            "patch",
            "entity/search",
            "-n",
            "prom-team-b",
            "--type=merge",
            "-p",
            "{\"spec\":{\"properties\":{\"repo\":\"https://git/search\"}}}"));
    operatorPort = freePort();
    startOperator(operatorPort, "operator-2.log");
    awaitMetric(operatorPort, "portolan_scorecard_owner_entities{");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> history().size() == 1 && history().get(0).at("/levels/Bronze").asInt() == 2);
    assertThat(history().get(0).get("date").asText()).isEqualTo(today);
    assertThat(history().get(0).at("/levels/None").asInt()).isZero();
    double operatorSeconds = (System.nanoTime() - t0) / 1e9;

    // Prometheus scraping it, with the chart's recording rules.
    long p0 = System.nanoTime();
    Path prometheus = buildPrometheus();
    double buildSeconds = (System.nanoTime() - p0) / 1e9;
    int promPort = freePort();
    Path config = WORK.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: ["%s"]
        scrape_configs:
          - job_name: portolan
            metrics_path: /metrics
            static_configs: [{targets: ["127.0.0.1:%d"]}]
        """
            .formatted(RULES.toAbsolutePath(), operatorPort));
    Path data = WORK.resolve("prometheus-data");
    deleteTree(data);
    Process server =
        new ProcessBuilder(
                prometheus.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + promPort,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(WORK.resolve("prometheus.log").toFile())
            .start();
    started.add(server);
    String base = "http://127.0.0.1:" + promPort;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> !result(query(base, "up{job=\"portolan\"} == 1")).isEmpty());
    // Every rule group of the chart's file loaded, evaluated, without an error.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              JsonNode groups = get(base + "/api/v1/rules").at("/data/groups");
              int rules = 0;
              for (JsonNode group : groups) {
                for (JsonNode rule : group.get("rules")) {
                  assertThat(rule.get("health").asText())
                      .as("rule %s: %s", rule.get("name"), rule.path("lastError"))
                      .isIn("ok", "unknown");
                  if (!rule.get("health").asText().equals("ok")) {
                    return false;
                  }
                  rules++;
                }
              }
              return rules > 0;
            });
    Thread.sleep(3_000); // a few samples, so that increase() over a range has two

    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.put(
            panel.get("title").asText() + " [" + target.get("refId").asText() + "]",
            target.get("expr").asText());
      }
    }
    assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(5);
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    for (Map.Entry<String, String> q : queries.entrySet()) {
      String expr = expand(q.getValue());
      JsonNode answer =
          await("dashboard panel " + q.getKey() + ": " + expr)
              .atMost(Duration.ofSeconds(20))
              .ignoreExceptions()
              .until(() -> query(base, expr), a -> !result(a).isEmpty());
      answers.put(q.getKey(), result(answer));
    }
    // The template variable the panels filter on has the scorecard among its values.
    assertThat(get(base + "/api/v1/label/scorecard/values").get("data").toString())
        .contains(SCORECARD);

    // The figures are the catalog's, not merely present.
    assertThat(
            value(
                query(
                    base,
                    "portolan:scorecard_entities:sum{scorecard=\"prom-readiness\",level=\"Bronze\"}")))
        .isEqualTo(2.0);
    assertThat(
            value(
                query(
                    base,
                    "portolan:scorecard_entities:ratio{scorecard=\"prom-readiness\",level=\"Gold\"}")))
        .isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(
            value(
                query(
                    base,
                    "portolan:scorecard_owner_entities:ratio{scorecard=\"prom-readiness\",owner=\"team-a\",level=\"Gold\"}")))
        .isEqualTo(0.5);
    assertThat(value(query(base, "portolan:catalog_entities:max{blueprint=\"prom-service\"}")))
        .isEqualTo(3.0);
    assertThat(
            value(
                query(
                    base,
                    "portolan:scorecard_rule:pass_ratio{scorecard=\"prom-readiness\",rule=\"has-oncall\"}")))
        .isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    // The initiative's figures: one of the three services is Gold (cart), two are not yet.
    assertThat(
            value(
                query(
                    base,
                    "max by (initiative) (portolan_initiative_entities{initiative=\"prom-gold\",outcome=\"passing\"})")))
        .isEqualTo(1.0);
    assertThat(
            value(
                query(
                    base,
                    "max by (initiative) (portolan_initiative_entities{initiative=\"prom-gold\",outcome=\"failing\"})")))
        .isEqualTo(2.0);
    assertThat(value(query(base, "max by (initiative) (portolan_initiative_percent)")))
        .isEqualTo(33.0);
    assertThat(
            result(query(base, "portolan_action_runs_total{definition=\"prom-restart\"}")).size())
        .as("every phase of the definition")
        .isEqualTo(6);
    assertThat(
            value(
                query(
                    base,
                    "max by (definition) (portolan_actions_waiting_approval{definition=\"prom-restart\"})")))
        .as("no run waits")
        .isZero();
    System.out.printf(
        "[e2e] Prometheus: %d dashboard queries returned data (%s); operator part %.1f s,"
            + " Prometheus binary ready in %.1f s, whole test %.1f s%n",
        answers.size(),
        String.join("; ", answers.keySet()),
        operatorSeconds,
        buildSeconds,
        (System.nanoTime() - t0) / 1e9);
  }

  /** A panel's query with the dashboard's template variables set to "All". */
  private static String expand(String expr) {
    return expr.replace("$scorecard", ".*").replace("${scorecard}", ".*");
  }

  private static JsonNode history() throws Exception {
    JsonNode scorecard =
        JSON.readTree(require(kubectl.run("get", "scorecard", SCORECARD, "-o", "json")).out());
    JsonNode history = scorecard.at("/status/history");
    List<JsonNode> points = new ArrayList<>();
    history.forEach(points::add);
    return JSON.valueToTree(points);
  }

  private static Process startOperator(int port, String logName) throws IOException {
    Path log = WORK.resolve(logName);
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m",
                    "-jar",
                    JAR.toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    String.valueOf(port),
                    "--no-actions",
                    "--shutdown-drain",
                    "1"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().remove("POD_NAME");
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static void awaitMetric(int port, String text) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains(text));
  }

  /** The Prometheus binary, built on first use (e2e/prometheus.sh caches it). */
  private static Path buildPrometheus() throws Exception {
    Process build =
        new ProcessBuilder("bash", "e2e/prometheus.sh", "build")
            .directory(ControlPlane.ROOT.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<String> out =
        new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(build.waitFor()).as("e2e/prometheus.sh build: %s", out).isZero();
    return Path.of(out.get(out.size() - 1));
  }

  private static JsonNode query(String base, String expr) throws Exception {
    JsonNode answer =
        get(base + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    assertThat(answer.get("status").asText()).as("%s: %s", expr, answer).isEqualTo("success");
    return answer;
  }

  private static JsonNode result(JsonNode answer) {
    return answer.at("/data/result");
  }

  private static double value(JsonNode answer) {
    JsonNode result = result(answer);
    assertThat(result.size()).as("one series: %s", answer).isEqualTo(1);
    return Double.parseDouble(result.get(0).at("/value/1").asText());
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }
}
