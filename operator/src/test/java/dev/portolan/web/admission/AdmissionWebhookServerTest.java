package dev.portolan.web.admission;

import dev.portolan.action.ActionRecords;
import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.action.ActionAdmission;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.model.ActionDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook over real HTTPS, as the API server calls it: an AdmissionReview in, an
 * AdmissionReview out, with the JSON patch that records the requester or the refusal kubectl prints.
 */
class AdmissionWebhookServerTest {
  @TempDir Path certificates;
  private AdmissionWebhookServer server;
  private HttpClient http;

  private static final ActionDefinition DEFINITION = Serialization.unmarshal("""
      apiVersion: portolan.dev/v1alpha1
      kind: ActionDefinition
      metadata: {name: restart-service, generation: 1, uid: d1}
      spec:
        title: Restart
        blueprint: service
        operation: Day2
        approval: {required: true, approvers: {groups: [platform-leads]}}
        job: {template: {spec: {containers: [{name: run, image: busybox}]}}}
      """, ActionDefinition.class);

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    Instant now = Instant.now();
    var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=portolan-webhook"), BigInteger.ONE,
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
        new X500Name("CN=portolan-webhook"), keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    Files.writeString(certificates.resolve("tls.crt"), pem(certificate));
    Files.writeString(certificates.resolve("tls.key"), pem(keys.getPrivate()));

