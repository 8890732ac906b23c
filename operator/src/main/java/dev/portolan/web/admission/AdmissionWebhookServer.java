package dev.portolan.web.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.action.ActionAdmission;
import dev.portolan.action.ActionRecords;
import dev.portolan.guardrail.GuardrailAdmission;
import dev.portolan.guardrail.GuardrailDecision;
import dev.portolan.guardrail.GuardrailWebhooks;
import dev.portolan.guardrail.Requester;
import dev.portolan.guardrail.WorkloadRequest;
import dev.portolan.model.Action;
import dev.portolan.model.Waiver;
import dev.portolan.waiver.WaiverAdmission;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission webhooks, served over HTTPS with the certificate in a TLS Secret's files ({@code
 * tls.crt}, {@code tls.key}), reloaded when they change: the mutating and validating webhooks for
 * Actions and for Waivers (every request it cannot read is denied, so both fail closed) and the
 * guardrails' validating webhooks, one path per enforcing scorecard ({@code
 * /admission/guardrails/<name>}).
 */
public final class AdmissionWebhookServer implements AutoCloseable {
  public static final String PATH = "/admission/actions";

  /** The validating webhook's path: the last word, on the object as it will be stored. */
  public static final String VALIDATE_PATH = "/admission/actions/validate";

  /** The Waivers' mutating webhook: records the requester and the decider, checks the expiry. */
  public static final String WAIVERS_PATH = "/admission/waivers";

