package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portolan.model.Action;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationStatus;
import dev.portolan.model.AutomationStatus.Firing;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Notifications and loop protection as a user gets them, on the real control plane (issue #18): the
 * chart installed, the operator running as the chart's ServiceAccount (which may read no Secret),
 * an HTTPS receiver in this JVM whose certificate a private CA made here signed, and Secrets
 * holding its URL, an HMAC key and that CA. A notification arrives once per occurrence, signed,
 * with the occurrence as its delivery id; each way a delivery fails shows in the automation's
 * status in words a user can act on; an automation whose runs re-trigger it runs once (or, when it
 * asks to see its own runs, as many times as its storm guard lets it in a minute).
 *
 * <p>The loops are an {@code actionFinished} trigger on the very definition the automation starts:
 * kwok finishes the Jobs, so no real node is needed.
 */
@ExtendWith(RealCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutomationNotifyIT {
  private static final String NS = "notify-e2e";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ControlPlane plane;
  private static Kubectl kubectl;
  private static KubernetesClient admin;
  private static InstalledPortolan portolan;
  private static WebhookReceiver receiver;
  private static String jsonKey;
  private static String slackKey;

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
            "crd/entities.portolan.dev",
            "crd/automations.portolan.dev",
            "crd/blueprints.portolan.dev"));
    require(kubectl.runWithInput(FIXTURES, "apply", "-f", "-"));

    PrivateCa receivers = PrivateCa.create("Portolan e2e receivers CA");
    PrivateCa stranger = PrivateCa.create("Some other CA");
    receiver = new WebhookReceiver(receivers.serverContextFor127001());
    receiver.answer("/hooks/down/T0K3N", 500);
    jsonKey = randomHex();
    slackKey = randomHex();
    Path ca = Files.createTempFile("receivers-ca", ".pem");
    Files.writeString(ca, receivers.pem());
    Path otherCa = Files.createTempFile("other-ca", ".pem");
    Files.writeString(otherCa, stranger.pem());
    secret("hook-json", receiver.url("/hooks/json"), jsonKey, ca);
    secret("hook-slack", receiver.url("/services/T000/B000/slack-token"), slackKey, ca);
    secret("hook-down", receiver.url("/hooks/down/T0K3N"), randomHex(), ca);
    secret("hook-wrong-ca", receiver.url("/hooks/wrong-ca"), randomHex(), otherCa);
    secret("hook-updated", receiver.url("/hooks/updated"), randomHex(), ca);
    secret("hook-plain", receiver.url("/hooks/plain").replace("https://", "http://"), null, ca);

    portolan = InstalledPortolan.install(plane, admin, WAIT);
  }

  @AfterAll
  static void uninstall() {
    if (portolan != null) {
      portolan.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (kubectl != null) {
      kubectl.run("delete", "namespace", NS, "--wait=false");
      kubectl.run("delete", "actiondefinitions", "-l", "portolan.dev/e2e=notify", "--wait=false");
      kubectl.run("delete", "blueprints", "-l", "portolan.dev/e2e=notify", "--wait=false");
    }
    if (admin != null) {
      admin.close();
    }
  }

  /**
   * The acceptance: one entity created is one POST to each receiver, signed with the
   * Secret's key over the exact bytes, its delivery id the occurrence the status shows, its body as
   * docs/api.md writes it (JSON, and Slack's {@code text}); the status counts it notified.
   */
  @Test
  @Order(1)
  void aCreatedEntityIsPostedOnceSignedAndCountedNotified() throws Exception {
    applyNotifying("e2e-announce", "e2e-notifier", "hook-json", "JSON");
    applyNotifying("e2e-announce-slack", "e2e-notifier", "hook-slack", "Slack");
    awaitReady("e2e-announce", "e2e-announce-slack");

    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    require(kubectl.runWithInput(entity("checkout", "e2e-notified"), "apply", "-f", "-"));
    Entity checkout = admin.resources(Entity.class).inNamespace(NS).withName("checkout").get();
    String occurrence = "created/" + checkout.getMetadata().getUid();

    Firing json = awaitFirst("e2e-announce", occurrence);
    assertThat(json.result).as(Serialization.asJson(json)).isEqualTo("Notified");
    assertThat(json.trigger).isEqualTo("EntityCreated");
    assertThat(json.entity).isEqualTo(NS + "/checkout");
    assertThat(json.reason).isNull();
    Firing slack = awaitFirst("e2e-announce-slack", occurrence);
    assertThat(slack.result).as(Serialization.asJson(slack)).isEqualTo("Notified");

    // A while later, still exactly one POST per receiver, and one notification counted.
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (String name : List.of("e2e-announce", "e2e-announce-slack")) {
                AutomationStatus status = status(name);
                assertThat(status.counts.notified).as(Serialization.asJson(status)).isEqualTo(1L);
                assertThat(status.counts.fired).isEqualTo(1L);
                assertThat(status.counts.failed).isZero();
                assertThat(status.counts.runsStarted).isZero();
                assertThat(status.lastFired).isEqualTo(json.time);
              }
            });
    assertThat(receiver.on("/hooks/json")).hasSize(1);
    assertThat(receiver.on("/services/T000/B000/slack-token")).hasSize(1);

    WebhookReceiver.Received post = receiver.on("/hooks/json").get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(post.header("X-Portolan-Signature"))
        .as("sha256=HMAC-SHA256 of the exact body under the Secret's hmacKey")
        .isEqualTo("sha256=" + hmac(jsonKey, post.body()));
    assertThat(post.header("X-Portolan-Delivery"))
        .as("the occurrence id of status.recent")
        .isEqualTo(json.occurrence)
        .isEqualTo(occurrence);
    Instant sent = Instant.parse(post.header("X-Portolan-Timestamp"));
    assertThat(sent).isBetween(before, post.at().plusSeconds(1));
    JsonNode body = JSON.readTree(post.body());
    assertThat(body.path("automation").path("namespace").asText()).isEqualTo(NS);
    assertThat(body.path("automation").path("name").asText()).isEqualTo("e2e-announce");
    assertThat(body.path("occurrence").asText()).isEqualTo(occurrence);
    assertThat(body.path("trigger").asText()).isEqualTo("EntityCreated");
    assertThat(body.path("entity").path("namespace").asText()).isEqualTo(NS);
    assertThat(body.path("entity").path("name").asText()).isEqualTo("checkout");
    assertThat(body.path("time").asText())
        .as("the occurrence's instant: the entity's creation")
        .isEqualTo(checkout.getMetadata().getCreationTimestamp())
        .isEqualTo(json.time);
    assertThat(body.path("message").asText()).isEqualTo("new service checkout <by> Q&A");
    assertThat(body.size()).as(post.bodyText()).isEqualTo(6);

    WebhookReceiver.Received slackPost = receiver.on("/services/T000/B000/slack-token").get(0);
    assertThat(slackPost.header("X-Portolan-Signature"))
        .isEqualTo("sha256=" + hmac(slackKey, slackPost.body()));
    assertThat(slackPost.header("X-Portolan-Delivery")).isEqualTo(occurrence);
    JsonNode slackBody = JSON.readTree(slackPost.body());
    assertThat(slackBody.path("text").asText())
        .as("Slack's text, with &, < and > escaped as Slack asks")
        .isEqualTo("new service checkout &lt;by&gt; Q&amp;A");
    assertThat(slackBody.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo("new service checkout &lt;by&gt; Q&amp;A");
    assertThat(slackBody.path("blocks").get(1).path("elements").get(0).path("text").asText())
        .isEqualTo(
            "Automation "
                + NS
                + "/e2e-announce-slack · EntityCreated · "
                + NS
                + "/checkout · "
                + json.time);
  }

  /**
   * Each way a delivery fails, as the user reads it in status.recent: a receiver answering 500
   * after the documented retries (1 s, 2 s, 4 s), a ServiceAccount the API server does not let read
   * the Secret, a receiver whose certificate the Secret's CA did not sign, an http:// URL.
   */
  @Test
  @Order(2)
  void eachFailedDeliveryTellsTheUserWhyInTheStatus() {
    applyNotifying("e2e-down", "e2e-notifier", "hook-down", "JSON");
    applyNotifying("e2e-no-rbac", "e2e-unbound", "hook-json", "JSON");
    applyNotifying("e2e-wrong-ca", "e2e-notifier", "hook-wrong-ca", "JSON");
    applyNotifying("e2e-plain", "e2e-notifier", "hook-plain", "JSON");
    awaitReady("e2e-down", "e2e-no-rbac", "e2e-wrong-ca", "e2e-plain");

    require(kubectl.runWithInput(entity("payments", "e2e-notified"), "apply", "-f", "-"));
    String occurrence =
        "created/"
            + admin
                .resources(Entity.class)
                .inNamespace(NS)
                .withName("payments")
                .get()
                .getMetadata()
                .getUid();

    Firing down = awaitFirst("e2e-down", occurrence);
    assertThat(down.result).as(Serialization.asJson(down)).isEqualTo("Failed");
    assertThat(down.reason).isEqualTo("ReceiverFailed");
    assertThat(down.message)
        .isEqualTo(
            "notify: "
                + receiver.displayName()
                + " answered 500: {\"error\":\"the receiver is down\"} (4 attempts)")
        .as("the receiver's path holds its token: never shown")
        .doesNotContain("T0K3N");
    List<WebhookReceiver.Received> tries = receiver.on("/hooks/down/T0K3N");
    assertThat(tries).as("the first attempt and 3 retries").hasSize(4);
    assertThat(tries).extracting(r -> r.header("X-Portolan-Delivery")).containsOnly(occurrence);
    assertThat(tries)
        .extracting(WebhookReceiver.Received::bodyText)
        .containsOnly(tries.get(0).bodyText());
    List<Long> gaps = new java.util.ArrayList<>();
    for (int i = 1; i < tries.size(); i++) {
      gaps.add(Duration.between(tries.get(i - 1).at(), tries.get(i).at()).toMillis());
    }
    System.out.println("[e2e] the 500 receiver's retries came after " + gaps + " ms");
    assertThat(gaps.get(0)).as("retried after 1 s: %s", gaps).isBetween(950L, 3000L);
    assertThat(gaps.get(1)).as("then after 2 s: %s", gaps).isBetween(1950L, 4000L);
    assertThat(gaps.get(2)).as("then after 4 s: %s", gaps).isBetween(3950L, 6000L);
    assertThat(
            require(
                    kubectl.run(
                        "get",
                        "events",
                        "-n",
                        NS,
                        "--field-selector",
                        "involvedObject.kind=Automation,involvedObject.name=e2e-down,reason=Failed",
                        "-o",
                        "jsonpath={.items[*].type} {.items[*].message}"))
                .out())
        .isEqualTo("Warning " + occurrence + ": " + down.message);

    Firing forbidden = awaitFirst("e2e-no-rbac", occurrence);
    assertThat(forbidden.result).as(Serialization.asJson(forbidden)).isEqualTo("Failed");
    assertThat(forbidden.reason).isEqualTo("Forbidden");
    assertThat(forbidden.message)
        .as("the API server's own refusal")
        .isEqualTo(
            "notify: reading Secret hook-json as ServiceAccount e2e-unbound: secrets \"hook-json\""
                + " is forbidden: User \"system:serviceaccount:notify-e2e:e2e-unbound\" cannot"
                + " get resource \"secrets\" in API group \"\" in the namespace \"notify-e2e\"");

    Firing wrongCa = awaitFirst("e2e-wrong-ca", occurrence);
    assertThat(wrongCa.result).as(Serialization.asJson(wrongCa)).isEqualTo("Failed");
    assertThat(wrongCa.reason).isEqualTo("TlsFailed");
    assertThat(wrongCa.message)
        .startsWith("notify: TLS with " + receiver.displayName() + " failed: ")
        .endsWith(
            "; its certificate must be signed by a CA in the Secret's caBundle and name the host");
    assertThat(receiver.on("/hooks/wrong-ca")).as("no request passed the handshake").isEmpty();

    Firing plain = awaitFirst("e2e-plain", occurrence);
    assertThat(plain.result).as(Serialization.asJson(plain)).isEqualTo("Failed");
    assertThat(plain.reason).isEqualTo("InvalidNotifySecret");
    assertThat(plain.message)
        .startsWith(
            "notify: spec.effects.notify.secretRef: Secret 'hook-plain' key 'url' uses http://;"
                + " notifications go over https:// only");
    assertThat(receiver.on("/hooks/plain")).isEmpty();

    // The counts move once the watermark passes the firing (about 11 s after it: docs/api.md).
    for (String name : List.of("e2e-down", "e2e-no-rbac", "e2e-wrong-ca", "e2e-plain")) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                AutomationStatus status = status(name);
                assertThat(status.counts.failed)
                    .as(name + ": " + Serialization.asJson(status))
                    .isEqualTo(1L);
                assertThat(status.counts.notified).as(name).isZero();
              });
    }
  }

  /**
   * An automation started by its own definition's runs finishing would run for ever; left at
   * triggerOnOwnRuns false, the run it started finishing is Skipped with reason OwnRun: one run.
   */
  @Test
  @Order(3)
  void anAutomationTriggeredByItsOwnRunRunsOnceAndSkipsItsOwnRun() {
    require(
        kubectl.runWithInput(looping("e2e-loop-once", "e2e-loop-once", null), "apply", "-f", "-"));
    awaitReady("e2e-loop-once");
    String byHand = startByHand("e2e-loop-once");

    awaitPhase(byHand, "Succeeded");
    String byHandUid = action(byHand).getMetadata().getUid();
    List<Action> runs = awaitRuns("e2e-loop-once", 1);
    Action run = runs.get(0);
    assertThat(run.getMetadata().getAnnotations().get("portolan.dev/occurrence"))
        .isEqualTo("finished/" + byHandUid);
    assertThat(run.getStatus().requestedBy.username)
        .isEqualTo("system:serviceaccount:notify-e2e:e2e-looper");
    Action finished = awaitPhase(run.getMetadata().getName(), "Succeeded");

    String ownOccurrence = "finished/" + finished.getMetadata().getUid();
    Firing own = awaitFirst("e2e-loop-once", ownOccurrence);
    assertThat(own.result).as(Serialization.asJson(own)).isEqualTo("Skipped");
    assertThat(own.reason).isEqualTo("OwnRun");
    assertThat(own.message)
        .isEqualTo(
            "the finished Action "
                + NS
                + "/"
                + finished.getMetadata().getName()
                + " is this automation's own run; set spec.triggerOnOwnRuns: true to act on its"
                + " own runs' effects");
    assertThat(own.trigger).isEqualTo("ActionFinished");
    Firing started = firing("e2e-loop-once", "finished/" + byHandUid);
    assertThat(started.result).isEqualTo("Started");
    assertThat(started.run).isEqualTo(run.getMetadata().getName());

    await()
        .pollDelay(Duration.ofSeconds(5))
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              AutomationStatus status = status("e2e-loop-once");
              assertThat(status.counts.runsStarted).as(Serialization.asJson(status)).isEqualTo(1L);
              assertThat(status.counts.skipped).isEqualTo(1L);
              assertThat(status.counts.fired).isEqualTo(1L);
            });
    assertThat(runsOf("e2e-loop-once"))
        .extracting(a -> a.getMetadata().getName())
        .containsExactly(run.getMetadata().getName());
  }

  /**
   * The same loop with triggerOnOwnRuns true and maxRunsPerMinute 3: three runs in the minute, then
   * the fourth occurrence is Skipped with reason StormGuard and the documented message, and the
   * loop is over: the next minute starts nothing.
   */
  @Test
  @Order(4)
  void aLoopThatAsksForItsOwnRunsIsStoppedByTheStormGuardAfterThreeRuns() {
    require(
        kubectl.runWithInput(looping("e2e-loop-storm", "e2e-loop-storm", 3), "apply", "-f", "-"));
    awaitReady("e2e-loop-storm");
    // The guard counts per UTC minute: begin with time left in one (the loop took 5-6 s here),
    // so that the whole loop fits in it.
    await()
        .atMost(Duration.ofSeconds(70))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Instant.now().atZone(java.time.ZoneOffset.UTC).getSecond() < 35);
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    long began = System.nanoTime();
    startByHand("e2e-loop-storm");

    Firing storm =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    status("e2e-loop-storm").recent.stream()
                        .filter(f -> "StormGuard".equals(f.reason))
                        .findFirst()
                        .orElse(null),
                java.util.Objects::nonNull);
    System.out.printf(
        "[e2e] the loop was stopped by the storm guard %.1f s after the first run was asked for%n",
        (System.nanoTime() - began) / 1e9);
    assertThat(storm.result).isEqualTo("Skipped");
    assertThat(storm.message)
        .isEqualTo("more than 3 occurrences this minute (spec.maxRunsPerMinute)");
    List<Action> runs = runsOf("e2e-loop-storm");
    assertThat(runs).as("runs: %s", names(runs)).hasSize(3);
    runs.sort(Comparator.comparing(a -> a.getMetadata().getCreationTimestamp()));
    for (Action run : runs) {
      assertThat(Instant.parse(run.getMetadata().getCreationTimestamp()))
          .as("%s, created in the minute the loop began", run.getMetadata().getName())
          .isBetween(minute, minute.plusSeconds(59));
    }
    Action last = awaitPhase(runs.get(2).getMetadata().getName(), "Succeeded");
    assertThat(storm.occurrence)
        .as("the third run finishing is the fourth occurrence")
        .isEqualTo("finished/" + last.getMetadata().getUid());
    // Each run is the previous one's doing: started by the occurrence of its finishing.
    assertThat(runs.get(1).getMetadata().getAnnotations().get("portolan.dev/occurrence"))
        .isEqualTo("finished/" + runs.get(0).getMetadata().getUid());
    assertThat(runs.get(2).getMetadata().getAnnotations().get("portolan.dev/occurrence"))
        .isEqualTo("finished/" + runs.get(1).getMetadata().getUid());

    // The skipped occurrence is not tried again in the next minute: the loop is broken.
    await()
        .atMost(Duration.ofSeconds(75))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Instant.now().isAfter(minute.plusSeconds(63)));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              AutomationStatus status = status("e2e-loop-storm");
              assertThat(status.counts.runsStarted).as(Serialization.asJson(status)).isEqualTo(3L);
              assertThat(status.counts.skipped).isEqualTo(1L);
            });
    assertThat(runsOf("e2e-loop-storm")).hasSize(3);
  }

  /**
   * entityUpdated is a change a user made, not the operator's status write that marks a new entity
   * Valid: nothing is posted for a created entity, one POST for its changed title.
   */
  @Test
  @Order(5)
  void anEntityUpdatedAutomationNotifiesForTheUsersChangeNotTheOperatorsStatusWrite() {
    require(
        kubectl.runWithInput(
            """
            apiVersion: portolan.dev/v1alpha1
            kind: Automation
            metadata: {name: e2e-on-update, namespace: notify-e2e}
            spec:
              serviceAccountName: e2e-notifier
              trigger: {entityUpdated: {blueprint: e2e-notified}}
              effects:
                notify: {secretRef: {name: hook-updated}, message: "old.title + ' is now ' + entity.title"}
            """,
            "apply",
            "-f",
            "-"));
    awaitReady("e2e-on-update");
    require(kubectl.runWithInput(entity("inventory", "e2e-notified"), "apply", "-f", "-"));
    // The operator writes the new entity's status (Valid, observedGeneration): no update.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .resources(Entity.class)
                            .inNamespace(NS)
                            .withName("inventory")
                            .get()
                            .getStatus())
                    .isNotNull());
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(status("e2e-on-update").counts.fired).isZero());
    assertThat(receiver.on("/hooks/updated")).as("posted for a created entity").isEmpty();

    require(
        kubectl.run(
            "patch",
            "entity",
            "inventory",
            "-n",
            NS,
            "--type=merge",
            "-p",
            "{\"spec\":{\"title\":\"Inventory v2\"}}"));
    await().atMost(WAIT).until(() -> receiver.on("/hooks/updated").size(), n -> n >= 1);
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              AutomationStatus status = status("e2e-on-update");
              assertThat(status.counts.notified).as(Serialization.asJson(status)).isEqualTo(1L);
              assertThat(status.counts.fired).isEqualTo(1L);
            });
    List<WebhookReceiver.Received> posts = receiver.on("/hooks/updated");
    assertThat(posts).hasSize(1);
    String uid =
        admin
            .resources(Entity.class)
            .inNamespace(NS)
            .withName("inventory")
            .get()
            .getMetadata()
            .getUid();
    assertThat(posts.get(0).header("X-Portolan-Delivery"))
        .startsWith("updated/" + uid + "/")
        .isEqualTo(status("e2e-on-update").recent.get(0).occurrence);
    assertThat(posts.get(0).bodyText()).contains("\"message\":\"inventory is now Inventory v2\"");
  }

  // ---- helpers ----

  private static void applyNotifying(
      String name, String serviceAccount, String secret, String format) {
    require(
        kubectl.runWithInput(
            """
            apiVersion: portolan.dev/v1alpha1
            kind: Automation
            metadata: {name: %s, namespace: %s}
            spec:
              serviceAccountName: %s
              trigger: {entityCreated: {blueprint: e2e-notified}}
              effects:
                notify:
                  secretRef: {name: %s}
                  format: %s
                  message: "'new service ' + entity.name + ' <by> Q&A'"
            """
                .formatted(name, NS, serviceAccount, secret, format),
            "apply",
            "-f",
            "-"));
  }

  /** An automation that starts the definition of its name when a run of it finishes. */
  private static String looping(String name, String definition, Integer maxRunsPerMinute) {
    return """
        apiVersion: portolan.dev/v1alpha1
        kind: Automation
        metadata: {name: %s, namespace: %s}
        spec:
          serviceAccountName: e2e-looper
          trigger: {actionFinished: {definition: %s, phases: [Succeeded]}}
          effects:
            startAction: {definition: %s}
        %s"""
        .formatted(
            name,
            NS,
            definition,
            definition,
            maxRunsPerMinute == null
                ? ""
                : "  triggerOnOwnRuns: true\n  maxRunsPerMinute: " + maxRunsPerMinute + "\n");
  }

  /** The Action a person starts, whose finishing sets the loop going. */
  private static String startByHand(String definition) {
    return require(
            kubectl.runWithInput(
                """
                apiVersion: portolan.dev/v1alpha1
                kind: Action
                metadata: {generateName: by-hand-, namespace: %s}
                spec: {definition: %s, entity: loop-target}
                """
                    .formatted(NS, definition),
                "create",
                "-f",
                "-",
                "-o",
                "jsonpath={.metadata.name}"))
        .out()
        .strip();
  }

  private static String entity(String name, String blueprint) {
    return """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: %s, namespace: %s}
        spec: {blueprint: %s, title: %s}
        """
        .formatted(name, NS, blueprint, name);
  }

  private static void secret(String name, String url, String hmacKey, Path caBundle) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "create",
                "secret",
                "generic",
                name,
                "-n",
                NS,
                "--from-literal=url=" + url,
                "--from-file=caBundle=" + caBundle));
    if (hmacKey != null) {
      args.add("--from-literal=hmacKey=" + hmacKey);
    }
    require(kubectl.run(args.toArray(String[]::new)));
  }

  private static void awaitReady(String... automations) {
    for (String name : automations) {
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
  }

  /** The firing of the occurrence, once the automation's status shows it. */
  private static Firing awaitFirst(String automation, String occurrence) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> findFiring(automation, occurrence), java.util.Objects::nonNull);
  }

  private static Firing firing(String automation, String occurrence) {
    Firing firing = findFiring(automation, occurrence);
    assertThat(firing)
        .as(
            "%s's firing of %s in %s",
            automation, occurrence, Serialization.asJson(status(automation)))
        .isNotNull();
    return firing;
  }

  private static Firing findFiring(String automation, String occurrence) {
    AutomationStatus status = status(automation);
    if (status == null || status.recent == null) {
      return null;
    }
    return status.recent.stream()
        .filter(f -> occurrence.equals(f.occurrence))
        .findFirst()
        .orElse(null);
  }

  private static AutomationStatus status(String automation) {
    Automation now = admin.resources(Automation.class).inNamespace(NS).withName(automation).get();
    return now == null ? null : now.getStatus();
  }

  private static List<Action> runsOf(String automation) {
    return new java.util.ArrayList<>(
        admin
            .resources(Action.class)
            .inNamespace(NS)
            .withLabel("portolan.dev/automation", automation)
            .list()
            .getItems());
  }

  private static List<Action> awaitRuns(String automation, int count) {
    List<Action> runs = new java.util.ArrayList<>();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<Action> found = runsOf(automation);
              assertThat(found)
                  .as(
                      "the runs of %s; its status: %s",
                      automation, Serialization.asJson(status(automation)))
                  .hasSize(count);
              assertThat(found)
                  .allSatisfy(
                      a ->
                          assertThat(a.getStatus() == null ? null : a.getStatus().requestedBy)
                              .isNotNull());
              runs.clear();
              runs.addAll(found);
            });
    return runs;
  }

  private static List<String> names(List<Action> actions) {
    return actions.stream().map(a -> a.getMetadata().getName()).toList();
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

  private static String hmac(String key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static String randomHex() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static Kubectl.Result require(Kubectl.Result result) {
    assertThat(result.ok()).as(result.toString()).isTrue();
    return result;
  }

  /**
   * The namespace, two blueprints (one the notifications watch, one the loops act on), the
   * ServiceAccounts (one may read the hook Secrets, one may not, one starts the loops' runs) and
   * the loops' definitions.
   */
  private static final String FIXTURES =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: notify-e2e}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: e2e-notified, labels: {portolan.dev/e2e: notify}}
      spec: {title: Notified service}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: e2e-looped, labels: {portolan.dev/e2e: notify}}
      spec: {title: Looped service}
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: e2e-notifier, namespace: notify-e2e}
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: e2e-unbound, namespace: notify-e2e}
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: e2e-looper, namespace: notify-e2e}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: notifier-reads-hooks, namespace: notify-e2e}
      rules:
        - apiGroups: [""]
          resources: [secrets]
          resourceNames: [hook-json, hook-slack, hook-down, hook-wrong-ca, hook-plain, hook-updated]
          verbs: [get]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: notifier-reads-hooks, namespace: notify-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: notifier-reads-hooks}
      subjects: [{kind: ServiceAccount, name: e2e-notifier, namespace: notify-e2e}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: looper-runs, namespace: notify-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-action-requester}
      subjects: [{kind: ServiceAccount, name: e2e-looper, namespace: notify-e2e}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: looper-views, namespace: notify-e2e}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: portolan-catalog-viewer}
      subjects: [{kind: ServiceAccount, name: e2e-looper, namespace: notify-e2e}]
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: loop-target, namespace: notify-e2e}
      spec: {blueprint: e2e-looped, title: Loop target}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: e2e-loop-once, labels: {portolan.dev/e2e: notify}}
      spec:
        title: Runs again when it finishes (once)
        blueprint: e2e-looped
        operation: Day2
        job:
          template:
            spec:
              containers: [{name: run, image: busybox:1.37}]
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: e2e-loop-storm, labels: {portolan.dev/e2e: notify}}
      spec:
        title: Runs again when it finishes (until the storm guard)
        blueprint: e2e-looped
        operation: Day2
        job:
          template:
            spec:
              containers: [{name: run, image: busybox:1.37}]
      """;
}
