package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.web.auth.Access;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.embedded.ExampleResources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document, judged by tools other people wrote: openapi-spec-validator says
 * whether it is valid OpenAPI 3.0, and a bounded schemathesis run against the demo (examples
 * applied, traffic to 127.0.0.1 only) looks for server errors and for responses the document
 * does not describe. Both come from PyPI, installed at the versions the parent POM pins into a
 * virtual environment under {@code target/python-tools} (made here when it is missing).
 */
class OpenApiToolsIT {
  private static final Path ROOT = Path.of(System.getProperty("portolan.root", ".."));
  private static final Path TOOLS = ROOT.resolve("target/python-tools");

  private static EmbeddedCluster cluster;
  private static PortolanOperator operator;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    installTools();
    cluster = EmbeddedCluster.start();
    cluster.apply(ExampleResources.load(cluster.client(), ROOT.resolve("examples")));
    operator = new PortolanOperator(cluster.client(), Clock.systemUTC(), null).start();
    base = "http://127.0.0.1:" + operator.serve("127.0.0.1", 0, Access.disabled(),
        dev.portolan.web.auth.CallerClients.embedded(cluster.client(), operator.admission(),
            dev.portolan.web.auth.CallerClients.DEMO_USER)).port();
    await().atMost(Duration.ofSeconds(60)).until(() -> operator.index().entities().stream()
        .allMatch(e -> e.getStatus() != null && !e.getStatus().conditions.isEmpty()));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theServedDocumentIsValidOpenApi30() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Path document = ROOT.resolve("e2e/target/openapi.json");
    Files.createDirectories(document.getParent());
    Files.writeString(document, response.body());
    Result validated = run(Duration.ofMinutes(1), TOOLS.resolve("bin/openapi-spec-validator").toString(),
        document.toString());
    assertThat(validated.exit()).as(validated.output()).isZero();
    assertThat(validated.output()).contains(document + ": OK");
  }

  @Test
  void aBoundedSchemathesisRunFindsNoServerErrorAndNoResponseTheDocumentDoesNotDescribe() throws Exception {
    // Bounded in count (20 cases per operation and phase, fixed seed) and in time (the process is
    // given three minutes); requests go to the demo on 127.0.0.1 only.
    Result run = run(Duration.ofMinutes(3), TOOLS.resolve("bin/schemathesis").toString(), "run",
        base + "/api/v1/openapi.json",
        "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        "--phases", "examples,coverage,fuzzing", "--max-examples", "20", "--seed", "1", "--request-timeout", "10",
        "--suppress-health-check", "all", "--no-color");
    System.out.println(tail(run.output(), 40));
    assertThat(run.exit()).as(tail(run.output(), 80)).isZero();
    Matcher cases = Pattern.compile("(\\d+) generated, (\\d+) passed").matcher(run.output());
    assertThat(cases.find()).as(tail(run.output(), 40)).isTrue();
    assertThat(Integer.parseInt(cases.group(1))).isGreaterThan(100);
    assertThat(cases.group(2)).isEqualTo(cases.group(1));
  }

  private static void installTools() throws Exception {
    String validator = "openapi-spec-validator==" + System.getProperty("openapi-spec-validator.version");
    String schemathesis = "schemathesis==" + System.getProperty("schemathesis.version");
    Path marker = TOOLS.resolve("installed.txt");
    String wanted = validator + " " + schemathesis;
    if (Files.exists(marker) && Files.readString(marker).strip().equals(wanted)) {
      return;
    }
    Result venv = run(Duration.ofMinutes(2), "python3", "-m", "venv", "--clear", TOOLS.toString());
    assertThat(venv.exit()).as("python3 -m venv (Debian: apt-get install python3-venv)\n" + venv.output()).isZero();
    Result pip = run(Duration.ofMinutes(8), TOOLS.resolve("bin/pip").toString(), "install", "-q",
        "--disable-pip-version-check", validator, schemathesis);
    assertThat(pip.exit()).as(pip.output()).isZero();
    Files.writeString(marker, wanted + "\n");
  }

  private record Result(int exit, String output) {}

  private static Result run(Duration limit, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("portolan-tool", ".log");
    try {
      Path workDir = ROOT.resolve("e2e/target"); // where schemathesis leaves its .schemathesis cache
      Files.createDirectories(workDir);
      Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(workDir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return new Result(-1, "timed out after " + limit + "\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
