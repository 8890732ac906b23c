package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.portolan.PortolanOperator;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import dev.portolan.web.admission.AdmissionWebhookServer;
import dev.portolan.web.auth.KubernetesAccess;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Actions on a real control plane: the chart installs the admission webhook (its generated
 * certificate served by the operator, which runs outside the cluster under the chart's
 * ServiceAccount, so the webhook is called by URL), people act with {@code kubectl --as} and {@code
 * --as-group}, the Job controller and kwok run the Jobs, and the garbage collector deletes pruned
 * runs' Jobs.
 */
@ExtendWith(RealCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActionAcceptanceIT {
  private static final String RELEASE_NAMESPACE = "portolan-system";
  private static final String NS = "actions-e2e";
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static PortolanOperator operator;
  private static AdmissionWebhookServer webhook;
  private static Path certificates;
  private static int webhookPort;
  private static ControlPlane plane;

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
            "crd/actions.portolan.dev",
            "crd/actiondefinitions.portolan.dev",
            "crd/entities.portolan.dev"));
    require(kubectl.run("apply", "-f", "examples/10-blueprints.yaml"));
    try (ServerSocket socket = new ServerSocket(0)) {
      webhookPort = socket.getLocalPort();
    }
    var release =
        new Helm(ChartTest.CHART)
            .install()
            .withName("portolan")
            .withNamespace(RELEASE_NAMESPACE)
            .createNamespace()
            .withKubeConfig(plane.kubeconfig())
            .set("defaultBlueprints.enabled", "false")
            .set("webhook.url", "https://127.0.0.1:" + webhookPort + AdmissionWebhookServer.PATH)
            .set("webhook.certificate.ipAddresses[0]", "127.0.0.1")
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");

    require(kubectl.runWithInput(FIXTURES, "apply", "-f", "-"));
    certificates = Files.createTempDirectory("portolan-webhook");
    for (String file : List.of("tls.crt", "tls.key")) {
      Kubectl.Result data =
          require(
              kubectl.run(
                  "get",
                  "secret",
                  "portolan-webhook-tls",
                  "-n",
                  RELEASE_NAMESPACE,
                  "-o",
                  "jsonpath={.data." + file.replace(".", "\\.") + "}"));
      Files.write(certificates.resolve(file), Base64.getDecoder().decode(data.out().strip()));
    }
    Kubectl.Result key =
        require(
            kubectl.run(
                "get",
                "secret",
                "portolan-action-key",
                "-n",
                RELEASE_NAMESPACE,
                "-o",
                "jsonpath={.data.key}"));
    Files.write(certificates.resolve("action-key"), Base64.getDecoder().decode(key.out().strip()));
    asOperator =
        clientWithToken(
            require(
                    kubectl.run(
                        "create", "token", "portolan", "-n", RELEASE_NAMESPACE, "--duration=2h"))
                .out()
                .strip());
    startOperator();
  }

  private static void startOperator() throws Exception {
    // As the chart's Deployment runs it: the webhook's certificate and the Job signing key from the
    // chart's Secrets, so that a restarted operator recognises the Jobs it started.
    operator =
        new PortolanOperator(
                asOperator,
                Clock.systemUTC(),
                null,
                "default",
                true,
                dev.portolan.action.JobSignature.fromFile(certificates.resolve("action-key")))
            .start();
    webhook = operator.serveWebhook("127.0.0.1", webhookPort, certificates);
    operator.serve(
        "127.0.0.1",
        0,
        new KubernetesAccess(asOperator, Clock.systemUTC(), Duration.ofSeconds(30)));
    await().atMost(WAIT).until(operator::isReady);
  }

  private static KubernetesClient clientWithToken(String token) {
    Config adminConfig = admin.getConfiguration();
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl(adminConfig.getMasterUrl())
                .withCaCertData(adminConfig.getCaCertData())
                .withCaCertFile(adminConfig.getCaCertFile())
                .withOauthToken(token)
                .build())
        .build();
  }

  @AfterAll
  static void uninstall() {
    if (operator != null) {
      operator.close();
    }
    if (asOperator != null) {
      asOperator.close();
    }
    kubectl.run("delete", "namespace", NS, "--wait=false");
    kubectl.run("delete", "actiondefinitions", "-l", "portolan.dev/e2e=actions", "--wait=false");
    kubectl.run("delete", "-f", "examples/10-blueprints.yaml", "--wait=false");
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

  private static String json(Object value) {
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(value);
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }

  /** Creates an Action as a user, the way a developer would, and returns its generated name. */
  private static String createAs(String user, String group, String spec) {
    return require(createAsResult(user, group, spec)).out().strip();
  }

  private static Kubectl.Result createAsResult(String user, String group, String spec) {
    return kubectl.runWithInput(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Action
        metadata: {generateName: run-, namespace: %s}
        spec: %s
        """
            .formatted(NS, spec),
        "create",
        "-f",
        "-",
        "--as",
        user,
        "--as-group",
        group,
        "-o",
        "jsonpath={.metadata.name}");
  }

  private static Action action(String name) {
    return admin.resources(Action.class).inNamespace(NS).withName(name).get();
  }

  private static Action awaitPhase(String name, String phase) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Action now = action(name);
              assertThat(now).isNotNull();
              assertThat(now.getStatus() == null ? null : now.getStatus().phase)
                  .as(
                      "%s: %s",
                      name, now.getStatus() == null ? "no status" : now.getStatus().message)
                  .isEqualTo(phase);
            });
    return action(name);
  }

  private static List<Job> jobsOf(String action) {
    return admin
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withLabel("portolan.dev/action", action)
        .list()
        .getItems();
  }

  @Test
  @Order(1)
  void aDeveloperInAllowedRunsAnActionThroughTheJobControllerToSucceeded() {
    String name =
        createAs(
            "alice",
            "developers",
            "{definition: e2e-touch, entity: api, inputs: {reason: routine}}");
    Action done = awaitPhase(name, "Succeeded");
    assertThat(done.getStatus().requestedBy.username).isEqualTo("alice");
    assertThat(done.getStatus().requestedBy.groups).contains("developers", "system:authenticated");
    assertThat(done.getStatus().outputs.get("touched").asText()).isEqualTo("yes");
    assertThat(done.getStatus().startTime).isNotNull();
    assertThat(done.getStatus().completionTime).isNotNull();

    List<Job> jobs = jobsOf(name);
    assertThat(jobs)
        .singleElement()
        .satisfies(
            job -> {
              assertThat(job.getMetadata().getOwnerReferences().get(0).getUid())
                  .isEqualTo(done.getMetadata().getUid());
              var pod = job.getSpec().getTemplate().getSpec();
              assertThat(
                      pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
                  .isTrue();
              assertThat(pod.getContainers().get(0).getEnv())
                  .anySatisfy(
                      env ->
                          assertThat(env.getName() + "=" + env.getValue())
                              .isEqualTo("INPUT_REASON=routine"));
            });
    Kubectl.Result listed = require(kubectl.run("get", "actions", "-n", NS, name));
    assertThat(listed.out()).contains("e2e-touch", "api", "Succeeded", "alice");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        require(
                                kubectl.run(
                                    "get",
                                    "events",
                                    "-n",
                                    NS,
                                    "--field-selector",
                                    "involvedObject.name=" + name,
                                    "-o",
                                    "jsonpath={.items[*].reason}"))
                            .out())
                    .contains("Running", "Succeeded"));
    assertThat(operator.metrics().scrape())
        .contains("portolan_action_runs_total{definition=\"e2e-touch\",phase=\"Succeeded\"} 1.0");
  }

  @Test
  @Order(2)
  void aRequesterNotInAllowedIsRefusedAndNothingRuns() {
    String name =
        createAs(
            "mallory",
            "contractors",
            "{definition: e2e-touch, entity: api, inputs: {reason: curious}}");
    Action failed = awaitPhase(name, "Failed");
    assertThat(failed.getStatus().message)
        .isEqualTo(
            "requester mallory may not run e2e-touch: it is allowed for users"
                + " [system:serviceaccount:actions-e2e:e2e-dev] or groups [developers]");
    assertThat(jobsOf(name)).isEmpty();
  }

  @Test
  @Order(3)
  void aForgedRequesterIsRejectedByTheApiServerWithTheWebhooksMessage() {
    Kubectl.Result forged =
        kubectl.runWithInput(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: Action
        metadata:
          generateName: forged-
          namespace: actions-e2e
          annotations: {portolan.dev/requested-by: '{"username":"bob","groups":["platform-leads"]}'}
        spec: {definition: e2e-touch, entity: api, inputs: {reason: pretend}}
        """,
            "create",
            "-f",
            "-",
            "--as",
            "mallory",
            "--as-group",
            "developers");
    assertThat(forged.ok()).isFalse();
    assertThat(forged.err())
        .contains(
            "denied the request",
            "metadata.annotations[portolan.dev/requested-by] is recorded"
                + " by Portolan's admission from the API server's authentication and cannot be set by hand");
  }

  @Test
  @Order(4)
  void anApprovalGatedCreateWaitsRefusesANonApproverAndMakesTheEntityOnceApproved() {
    String name =
        createAs("alice", "developers", "{definition: e2e-scaffold, inputs: {name: e2e-new}}");
    Action waiting = awaitPhase(name, "WaitingForApproval");
    assertThat(waiting.getStatus().message)
        .startsWith("waiting for approval by groups [platform-leads]");
    assertThat(jobsOf(name)).isEmpty();

    Kubectl.Result byDeveloper =
        kubectl.run(
            "annotate",
            "action",
            name,
            "-n",
            NS,
            "portolan.dev/approval=approved",
            "--as",
            "dave",
            "--as-group",
            "developers");
    assertThat(byDeveloper.ok()).isFalse();
    assertThat(byDeveloper.err())
        .contains(
            "dave is not an approver of e2e-scaffold; its approvers are groups"
                + " [platform-leads]");
    Kubectl.Result forgedDecider =
        kubectl.run(
            "annotate",
            "action",
            name,
            "-n",
            NS,
            "portolan.dev/decided-by={\"username\":\"bob\"}",
            "--as",
            "bob",
            "--as-group",
            "platform-leads");
    assertThat(forgedDecider.ok()).isFalse();
    assertThat(forgedDecider.err())
        .contains("is recorded by Portolan's admission and cannot be changed");

    require(
        kubectl.run(
            "annotate",
            "action",
            name,
            "-n",
            NS,
            "portolan.dev/approval=approved",
            "--as",
            "bob",
            "--as-group",
            "platform-leads"));
    Action done = awaitPhase(name, "Succeeded");
    assertThat(done.getStatus().approvedBy.username).isEqualTo("bob");
    assertThat(done.getStatus().approvalTime).isNotNull();
    assertThat(done.getStatus().message).endsWith("; created entity actions-e2e/e2e-new");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Entity created =
                  admin.resources(Entity.class).inNamespace(NS).withName("e2e-new").get();
              assertThat(created).isNotNull();
              assertThat(created.getStatus()).isNotNull();
              assertThat(Conditions.isTrue(created.getStatus().conditions, "Valid"))
                  .as("%s", created.getStatus().conditions)
                  .isTrue();
            });
  }

  @Test
  @Order(5)
  void aJobThatFailsMakesTheActionFailedWithTheReasonAndWhatThePodSaid() {
    String name = createAs("alice", "developers", "{definition: e2e-fail, entity: api}");
    Action failed = awaitPhase(name, "Failed");
    assertThat(failed.getStatus().message)
        .startsWith("Job " + name + " failed (BackoffLimitExceeded")
        .contains("boom: disk full");
  }

  @Test
  @Order(5)
  void aJobTemplateTheApiServerRejectsFailsTheActionWithTheApiServersMessage() {
    String name = createAs("alice", "developers", "{definition: e2e-invalid-job, entity: api}");
    Action failed = awaitPhase(name, "Failed");
    assertThat(Conditions.find(failed.getStatus().conditions, "Complete").orElseThrow().getReason())
        .isEqualTo("JobRejected");
    assertThat(failed.getStatus().message)
        .startsWith("the API server refused the Job built from e2e-invalid-job's" + " spec.job: ")
        .contains("Not_A_Dns_Label");
    assertThat(jobsOf(name)).isEmpty();
  }

  @Test
  @Order(6)
  void anOperatorStoppedWhileAnActionRunsResumesItWithoutASecondJob() throws Exception {
    String name = createAs("alice", "developers", "{definition: e2e-slow, entity: api}");
    awaitPhase(name, "Running");
    assertThat(jobsOf(name)).hasSize(1);
    operator.close();
    startOperator();
    String node =
        require(kubectl.run("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}"))
            .out()
            .strip();
    require(kubectl.run("label", "node", node, "portolan.dev/e2e-ready=yes", "--overwrite"));
    try {
      awaitPhase(name, "Succeeded");
    } finally {
      kubectl.run("label", "node", node, "portolan.dev/e2e-ready-");
    }
    assertThat(jobsOf(name)).hasSize(1);
  }

  @Test
  @Order(7)
  void historyKeepsExactlyKeepFinishedRunsAndTheGarbageCollectorTakesTheirJobs() {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String name = createAs("alice", "developers", "{definition: e2e-history, entity: api}");
      awaitPhase(name, "Succeeded");
      runs.add(name);
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        admin.resources(Action.class).inNamespace(NS).list().getItems().stream()
                            .filter(a -> "e2e-history".equals(a.getSpec().definition))
                            .map(a -> a.getMetadata().getName()))
                    .containsExactlyInAnyOrder(runs.get(1), runs.get(2)));
    await().atMost(WAIT).untilAsserted(() -> assertThat(jobsOf(runs.get(0))).isEmpty());
  }

  @Test
  @Order(8)
  void anActionPostedThroughThePortalApiRunsAsTheCallerLikeOneFromKubectl() throws Exception {
    String token = require(kubectl.run("create", "token", "e2e-dev", "-n", NS)).out().strip();
    HttpResponse<String> created =
        post(
            token,
            "{\"definition\":\"e2e-touch\",\"entity\":\"api\","
                + "\"inputs\":{\"reason\":\"through the API\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String name = Serialization.jsonMapper().readTree(created.body()).get("name").asText();
    Action done = awaitPhase(name, "Succeeded");
    assertThat(done.getStatus().requestedBy.username)
        .isEqualTo("system:serviceaccount:actions-e2e:e2e-dev");

    String outsider =
        require(kubectl.run("create", "token", "e2e-outsider", "-n", NS)).out().strip();
    HttpResponse<String> refused =
        post(
            outsider,
            "{\"definition\":\"e2e-touch\",\"entity\":\"api\","
                + "\"inputs\":{\"reason\":\"no rights\"}}");
    assertThat(refused.statusCode()).isEqualTo(403);
    JsonNode error = Serialization.jsonMapper().readTree(refused.body());
    assertThat(error.get("message").asText()).contains("cannot create resource \"actions\"");
  }

  @Test
  @Order(8)
  void aRunPostedThroughThePortalApiThatCouldNeverRunIsRefusedBeforeThe201() throws Exception {
    int before = admin.resources(Action.class).inNamespace(NS).list().getItems().size();
    String contractor =
        require(kubectl.run("create", "token", "e2e-contractor", "-n", NS)).out().strip();
    HttpResponse<String> notAllowed =
        post(
            contractor,
            "{\"definition\":\"e2e-touch\",\"entity\":\"api\","
                + "\"inputs\":{\"reason\":\"not mine to run\"}}");
    assertThat(notAllowed.statusCode()).as(notAllowed.body()).isEqualTo(403);
    JsonNode refusal = Serialization.jsonMapper().readTree(notAllowed.body());
    assertThat(refusal.get("error").asText()).isEqualTo("NotAllowed");
    assertThat(refusal.get("message").asText())
        .isEqualTo(
            "requester system:serviceaccount:actions-e2e:e2e-contractor"
                + " may not run e2e-touch: it is allowed for users [system:serviceaccount:actions-e2e:e2e-dev] or groups"
                + " [developers]");
    assertThat(refusal.get("requestId").asText())
        .isEqualTo(notAllowed.headers().firstValue("X-Request-Id").orElseThrow());

    String token = require(kubectl.run("create", "token", "e2e-dev", "-n", NS)).out().strip();
    HttpResponse<String> missing =
        post(
            token,
            "{\"definition\":\"e2e-touch\",\"entity\":\"nope\","
                + "\"inputs\":{\"reason\":\"nothing to touch\"}}");
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
    assertThat(Serialization.jsonMapper().readTree(missing.body()).get("field").asText())
        .isEqualTo("entity");

    // The dry run asks the API server as the caller: RBAC answers for a namespace where the caller
    // may not create.
    HttpResponse<String> elsewhere =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + operator.server().port()
                                + "/api/v1/namespaces/default/actions"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"definition\":\"e2e-touch\",\"entity\":\"api\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(403);
    assertThat(Serialization.jsonMapper().readTree(elsewhere.body()).get("message").asText())
        .contains("cannot create resource \"actions\"", "in the namespace \"default\"");
    assertThat(admin.resources(Action.class).inNamespace(NS).list().getItems())
        .as("nothing refused was stored")
        .hasSize(before);

    // The longest generateName the API takes makes a 63-character name, the longest a Job may have,
    // and it runs.
    HttpResponse<String> longest =
        post(
            token,
            "{\"definition\":\"e2e-touch\",\"entity\":\"api\","
                + "\"inputs\":{\"reason\":\"longest name\"},\"generateName\":\""
                + "r".repeat(57)
                + "-\"}");
    assertThat(longest.statusCode()).as(longest.body()).isEqualTo(201);
    String name = Serialization.jsonMapper().readTree(longest.body()).get("name").asText();
    assertThat(name).hasSize(63).startsWith("r".repeat(57) + "-");
    awaitPhase(name, "Succeeded");
    assertThat(jobsOf(name))
        .singleElement()
        .satisfies(job -> assertThat(job.getMetadata().getName()).isEqualTo(name));
  }

  private static HttpResponse<String> post(String token, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + operator.server().port()
                            + "/api/v1/namespaces/"
                            + NS
                            + "/actions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(9)
  void withoutTheWebhookNoActionCanBeCreated() throws Exception {
    webhook.close();
    try {
      Kubectl.Result refused =
          createAsResult("alice", "developers", "{definition: e2e-touch, entity: api}");
      assertThat(refused.ok()).isFalse();
      assertThat(refused.err()).contains("failed calling webhook", "actions.portolan.dev");
    } finally {
      webhook = operator.serveWebhook("127.0.0.1", webhookPort, certificates);
    }
  }

  @Test
  @Order(10)
  void aHelmUpgradeKeepsTheWebhookCertificate() {
    String before =
        require(
                kubectl.run(
                    "get",
                    "secret",
                    "portolan-webhook-tls",
                    "-n",
                    RELEASE_NAMESPACE,
                    "-o",
                    "jsonpath={.data.tls\\.crt}"))
            .out();
    var upgraded =
        new Helm(ChartTest.CHART)
            .upgrade()
            .withName("portolan")
            .withNamespace(RELEASE_NAMESPACE)
            .withKubeConfig(plane.kubeconfig())
            .set("defaultBlueprints.enabled", "false")
            .set("webhook.url", "https://127.0.0.1:" + webhookPort + AdmissionWebhookServer.PATH)
            .set("webhook.certificate.ipAddresses[0]", "127.0.0.1")
            .call();
    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    assertThat(
            require(
                    kubectl.run(
                        "get",
                        "secret",
                        "portolan-webhook-tls",
                        "-n",
                        RELEASE_NAMESPACE,
                        "-o",
                        "jsonpath={.data.tls\\.crt}"))
                .out())
        .isEqualTo(before);
    assertThat(
            createAs(
                "alice",
                "developers",
                "{definition: e2e-touch, entity: api, inputs: {reason: after upgrade}}"))
        .as("the webhook still answers with the kept certificate")
        .isNotBlank();
  }

  /**
   * Automations start runs as their ServiceAccount: the API server's impersonation, the webhook's
   * record of the requester and RBAC decide, never the operator's own identity. One level drop is
   * one occurrence: exactly one run for the automation whose ServiceAccount may create Actions, and
   * a Failed firing with the API server's refusal for the one whose ServiceAccount may not.
   */
  @Test
  @Order(11)
  void aScorecardDropStartsExactlyOneRunRequestedByTheAutomationsServiceAccount() {
    require(
        kubectl.runWithInput(
            """
            apiVersion: portolan.dev/v1alpha1
            kind: Scorecard
            metadata: {name: e2e-auto-readiness, labels: {portolan.dev/e2e: actions}}
            spec:
              blueprint: service
              levels: [Bronze]
              rules:
                - {name: has-language, level: Bronze, expression: "has(entity.properties.language)"}
            """,
            "apply",
            "-f",
            "-"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                kubectl
                    .run(
                        "get",
                        "entity",
                        "api",
                        "-n",
                        NS,
                        "-o",
                        "jsonpath={.status.scorecards.e2e-auto-readiness.level}")
                    .out()
                    .strip(),
            "Bronze"::equals);
    String automation =
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Automation
        metadata: {name: %s, namespace: actions-e2e}
        spec:
          serviceAccountName: %s
          trigger: {scorecardLevelChanged: {scorecard: e2e-auto-readiness}}
          condition: "from == 'Bronze'"
          effects:
            startAction:
              definition: e2e-touch
              inputs: {reason: "'dropped from ' + from"}
        """;
    require(
        kubectl.runWithInput(
            automation.formatted("e2e-below-bronze", "e2e-dev")
                + "---\n"
                + automation.formatted("e2e-outsider-remediates", "e2e-outsider"),
            "apply",
            "-f",
            "-"));
    for (String name : List.of("e2e-below-bronze", "e2e-outsider-remediates")) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  kubectl
                      .run(
                          "get",
                          "automation",
                          name,
                          "-n",
                          NS,
                          "-o",
                          "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
                      .out()
                      .strip(),
              "True"::equals);
    }

    require(
        kubectl.run(
            "patch",
            "entity",
            "api",
            "-n",
            NS,
            "--type=json",
            "-p",
            "[{\"op\":\"remove\",\"path\":\"/spec/properties/language\"}]"));

    List<Action> runs = new java.util.ArrayList<>();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<Action> found =
                  admin
                      .resources(Action.class)
                      .inNamespace(NS)
                      .withLabel("portolan.dev/automation", "e2e-below-bronze")
                      .list()
                      .getItems();
              var automationNow =
                  admin
                      .resources(dev.portolan.model.Automation.class)
                      .inNamespace(NS)
                      .withName("e2e-below-bronze")
                      .get();
              assertThat(found)
                  .as(
                      "the automation's status: %s; the entity's grade: %s",
                      json(automationNow.getStatus()),
                      json(
                          admin
                              .resources(dev.portolan.model.Entity.class)
                              .inNamespace(NS)
                              .withName("api")
                              .get()
                              .getStatus()
                              .scorecards
                              .get("e2e-auto-readiness")))
                  .hasSize(1);
              assertThat(found.get(0).getStatus()).isNotNull();
              assertThat(found.get(0).getStatus().requestedBy).isNotNull();
              runs.clear();
              runs.addAll(found);
            });
    Action run = runs.get(0);
    assertThat(run.getStatus().requestedBy.username)
        .as("the automation's ServiceAccount, recorded by the webhook")
        .isEqualTo("system:serviceaccount:actions-e2e:e2e-dev");
    assertThat(run.getStatus().requestedBy.groups)
        .contains("system:serviceaccounts", "system:serviceaccounts:actions-e2e");
    assertThat(run.getSpec().definition).isEqualTo("e2e-touch");
    assertThat(run.getSpec().entity).isIn("api", "actions-e2e/api");
    assertThat(run.getSpec().inputs.get("reason").asText()).isEqualTo("dropped from Bronze");

    // The refused automation says why, in the API server's words.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var status =
                  admin
                      .resources(dev.portolan.model.Automation.class)
                      .inNamespace(NS)
                      .withName("e2e-outsider-remediates")
                      .get()
                      .getStatus();
              assertThat(status).isNotNull();
              assertThat(status.recent).as(String.valueOf(status.recent)).isNotEmpty();
              var firing = status.recent.get(0);
              assertThat(firing.result).isEqualTo("Failed");
              assertThat(firing.reason).isEqualTo("Forbidden");
              assertThat(firing.message)
                  .contains("system:serviceaccount:actions-e2e:e2e-outsider", "actions");
              assertThat(status.counts.failed).isEqualTo(1L);
              assertThat(status.counts.runsStarted).isZero();
            });
    assertThat(
            admin
                .resources(Action.class)
                .inNamespace(NS)
                .withLabel("portolan.dev/automation", "e2e-outsider-remediates")
                .list()
                .getItems())
        .isEmpty();

    // Still exactly one run a while later, and the automation counts it once.
    await()
        .pollDelay(Duration.ofSeconds(5))
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var status =
                  admin
                      .resources(dev.portolan.model.Automation.class)
                      .inNamespace(NS)
                      .withName("e2e-below-bronze")
                      .get()
                      .getStatus();
              assertThat(status.counts.runsStarted).isEqualTo(1L);
              assertThat(status.recent.get(0).run).isEqualTo(run.getMetadata().getName());
            });
    assertThat(
            admin
                .resources(Action.class)
                .inNamespace(NS)
                .withLabel("portolan.dev/automation", "e2e-below-bronze")
                .list()
                .getItems())
        .hasSize(1);
    kubectl.run("delete", "scorecard", "e2e-auto-readiness", "--ignore-not-found");
  }

  /** The namespace, its catalog, the people's RoleBindings and the definitions the tests run. */
  private static final String FIXTURES =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: actions-e2e}
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: e2e-dev, namespace: actions-e2e}
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: e2e-outsider, namespace: actions-e2e}
      ---
      # May create Actions and read the catalog here, but is not in e2e-touch's allowed.
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: e2e-contractor, namespace: actions-e2e}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: requesters, namespace: actions-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-action-requester}
      subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: contractors}
        - {kind: ServiceAccount, name: e2e-dev, namespace: actions-e2e}
        - {kind: ServiceAccount, name: e2e-contractor, namespace: actions-e2e}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: viewers, namespace: actions-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-catalog-viewer}
      subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: contractors}
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: platform-leads}
        - {kind: ServiceAccount, name: e2e-dev, namespace: actions-e2e}
        - {kind: ServiceAccount, name: e2e-contractor, namespace: actions-e2e}
      ---
      # Developers may annotate Actions too, so that the webhook, not RBAC, is what refuses a
      # developer's approval.
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: approvers, namespace: actions-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-action-approver}
      subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: platform-leads}
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: e2e-team, namespace: actions-e2e}
      spec: {blueprint: team, title: E2E team}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: e2e-system, namespace: actions-e2e}
      spec: {blueprint: system, title: E2E system, relations: {team: e2e-team}}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: api, namespace: actions-e2e}
      spec: {blueprint: service, title: API, properties: {language: go}, relations: {system: e2e-system}}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: e2e-touch, labels: {portolan.dev/e2e: actions}}
      spec:
        title: Touch
        blueprint: service
        operation: Day2
        condition: "entity.properties.tier != 'data'"
        inputs: {properties: {reason: {type: string, minLength: 3}}}
        allowed: {groups: [developers], users: ["system:serviceaccount:actions-e2e:e2e-dev"]}
        job:
          template:
            metadata:
              annotations: {portolan.dev/e2e-termination-message: '{"touched":"yes"}'}
            spec:
              containers: [{name: touch, image: busybox:1.37, command: [sh, -c, "echo touched"]}]
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: e2e-scaffold, labels: {portolan.dev/e2e: actions}}
      spec:
        title: Scaffold
        blueprint: service
        operation: Create
        inputs: {properties: {name: {type: string}}, required: [name]}
        allowed: {groups: [developers]}
        approval: {required: true, approvers: {groups: [platform-leads]}}
        job:
          template:
            metadata:
              annotations:
                portolan.dev/e2e-termination-message: >-
                  {"name":"e2e-new","title":"New service","properties":{"language":"go"},"relations":{"system":"e2e-system"}}
            spec:
              containers: [{name: scaffold, image: busybox:1.37}]
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: e2e-fail, labels: {portolan.dev/e2e: actions}}
      spec:
        title: Fail
        blueprint: service
        operation: Day2
        job:
          template:
            metadata:
              annotations: {portolan.dev/e2e-exit-code: "3", portolan.dev/e2e-termination-message: "boom: disk full"}
            spec:
              containers: [{name: fail, image: busybox:1.37}]
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: e2e-invalid-job, labels: {portolan.dev/e2e: actions}}
      spec:
        title: A container name the API server refuses
        blueprint: service
        operation: Day2
        job:
          template:
            spec:
              containers: [{name: Not_A_Dns_Label, image: busybox:1.37}]
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: e2e-slow, labels: {portolan.dev/e2e: actions}}
      spec:
        title: Slow (its Pod waits for a node labelled portolan.dev/e2e-ready=yes)
        blueprint: service
        operation: Day2
        job:
          template:
            spec:
              nodeSelector: {portolan.dev/e2e-ready: "yes"}
              containers: [{name: slow, image: busybox:1.37}]
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: e2e-history, labels: {portolan.dev/e2e: actions}}
      spec:
        title: History
        blueprint: service
        operation: Day2
        history: {keep: 2}
        job:
          template:
            spec:
              containers: [{name: run, image: busybox:1.37}]
      """;
}
