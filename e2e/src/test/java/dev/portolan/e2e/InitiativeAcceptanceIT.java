package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.portolan.PortolanOperator;
import dev.portolan.model.Initiative;
import dev.portolan.model.InitiativeStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Initiatives on a real control plane, with the real kubectl: the CRDs applied, the chart
 * installed, the operator run under the chart's ServiceAccount (so its RBAC for initiatives and
 * their Events is what is tested). An initiative started 30 days ago with 10 days left covers three
 * backend services, one at Silver: it is AtRisk, and Met once the other two are fixed with kubectl;
 * its status, history included, is still there after the operator restarts.
 */
@ExtendWith(RealCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InitiativeAcceptanceIT {
  private static final String RELEASE_NAMESPACE = "portolan-system";
  private static final String NS_A = "e2e-initiative-a";
  private static final String NS_B = "e2e-initiative-b";
  private static final String INITIATIVE = "e2e-backend-silver";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  private static ControlPlane plane;
  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static PortolanOperator operator;

  private static String service(String namespace, String name, String tier, int replicas) {
    return """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: %s, namespace: %s}
        spec: {blueprint: e2e-init-service, owner: team-%s, properties: {tier: %s, replicas: %d}}
        ---
        """
        .formatted(name, namespace, namespace.substring(namespace.length() - 1), tier, replicas);
  }

  private static final String CATALOG =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: %s}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: %s}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: e2e-init-service}
      spec:
        title: Service (initiative test)
        properties: {tier: {type: string}, replicas: {type: integer, minimum: 0}}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Scorecard
      metadata: {name: e2e-init-readiness}
      spec:
        blueprint: e2e-init-service
        levels: [Bronze, Silver]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
          - {name: ha, level: Silver, expression: "entity.properties.?replicas.orValue(0) >= 2"}
      ---
      """
              .formatted(NS_A, NS_B)
          + service(NS_A, "api", "backend", 3)
          + service(NS_A, "worker", "backend", 1)
          + service(NS_B, "ledger", "backend", 1)
          + service(NS_B, "web", "frontend", 1);

  private static final String INITIATIVE_YAML =
      """
      apiVersion: portolan.dev/v1alpha1
      kind: Initiative
      metadata: {name: %s}
      spec:
        scorecard: e2e-init-readiness
        title: Every backend service Silver
        level: Silver
        filter: "entity.properties.?tier.orValue('') == 'backend'"
        startDate: "%s"
        deadline: "%s"
      """
          .formatted(INITIATIVE, TODAY.minusDays(30), TODAY.plusDays(10));

  @BeforeAll
  static void install(ControlPlane controlPlane) throws Exception {
    plane = controlPlane;
    kubectl = plane.kubectlRunner();
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
            .build();
    require(kubectl.run("apply", "-f", "crds/"));
    require(
        kubectl.run(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/initiatives.portolan.dev",
            "crd/scorecards.portolan.dev",
            "crd/entities.portolan.dev",
            "crd/blueprints.portolan.dev"));
    var release =
        new Helm(ChartTest.CHART)
            .install()
            .withName("portolan")
            .withNamespace(RELEASE_NAMESPACE)
            .createNamespace()
            .withKubeConfig(plane.kubeconfig())
            .set("defaultBlueprints.enabled", "false")
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    String token =
        require(
                kubectl.run(
                    "create", "token", "portolan", "-n", RELEASE_NAMESPACE, "--duration=2h"))
            .out()
            .strip();
    Config adminConfig = admin.getConfiguration();
    asOperator =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(adminConfig.getMasterUrl())
                    .withCaCertData(adminConfig.getCaCertData())
                    .withCaCertFile(adminConfig.getCaCertFile())
                    .withOauthToken(token)
                    .build())
            .build();
    operator = startOperator();
  }

  private static PortolanOperator startOperator() {
    PortolanOperator started = new PortolanOperator(asOperator, Clock.systemUTC(), null).start();
    await().atMost(WAIT).until(started::isReady);
    return started;
  }

  @AfterAll
  static void uninstall() {
    if (operator != null) {
      operator.close();
    }
    if (asOperator != null) {
      asOperator.close();
    }
    kubectl.run("delete", "initiative", INITIATIVE, "--ignore-not-found");
    kubectl.run("delete", "namespace", NS_A, NS_B, "--wait=false");
    kubectl.run("delete", "scorecard", "e2e-init-readiness", "--ignore-not-found");
    kubectl.run("delete", "blueprint", "e2e-init-service", "--ignore-not-found");
    try {
      Helm.uninstall("portolan")
          .withNamespace(RELEASE_NAMESPACE)
          .withKubeConfig(plane.kubeconfig())
          .call();
    } catch (RuntimeException e) {
      System.out.println("[e2e] helm uninstall: " + e.getMessage());
    }
    if (admin != null) {
      admin.close();
    }
  }

  private static InitiativeStatus awaitStatus(Predicate<InitiativeStatus> until) {
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              Initiative initiative = admin.resources(Initiative.class).withName(INITIATIVE).get();
              return initiative == null ? null : initiative.getStatus();
            },
            s -> s != null && until.test(s));
  }

  private static String json(Object value) {
    return Serialization.asJson(value);
  }

  private static List<String> eventReasons() {
    String out =
        require(
                kubectl.run(
                    "get",
                    "events",
                    "-n",
                    "default",
                    "--field-selector",
                    "involvedObject.kind=Initiative,involvedObject.name=" + INITIATIVE,
                    "-o",
                    "jsonpath={range .items[*]}{.type}/{.reason}{\"\\n\"}{end}"))
            .out()
            .strip();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  @Test
  @Order(1)
  void anInitiativeBehindTheLineIsAtRiskAndKubectlShowsPercentAndDaysLeft() {
    require(kubectl.runWithInput(CATALOG, "apply", "-f", "-"));
    // Graded first, so that the initiative's first count is of every service.
    await()
        .atMost(WAIT)
        .until(
            () ->
                kubectl
                    .run(
                        "get",
                        "scorecard",
                        "e2e-init-readiness",
                        "-o",
                        "jsonpath={.status.entities}")
                    .out()
                    .strip(),
            "4"::equals);
    require(kubectl.runWithInput(INITIATIVE_YAML, "apply", "-f", "-"));
    InitiativeStatus status = awaitStatus(s -> Integer.valueOf(3).equals(s.covered));
    assertThat(status.passing).as(json(status)).isEqualTo(1);
    assertThat(status.phase).isEqualTo("AtRisk");
    assertThat(status.phaseReason).isEqualTo("BehindSchedule");
    // 30 days and part of today gone of the 41 to the end of the deadline's day: 73% to 75%.
    assertThat(status.expectedPercent).isBetween(73, 75);
    assertThat(status.owners)
        .extracting(o -> o.owner + " " + o.failing)
        .containsExactly("team-a 1", "team-b 1");

    Kubectl.Result table = require(kubectl.run("get", "initiatives", INITIATIVE));
    List<String> lines = table.out().strip().lines().toList();
    assertThat(lines.get(0).split("\\s{2,}"))
        .containsExactly("NAME", "SCORECARD", "TARGET", "DONE%", "DAYS LEFT", "PHASE", "AGE");
    assertThat(lines.get(1).split("\\s+"))
        .startsWith(INITIATIVE, "e2e-init-readiness", "Silver", "33", "10", "AtRisk");
    Kubectl.Result wide = require(kubectl.run("get", "init", INITIATIVE, "-o", "wide"));
    assertThat(wide.out()).contains("DEADLINE").contains(TODAY.plusDays(10).toString());
    assertThat(wide.out()).contains("BehindSchedule");
    await()
        .atMost(WAIT)
        .until(InitiativeAcceptanceIT::eventReasons, r -> r.contains("Warning/AtRisk"));
  }

  @Test
  @Order(2)
  void fixingTheEntitiesWithKubectlMakesItMet() {
    require(
        kubectl.run(
            "patch",
            "entity",
            "worker",
            "-n",
            NS_A,
            "--type=merge",
            "-p",
            "{\"spec\":{\"properties\":{\"replicas\":2}}}"));
    require(
        kubectl.run(
            "patch",
            "entity",
            "ledger",
            "-n",
            NS_B,
            "--type=merge",
            "-p",
            "{\"spec\":{\"properties\":{\"replicas\":2}}}"));
    InitiativeStatus met = awaitStatus(s -> "Met".equals(s.phase));
    assertThat(met.passing).isEqualTo(3);
    assertThat(met.percent).isEqualTo(100);
    assertThat(met.phaseReason).isEqualTo("AllPassing");
    assertThat(met.history)
        .extracting(p -> p.date + " " + p.passing + "/" + p.covered)
        .containsExactly(TODAY + " 3/3");
    Kubectl.Result table = require(kubectl.run("get", "initiatives", INITIATIVE, "--no-headers"));
    assertThat(table.out().split("\\s+")).contains("100", "Met");
    await().atMost(WAIT).until(InitiativeAcceptanceIT::eventReasons, r -> r.contains("Normal/Met"));
  }

  @Test
  @Order(3)
  void theStatusAndItsHistoryOutliveAnOperatorRestart() {
    long atRiskBefore = eventReasons().stream().filter("Warning/AtRisk"::equals).count();
    int eventsBefore = eventReasons().size();
    operator.close();
    // While no operator runs, the status alone remembers: yesterday's point, as a previous day's
    // reconcile would have left it.
    admin
        .resources(Initiative.class)
        .withName(INITIATIVE)
        .editStatus(
            i -> {
              i.getStatus()
                  .history
                  .add(
                      0,
                      new InitiativeStatus.ProgressPoint(TODAY.minusDays(1).toString(), 3, 1, 0));
              return i;
            });
    operator = startOperator();
    InitiativeStatus restarted = awaitStatus(s -> "Met".equals(s.phase));
    assertThat(restarted.history)
        .extracting(p -> p.date + " " + p.passing + "/" + p.covered)
        .containsExactly(TODAY.minusDays(1) + " 1/3", TODAY + " 3/3");
    // A regression after the restart is counted onto the same status and history.
    require(
        kubectl.run(
            "patch",
            "entity",
            "api",
            "-n",
            NS_A,
            "--type=merge",
            "-p",
            "{\"spec\":{\"properties\":{\"replicas\":1}}}"));
    InitiativeStatus after = awaitStatus(s -> Integer.valueOf(2).equals(s.passing));
    assertThat(after.history)
        .extracting(p -> p.date + " " + p.passing + "/" + p.covered)
        .containsExactly(TODAY.minusDays(1) + " 1/3", TODAY + " 2/3");
    assertThat(after.namespaces).containsExactly(NS_A, NS_B);
    assertThat(after.phase).isEqualTo("AtRisk");
    // The restart itself entered no phase: the one new Event is the regression's.
    await()
        .atMost(WAIT)
        .until(
            InitiativeAcceptanceIT::eventReasons,
            r -> r.stream().filter("Warning/AtRisk"::equals).count() == atRiskBefore + 1);
    assertThat(eventReasons()).hasSize(eventsBefore + 1);
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }
}