  /** The Waivers' validating webhook, like {@link #VALIDATE_PATH} for Actions. */
  public static final String WAIVERS_VALIDATE_PATH = "/admission/waivers/validate";

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhookServer.class);
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private final Javalin app;
  private final ServerConnector connector;
  private final ScheduledExecutorService reloader;

  private AdmissionWebhookServer(
      Javalin app, ServerConnector connector, ScheduledExecutorService reloader) {
    this.app = app;
    this.connector = connector;
    this.reloader = reloader;
  }

  /**
   * @param certificateDirectory holds {@code tls.crt} and {@code tls.key}
   * @param port 0 for any free port
   */
  public static AdmissionWebhookServer start(
      String host, int port, Path certificateDirectory, ActionAdmission admission)
      throws Exception {
    return start(host, port, certificateDirectory, admission, null);
  }

  /**
   * @param guardrails judges workloads for the guardrails; null serves no guardrail path
   */
  public static AdmissionWebhookServer start(
      String host,
      int port,
      Path certificateDirectory,
      ActionAdmission admission,
      GuardrailAdmission guardrails)
      throws Exception {
    return start(host, port, certificateDirectory, admission, guardrails, null);
  }

  /**
   * @param waivers decides Waiver requests and decisions; null serves no waiver path
   */
  public static AdmissionWebhookServer start(
      String host,
      int port,
      Path certificateDirectory,
      ActionAdmission admission,
      GuardrailAdmission guardrails,
      WaiverAdmission waivers)
      throws Exception {
    Path certificate = certificateDirectory.resolve("tls.crt");
    Path key = certificateDirectory.resolve("tls.key");
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(PemKeyStore.load(certificate, key));
    tls.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
    tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    ServerConnector[] made = new ServerConnector[1];
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jetty.addConnector(
                  (server, http) -> {
                    HttpConfiguration https = new HttpConfiguration(http);
                    // Requests reach the webhook by Service name or by address; the API server
                    // verifies the name.
                    https.addCustomizer(new SecureRequestCustomizer(false));
                    ServerConnector connector =
                        new ServerConnector(
                            server,
                            new SslConnectionFactory(tls, "http/1.1"),
                            new HttpConnectionFactory(https));
                    connector.setHost(host);
                    connector.setPort(port);
                    made[0] = connector;
                    return connector;
                  });
            });
    app.post(PATH, ctx -> review(ctx, request -> decide(request, admission)));
    app.post(VALIDATE_PATH, ctx -> review(ctx, request -> validate(request, admission)));
    if (waivers != null) {
      app.post(WAIVERS_PATH, ctx -> review(ctx, request -> decideWaiver(request, waivers)));
      app.post(
          WAIVERS_VALIDATE_PATH, ctx -> review(ctx, request -> validateWaiver(request, waivers)));
    }
    if (guardrails != null) {
      app.post(
          GuardrailWebhooks.PATH_PREFIX + "{scorecard}",
          ctx -> review(ctx, request -> judge(request, ctx.pathParam("scorecard"), guardrails)));
    }
    app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    app.start();
    ScheduledExecutorService reloader =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "webhook-certificate-reload");
              thread.setDaemon(true);
              return thread;
            });
    FileTime[] seen = {modified(certificate, key)};
    reloader.scheduleWithFixedDelay(
        () -> {
          try {
            FileTime now = modified(certificate, key);
            if (!now.equals(seen[0])) {
              KeyStore store = PemKeyStore.load(certificate, key);
              tls.reload(factory -> factory.setKeyStore(store));
              seen[0] = now;
              LOG.info("Reloaded the webhook certificate from {}", certificateDirectory);
            }
          } catch (Exception e) {
            LOG.warn(
                "Could not reload the webhook certificate from {}: {}",
                certificateDirectory,
                e.getMessage());
          }
        },
        30,
        30,
        TimeUnit.SECONDS);
    LOG.info("Admission webhook serving https://{}:{}{}", host, made[0].getLocalPort(), PATH);
    return new AdmissionWebhookServer(app, made[0], reloader);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** How many connectors the server listens on: one, the HTTPS one. */
  int connectors() {
    return app.jettyServer().server().getConnectors().length;
  }

  private static FileTime modified(Path certificate, Path key) throws java.io.IOException {
    FileTime a = Files.getLastModifiedTime(certificate);
    FileTime b = Files.getLastModifiedTime(key);
    return a.compareTo(b) >= 0 ? a : b;
  }

  private interface Decider {
    ObjectNode decide(JsonNode request) throws Exception;
  }

  private static void review(Context ctx, Decider decider) {
    String uid = "";
    ObjectNode response;
    try {
      JsonNode request = JSON.readTree(ctx.body()).path("request");
      uid = request.path("uid").asText("");
      response = decider.decide(request);
    } catch (Exception e) {
      LOG.warn("Could not decide an admission request: {}", e.toString());
      response =
          denial(
              "Portolan's admission webhook could not read the request (" + e.getMessage() + ")",
              400);
    }
    response.put("uid", uid);
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.set("response", response);
    ctx.contentType("application/json").result(review.toString());
  }

  private static ActionRecords.Identity user(JsonNode request) {
    JsonNode userInfo = request.path("userInfo");
    List<String> groups = new ArrayList<>();
    userInfo.path("groups").forEach(g -> groups.add(g.asText()));
    return new ActionRecords.Identity(userInfo.path("username").asText(""), groups, null);
  }

  /** A workload's create or update, judged by one scorecard's guardrail. */
  static ObjectNode judge(JsonNode request, String scorecard, GuardrailAdmission guardrails)
      throws Exception {
    String operation = request.path("operation").asText();
    if (!"CREATE".equals(operation) && !"UPDATE".equals(operation)) {
      ObjectNode allowed = JSON.createObjectNode();
      allowed.put("allowed", true);
      return allowed;
    }
    JsonNode userInfo = request.path("userInfo");
    List<String> groups = new ArrayList<>();
    userInfo.path("groups").forEach(g -> groups.add(g.asText()));
    Map<String, List<String>> extra = new java.util.LinkedHashMap<>();
    userInfo
        .path("extra")
        .fields()
        .forEachRemaining(
            e -> {
              List<String> values = new ArrayList<>();
              e.getValue().forEach(v -> values.add(v.asText()));
              extra.put(e.getKey(), values);
            });
    JsonNode old = request.path("oldObject");
    WorkloadRequest workload =
        new WorkloadRequest(
            operation,
            JSON.treeToValue(request.path("object"), GenericKubernetesResource.class),
            old.isObject() ? JSON.treeToValue(old, GenericKubernetesResource.class) : null,
            new Requester(
                userInfo.path("username").asText(""),
                userInfo.path("uid").asText(null),
                groups,
                extra),
            request.path("dryRun").asBoolean(false));
    GuardrailDecision decision = guardrails.judge(scorecard, workload);
    ObjectNode response =
        decision.allowed()
            ? JSON.createObjectNode().put("allowed", true)
            : denial(decision.message(), 403);
    if (!decision.warnings().isEmpty()) {
      ArrayNode warnings = response.putArray("warnings");
      decision.warnings().forEach(warnings::add);
    }
    return response;
  }

  static ObjectNode validate(JsonNode request, ActionAdmission admission) throws Exception {
    String operation = request.path("operation").asText();
    if (!"CREATE".equals(operation) && !"UPDATE".equals(operation)) {
      ObjectNode allowed = JSON.createObjectNode();
      allowed.put("allowed", true);
      return allowed;
    }
    ActionAdmission.Decision decision =
        admission.validate(
            operation,
            JSON.treeToValue(request.path("object"), Action.class),
            "UPDATE".equals(operation)
                ? JSON.treeToValue(request.path("oldObject"), Action.class)
                : null,
            user(request));
    if (!decision.allowed()) {
      return denial(decision.message(), 403);
    }
    ObjectNode allowed = JSON.createObjectNode();
    allowed.put("allowed", true);
    return allowed;
  }

  static ObjectNode decide(JsonNode request, ActionAdmission admission) throws Exception {
    String operation = request.path("operation").asText();
    ActionRecords.Identity user = user(request);
    ActionAdmission.Decision decision;
    JsonNode object = request.path("object");
    switch (operation) {
      case "CREATE" -> decision = admission.create(JSON.treeToValue(object, Action.class), user);
      case "UPDATE" ->
          decision =
              admission.update(
                  JSON.treeToValue(object, Action.class),
                  JSON.treeToValue(request.path("oldObject"), Action.class),
                  user);
      default -> decision = new ActionAdmission.Decision(true, null, Map.of());
    }
    return respond(object, decision);
  }

  static ObjectNode decideWaiver(JsonNode request, WaiverAdmission admission) throws Exception {
    String operation = request.path("operation").asText();
    ActionRecords.Identity user = user(request);
    ActionAdmission.Decision decision;
    JsonNode object = request.path("object");
    switch (operation) {
      case "CREATE" -> decision = admission.create(JSON.treeToValue(object, Waiver.class), user);
      case "UPDATE" ->
          decision =
              admission.update(
                  JSON.treeToValue(object, Waiver.class),
                  JSON.treeToValue(request.path("oldObject"), Waiver.class),
                  user);
      default -> decision = new ActionAdmission.Decision(true, null, Map.of());
    }
    return respond(object, decision);
  }

  static ObjectNode validateWaiver(JsonNode request, WaiverAdmission admission) throws Exception {
    String operation = request.path("operation").asText();
    if (!"CREATE".equals(operation) && !"UPDATE".equals(operation)) {
      return JSON.createObjectNode().put("allowed", true);
    }
    ActionAdmission.Decision decision =
        admission.validate(
            operation,
            JSON.treeToValue(request.path("object"), Waiver.class),
            "UPDATE".equals(operation)
                ? JSON.treeToValue(request.path("oldObject"), Waiver.class)
                : null,
            user(request));
    return decision.allowed()
        ? JSON.createObjectNode().put("allowed", true)
        : denial(decision.message(), 403);
  }

  private static ObjectNode respond(JsonNode object, ActionAdmission.Decision decision) {
    if (!decision.allowed()) {
      return denial(decision.message(), 403);
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("allowed", true);
    if (!decision.annotations().isEmpty()) {
      response.put("patchType", "JSONPatch");
      response.put(
          "patch",
          Base64.getEncoder()
              .encodeToString(
                  patch(object, decision.annotations())
                      .toString()
                      .getBytes(StandardCharsets.UTF_8)));
    }
    return response;
  }

  /** JSON Patch operations that add the annotations, creating the map when the object has none. */
  static ArrayNode patch(JsonNode object, Map<String, String> annotations) {
    ArrayNode operations = JSON.createArrayNode();
    if (!object.path("metadata").path("annotations").isObject()) {
      ObjectNode add = operations.addObject();
      add.put("op", "add");
      add.put("path", "/metadata/annotations");
      ObjectNode value = add.putObject("value");
      annotations.forEach(value::put);
      return operations;
    }
    annotations.forEach(
        (k, v) -> {
          ObjectNode add = operations.addObject();
          add.put("op", "add");
          add.put("path", "/metadata/annotations/" + k.replace("~", "~0").replace("/", "~1"));
          add.put("value", v);
        });
    return operations;
  }

  private static ObjectNode denial(String message, int code) {
    ObjectNode response = JSON.createObjectNode();
    response.put("allowed", false);
    ObjectNode status = response.putObject("status");
    status.put("code", code);
    status.put("message", message);
    return response;
  }

  @Override
  public void close() {
    reloader.shutdownNow();
    app.stop();
  }
}
