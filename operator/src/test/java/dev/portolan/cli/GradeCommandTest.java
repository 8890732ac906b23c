package dev.portolan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code portolan grade} driven in-process: what it prints and the status it exits with. */
class GradeCommandTest {
  private static final String WORKLOADS = "../examples/60-workloads.yaml";
  private static final String EXAMPLES = "../examples";

  record Run(int status, String out, String err) {}

  private static Run run(String stdin, GradeCommand.ClusterSource cluster, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    int status =
        new GradeCommand(
                in,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                cluster)
            .run(args);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run run(String... args) {
    return run(
        "",
        () -> {
          throw new UsageException("no cluster in this test");
        },
        args);
  }

  @Test
  void theTablePrintsEachWorkloadsLevelAndItsFailingRulesWithTheirFixes() {
    Run run = run("-f", WORKLOADS, "--blueprints", EXAMPLES);
    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.subList(0, 5))
        .containsExactly(
            "OBJECT                                 SCORECARD           LEVEL   FAILING RULES",
            "Deployment team-payments/payments-api  workload-readiness  Gold",
            "Deployment team-payments/ledger        workload-readiness  None    pinned-images,"
                + " requests-and-limits, probes, highly-available",
            "StatefulSet team-checkout/cart-redis   workload-readiness  Bronze  probes,"
                + " highly-available",
            "CronJob team-checkout/nightly-report   workload-readiness  Bronze  requests-and-limits,"
                + " probes, highly-available");
    assertThat(run.out())
        .contains(
            """
            Deployment team-payments/ledger (../examples/60-workloads.yaml:27) on workload-readiness: None
              FAIL pinned-images (Bronze): No image is tagged latest or untagged
                   fix: Tag every container image with a version (image:1.4.2) or pin it by digest (image@sha256:...), never latest.
            """);
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "4 objects graded on 1 scorecard; 2 not graded (no discovery rule maps them, or no"
                + " scorecard grades their entity).");
  }

  @Test
  void minLevelExitsOneWhenAnObjectIsBelowItAndZeroWhenEveryOneReachesIt() {
    Run silver = run("-f", WORKLOADS, "--blueprints", EXAMPLES, "--min-level", "Silver");
    assertThat(silver.status()).isEqualTo(1);
    assertThat(silver.out())
        .contains("Deployment team-payments/ledger        workload-readiness  None (below Silver)")
        .contains("Deployment team-payments/payments-api  workload-readiness  Gold\n")
        .endsWith("--min-level Silver: 3 of 4 grades below it.\n");

    Run payments =
        run(
            PAYMENTS_API,
            () -> {
              throw new UsageException("unused");
            },
            "-f",
            "-",
            "--blueprints",
            EXAMPLES,
            "--min-level",
            "Gold");
    assertThat(payments.status()).isZero();
    assertThat(payments.out()).endsWith("--min-level Gold: every grade reaches it.\n");
  }

  /** A Deployment as helm template prints it: no namespace, a comment before it. */
  private static final String PAYMENTS_API =
      """
      ---
      # Source: payments/templates/deployment.yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: payments-api
        labels: {team: payments}
      spec:
        replicas: 3
        selector: {matchLabels: {app: payments-api}}
        template:
          metadata: {labels: {app: payments-api}}
          spec:
            containers:
              - name: api
                image: registry.example.com/payments/payments-api:1.4.2
                resources: {requests: {cpu: 100m}, limits: {memory: 512Mi}}
                livenessProbe: {httpGet: {path: /healthz, port: 8080}}
                readinessProbe: {httpGet: {path: /readyz, port: 8080}}
      ---
      """;

  @Test
  void standardInputIsReadAndAnObjectWithoutANamespaceIsGradedInDefault() {
    Run run =
        run(
            PAYMENTS_API,
            () -> {
              throw new UsageException("unused");
            },
            "-f",
            "-",
            "--blueprints",
            EXAMPLES,
            "-o",
            "json");
    assertThat(run.status()).isZero();
    JsonNode object = json(run.out()).path("objects").get(0);
    assertThat(object.path("file").asText()).isEqualTo("stdin");
    assertThat(object.path("line").asInt()).isEqualTo(3);
    assertThat(object.path("namespace").asText()).isEqualTo("default");
    assertThat(object.path("verdicts").get(0).path("entity").path("namespace").asText())
        .isEqualTo("default");
    assertThat(object.path("verdicts").get(0).path("level").asText()).isEqualTo("Gold");
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  @Test
  void jsonSaysEveryObjectsFileLineLevelAndFailingRules() {
    Run run = run("-f", WORKLOADS, "--blueprints", EXAMPLES, "-o", "json", "--min-level", "Bronze");
    assertThat(run.status()).isEqualTo(1);
    JsonNode report = json(run.out());
    assertThat(report.path("minLevel").asText()).isEqualTo("Bronze");
    assertThat(report.path("passed").asBoolean()).isFalse();
    assertThat(report.path("belowMinLevel").asInt()).isEqualTo(1);
    List<String> levels = new ArrayList<>();
    for (JsonNode object : report.path("objects")) {
      for (JsonNode verdict : object.path("verdicts")) {
        levels.add(
            object.path("kind").asText()
                + " "
                + object.path("name").asText()
                + ":"
                + object.path("line").asInt()
                + " "
                + verdict.path("level").asText());
      }
    }
    assertThat(levels)
        .containsExactly(
            "Deployment payments-api:5 Gold",
            "Deployment ledger:27 None",
            "StatefulSet cart-redis:53 Bronze",
            "CronJob nightly-report:83 Bronze");
    JsonNode ledger = report.path("objects").get(1).path("verdicts").get(0);
    assertThat(ledger.path("belowMinLevel").asBoolean()).isTrue();
    assertThat(ledger.path("entity").path("name").asText()).isEqualTo("deployment-ledger");
    assertThat(ledger.path("levels").toString()).isEqualTo("[\"Bronze\",\"Silver\",\"Gold\"]");
    assertThat(ledger.path("failed").get(0).toString())
        .isEqualTo(
            "{\"rule\":\"pinned-images\",\"level\":\"Bronze\",\"title\":\"No image is tagged latest"
                + " or untagged\",\"fix\":\"Tag every container image with a version (image:1.4.2)"
                + " or pin it by digest (image@sha256:...), never latest.\"}");
    assertThat(report.path("objects").get(2).path("verdicts")).isEmpty(); // the Service
  }

  @Test
  void junitHasOneCasePerObjectAndScorecardAndAFailureListingTheFailingRules() throws Exception {
    Run run =
        run("-f", WORKLOADS, "--blueprints", EXAMPLES, "-o", "junit", "--min-level", "Silver");
    assertThat(run.status()).isEqualTo(1);
    Document xml =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
    Element suites = xml.getDocumentElement();
    assertThat(suites.getTagName()).isEqualTo("testsuites");
    assertThat(suites.getAttribute("tests")).isEqualTo("4");
    assertThat(suites.getAttribute("failures")).isEqualTo("3");
    NodeList cases = xml.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(4);
    Element payments = (Element) cases.item(0);
    assertThat(payments.getAttribute("classname")).isEqualTo("workload-readiness");
    assertThat(payments.getAttribute("name")).isEqualTo("Deployment team-payments/payments-api");
    assertThat(payments.getAttribute("file")).isEqualTo(WORKLOADS);
    assertThat(payments.getAttribute("line")).isEqualTo("5");
    assertThat(payments.getElementsByTagName("failure").getLength()).isZero();
    Element redis = (Element) cases.item(2);
    Element failure = (Element) redis.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo("level Bronze, below Silver; failing: probes, highly-available");
    assertThat(failure.getTextContent())
        .isEqualTo(
            """
            probes (Silver): Every container has liveness and readiness probes
              fix: Add a livenessProbe and a readinessProbe to every container.
            highly-available (Gold): Runs at least two replicas
              fix: Set spec.replicas to 2 or more.
            """);
  }

  @Test
  void invalidYamlIsAnInputErrorNamingTheFileAndLine(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(
        broken,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: a}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: b
         labels: {team: x}
        """);
    Run run = run("-f", broken.toString(), "--blueprints", EXAMPLES);
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("portolan grade: " + broken + ":9: invalid YAML: ");

    Path noKind = dir.resolve("no-kind.yaml");
    Files.writeString(noKind, "apiVersion: v1\nmetadata: {name: a}\n");
    assertThat(run("-f", noKind.toString(), "--blueprints", EXAMPLES).err())
        .isEqualTo(
            "portolan grade: "
                + noKind
                + ":1: the object has no kind; every Kubernetes object names its apiVersion and"
                + " kind\n");
  }

  @Test
  void usageErrorsExitTwoWithTheFix() {
    assertThat(run("--blueprints", EXAMPLES))
        .isEqualTo(
            new Run(
                2,
                "",
                "portolan grade: name the manifests to grade with -f PATH (a file, a directory, or"
                    + " - for standard input)\n"));
    assertThat(run("-f", WORKLOADS, "--blueprints", EXAMPLES, "--min-level", "Platinum").err())
        .isEqualTo(
            "portolan grade: --min-level Platinum is not a level of any scorecard; use one of:"
                + " Bronze, Silver, Gold\n");
    assertThat(run("-f", WORKLOADS, "--blueprints", EXAMPLES, "-o", "yaml").err())
        .isEqualTo(
            "portolan grade: -o yaml is not an output format; use one of table, json, junit\n");
    assertThat(run("-f", "nowhere.yaml", "--blueprints", EXAMPLES).err())
        .isEqualTo("portolan grade: nowhere.yaml: no such file or directory\n");
    assertThat(run("-f", WORKLOADS, "--blueprints", WORKLOADS).err())
        .startsWith("portolan grade: no Scorecard in --blueprints " + WORKLOADS + ";");
    assertThat(run("-f", WORKLOADS, "--frobnicate").status()).isEqualTo(2);
    Run help = run("--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).startsWith("Usage: java -jar portolan-operator.jar grade -f PATH");
  }

  @Test
  void withoutBlueprintsTheDefinitionsComeFromTheClusterAndItsErrorIsSaid() {
    Run noCluster = run("-f", WORKLOADS);
    assertThat(noCluster).isEqualTo(new Run(2, "", "portolan grade: no cluster in this test\n"));
    Definitions files =
        new Definitions(
            ExampleDefinitions.blueprints(),
            ExampleDefinitions.scorecards(),
            ns -> java.util.Map.of());
    Run fromCluster = run("", () -> files, "-f", WORKLOADS, "--min-level", "Bronze");
    assertThat(fromCluster.status()).isEqualTo(1);
    assertThat(fromCluster.out())
        .contains("Deployment team-payments/ledger        workload-readiness  None (below Bronze)");
  }
}