    ActionAdmission admission = new ActionAdmission(name -> "restart-service".equals(name)
        ? Optional.of(DEFINITION) : Optional.empty(), new ActionDefinitionCompiler(new dev.portolan.cel.CelEngine()),
        Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));
    server = AdmissionWebhookServer.start("127.0.0.1", 0, certificates, admission);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("webhook", certificate);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trustManagers.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(tls).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private JsonNode review(String request) throws Exception {
    return send(AdmissionWebhookServer.PATH, request);
  }

  private JsonNode validate(String request) throws Exception {
    return send(AdmissionWebhookServer.VALIDATE_PATH, request);
  }

  /** An AdmissionReview as the API server posts it; its response. */
  private JsonNode send(String path, String request) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
            + "\"request\":" + request + "}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode review = Serialization.jsonMapper().readTree(response.body());
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    return review.path("response");
  }

  private static String action(String annotations) {
    return "{\"apiVersion\":\"portolan.dev/v1alpha1\",\"kind\":\"Action\",\"metadata\":{\"name\":\"run-1\","
        + "\"namespace\":\"team-a\"" + annotations + "},\"spec\":{\"definition\":\"restart-service\",\"entity\":\"api\"}}";
  }

  @Test
  void aCreateIsAdmittedWithAPatchThatRecordsTheAuthenticatedRequester() throws Exception {
    JsonNode response = review("{\"uid\":\"u-1\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"alice\","
        + "\"groups\":[\"developers\",\"system:authenticated\"]},\"object\":" + action("") + "}");
    assertThat(response.path("uid").asText()).isEqualTo("u-1");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch = Serialization.jsonMapper().readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    assertThat(patch.toString()).isEqualTo("[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":"
        + "{\"portolan.dev/requested-by\":\"{\\\"username\\\":\\\"alice\\\",\\\"groups\\\":[\\\"developers\\\","
        + "\\\"system:authenticated\\\"]}\"}}]");
  }

  @Test
  void aCreateThatForgesTheRequesterIsDeniedWithAMessageNamingTheAnnotation() throws Exception {
    JsonNode response = review("{\"uid\":\"u-2\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"mallory\"},"
        + "\"object\":" + action(",\"annotations\":{\"portolan.dev/requested-by\":\"{\\\"username\\\":\\\"admin\\\"}\"}")
        + "}");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(response.path("status").path("message").asText()).isEqualTo("metadata.annotations[portolan.dev/requested-by]"
        + " is recorded by Portolan's admission from the API server's authentication and cannot be set by hand;"
        + " remove it");
  }

  @Test
  void anApprovalByAnApproverAddsTheDeciderToTheExistingAnnotations() throws Exception {
    String requested = "\"portolan.dev/requested-by\":\"{\\\"username\\\":\\\"alice\\\",\\\"groups\\\":[]}\"";
    JsonNode response = review("{\"uid\":\"u-3\",\"operation\":\"UPDATE\",\"userInfo\":{\"username\":\"bob\","
        + "\"groups\":[\"platform-leads\"]},\"object\":" + action(",\"annotations\":{" + requested
        + ",\"portolan.dev/approval\":\"approved\"}") + ",\"oldObject\":" + action(",\"annotations\":{" + requested + "}")
        + "}");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    JsonNode patch = Serialization.jsonMapper().readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    assertThat(patch.get(0).path("path").asText()).isEqualTo("/metadata/annotations/portolan.dev~1decided-by");
    assertThat(Serialization.jsonMapper().readTree(patch.get(0).path("value").asText()))
        .isEqualTo(Serialization.jsonMapper().readTree(
            "{\"username\":\"bob\",\"groups\":[\"platform-leads\"],\"time\":\"2026-11-29T10:00:00Z\"}"));
  }

  @Test
  void theValidatingWebhookAcceptsOnlyRecordsThatNameTheRequestsOwnUser() throws Exception {
    String alice = ",\"annotations\":{\"portolan.dev/requested-by\":\"{\\\"username\\\":\\\"alice\\\",\\\"groups\\\":[\\\"developers\\\"]}\"}";
    assertThat(validate("{\"uid\":\"v-1\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"alice\","
        + "\"groups\":[\"developers\"]},\"object\":" + action(alice) + "}").path("allowed").asBoolean()).isTrue();
    JsonNode altered = validate("{\"uid\":\"v-2\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"mallory\","
        + "\"groups\":[\"developers\"]},\"object\":" + action(alice) + "}");
    assertThat(altered.path("allowed").asBoolean()).as("a later mutation put another name in").isFalse();
    assertThat(altered.path("status").path("message").asText()).contains("does not name the user who creates");
  }

  @Test
  void aRequestItCannotReadIsDeniedSoActionsFailClosed() throws Exception {
    JsonNode response = review("{\"uid\":\"u-4\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"alice\"},"
        + "\"object\":{\"spec\":[1,2]}}");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText()).startsWith("Portolan's admission webhook could not read");
  }

  @Test
  void itServesOnlyHttps() {
    assertThat(server.connectors()).as("no plain HTTP connector beside the HTTPS one").isEqualTo(1);
    HttpClient plain = HttpClient.newHttpClient();
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
      HttpResponse<String> answer = plain.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(answer.statusCode()).isNotEqualTo(200);
      throw new java.io.IOException("answered plain HTTP with " + answer.statusCode());
    }).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void theAdmissionDecisionsCoverEveryRecordRule() {
    ActionAdmission admission = new ActionAdmission(name -> Optional.of(DEFINITION),
        new ActionDefinitionCompiler(new dev.portolan.cel.CelEngine()), Clock.systemUTC());
    var alice = new ActionRecords.Identity("alice", java.util.List.of("developers"), null);
    var bob = new ActionRecords.Identity("bob", java.util.List.of("platform-leads"), null);
    var action = Serialization.unmarshal(action(",\"annotations\":{\"portolan.dev/requested-by\":"
        + "\"{\\\"username\\\":\\\"alice\\\"}\"}"), dev.portolan.model.Action.class);
    var approved = Serialization.clone(action);
    approved.getMetadata().getAnnotations().put(ActionRecords.APPROVAL, "approved");
    var decided = Serialization.clone(approved);
    decided.getMetadata().getAnnotations().putAll(admission.update(approved, action, bob).annotations());

    var changedRequester = Serialization.clone(action);
    changedRequester.getMetadata().getAnnotations().put(ActionRecords.REQUESTED_BY, "{\"username\":\"bob\"}");
    assertThat(admission.update(changedRequester, action, alice).message()).isEqualTo(
        "metadata.annotations[portolan.dev/requested-by] is recorded by Portolan's admission and cannot be changed;"
            + " leave it as it is");
    var withoutRecord = Serialization.clone(action);
    withoutRecord.getMetadata().getAnnotations().remove(ActionRecords.REQUESTED_BY);
    assertThat(admission.update(withoutRecord, action, alice).annotations())
        .as("a record a server-side apply leaves out is put back, not lost")
        .containsEntry(ActionRecords.REQUESTED_BY, "{\"username\":\"alice\"}");
    var rejectedAfter = Serialization.clone(decided);
    rejectedAfter.getMetadata().getAnnotations().put(ActionRecords.APPROVAL, "rejected");
    assertThat(admission.update(rejectedAfter, decided, bob).message()).isEqualTo(
        "metadata.annotations[portolan.dev/approval]: this Action was already approved by bob; a decision is final");
    var maybe = Serialization.clone(action);
    maybe.getMetadata().getAnnotations().put(ActionRecords.APPROVAL, "maybe");
    assertThat(admission.update(maybe, action, bob).message()).isEqualTo(
        "metadata.annotations[portolan.dev/approval]: must be approved or rejected, not 'maybe'");
    var createdApproved = Serialization.clone(approved);
    createdApproved.getMetadata().getAnnotations().remove(ActionRecords.REQUESTED_BY);
    assertThat(admission.create(createdApproved, alice).allowed()).isFalse();
    assertThat(admission.update(decided, decided, alice).allowed()).as("an unrelated edit").isTrue();
    assertThat(admission.update(decided, decided, alice).annotations()).isEqualTo(Map.of());
  }
}
