package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notifications posted to a local HTTPS receiver that checks what a real one would. */
class WebhookNotifierTest {
  private static final String KEY = "7f3c9a1e0b5d4c2a";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-02T17:00:05Z"), ZoneOffset.UTC);
  private static final Notification NOTIFICATION =
      new Notification(
          new Notification.Ref("platform", "below-silver"),
          "level/6b1f/production-readiness/2026-12-02T16:59:58Z",
          "ScorecardLevelChanged",
          new Notification.Ref("payments", "checkout"),
          Instant.parse("2026-12-02T16:59:58Z"),
          "Service checkout dropped to Bronze");

  private static TestCertificates receiverCertificate;
  private static TestCertificates otherCertificate;
  private static String receiverPem;
  private static String otherPem;
  private static HttpsServer receiver;
  private static ExecutorService receiverThreads;
  private static final ConcurrentLinkedQueue<Answer> planned = new ConcurrentLinkedQueue<>();
  private static final List<Received> received = new CopyOnWriteArrayList<>();

  private final List<Duration> waits = new ArrayList<>();
  private final WebhookNotifier notifier =
      new WebhookNotifier(
          CLOCK,
          new WebhookNotifier.Settings(
              Duration.ofSeconds(5),
              Duration.ofSeconds(5),
              3,
              Duration.ofSeconds(1),
              Duration.ofSeconds(10)),
          waits::add);

  record Answer(int status, String body, Map<String, String> headers, Duration delay) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of(), Duration.ZERO);
    }
  }

  record Received(String method, String query, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    /**
     * What a receiver does: recompute the HMAC of the bytes it got and compare in constant time.
     */
    boolean signedWith(String key) throws Exception {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
      String given = header("X-Portolan-Signature");
      return given != null
          && MessageDigest.isEqual(
              expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
  }

  @BeforeAll
  static void startReceiver() throws Exception {
    receiverCertificate = TestCertificates.selfSigned("receiver");
    otherCertificate = TestCertificates.selfSigned("someone-else");
    receiverPem = receiverCertificate.pem();
    otherPem = otherCertificate.pem();
    receiver = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setHttpsConfigurator(new HttpsConfigurator(receiverCertificate.serverContext()));
    receiverThreads = Executors.newFixedThreadPool(4);
    receiver.setExecutor(receiverThreads);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawQuery(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          Answer answer = planned.poll();
          if (answer == null) {
            answer = Answer.of(200, "ok");
          }
          try {
            Thread.sleep(answer.delay().toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          } catch (java.io.IOException e) {
            // the client stopped reading: that is what a bounded excerpt does
          }
        });
    receiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
    receiverThreads.shutdownNow();
  }

  @BeforeEach
  void clear() {
    planned.clear();
    received.clear();
  }

  @Test
  void aSignedJsonNotificationReachesTheReceiverWhichVerifiesIt() throws Exception {
    WebhookTarget target = target(url("/hook?token=s3cr3t-token"), KEY, receiverPem);

    DeliveryResult result = notifier.deliver(target, NOTIFICATION, NotificationFormat.JSON);

    assertThat(result.delivered()).isTrue();
    assertThat(result.reason()).isEqualTo("Delivered");
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.message()).doesNotContain("s3cr3t-token").doesNotContain("/hook");
    assertThat(received).hasSize(1);
    Received got = received.get(0);
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.query()).isEqualTo("token=s3cr3t-token");
    assertThat(got.signedWith(KEY)).isTrue();
    assertThat(got.signedWith("another-key")).isFalse();
    assertThat(got.header("X-Portolan-Delivery"))
        .isEqualTo("level/6b1f/production-readiness/2026-12-02T16:59:58Z");
    assertThat(got.header("X-Portolan-Timestamp")).isEqualTo("2026-12-02T17:00:05Z");
    assertThat(got.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    JsonNode body = new ObjectMapper().readTree(got.body());
    assertThat(body.path("automation").path("namespace").asText()).isEqualTo("platform");
    assertThat(body.path("automation").path("name").asText()).isEqualTo("below-silver");
    assertThat(body.path("occurrence").asText()).isEqualTo(NOTIFICATION.occurrence());
    assertThat(body.path("trigger").asText()).isEqualTo("ScorecardLevelChanged");
    assertThat(body.path("entity").path("name").asText()).isEqualTo("checkout");
    assertThat(body.path("time").asText()).isEqualTo("2026-12-02T16:59:58Z");
    assertThat(body.path("message").asText()).isEqualTo("Service checkout dropped to Bronze");
  }

  @Test
  void withoutAnHmacKeyTheBodyGoesUnsigned() {
    WebhookTarget target = target(url("/hook"), null, receiverPem);

    assertThat(notifier.deliver(target, NOTIFICATION, NotificationFormat.SLACK).delivered())
        .isTrue();
    assertThat(received.get(0).header("X-Portolan-Signature")).isNull();
    assertThat(new String(received.get(0).body(), StandardCharsets.UTF_8))
        .startsWith("{\"text\":\"Service checkout dropped to Bronze\",\"blocks\":[");
  }

  @Test
  void a503IsRetriedWithBackoffAndTheSameSignedBodyUntilItSucceeds() throws Exception {
    planned.add(Answer.of(503, "busy"));
    planned.add(Answer.of(503, "still busy"));
    planned.add(Answer.of(204, ""));

    DeliveryResult result =
        notifier.deliver(
            target(url("/hook"), KEY, receiverPem), NOTIFICATION, NotificationFormat.JSON);

    assertThat(result.delivered()).isTrue();
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(result.status()).isEqualTo(204);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(received).hasSize(3);
    for (Received got : received) {
      assertThat(got.signedWith(KEY)).isTrue();
      assertThat(got.body()).isEqualTo(received.get(0).body());
      assertThat(got.header("X-Portolan-Delivery")).isEqualTo(NOTIFICATION.occurrence());
    }
  }

  @Test
  void a429WaitsAsLongAsRetryAfterAsksUpToTheCap() {
    planned.add(new Answer(429, "slow down", Map.of("Retry-After", "3"), Duration.ZERO));
    planned.add(new Answer(429, "slower", Map.of("Retry-After", "3600"), Duration.ZERO));

    DeliveryResult result =
        notifier.deliver(
            target(url("/hook"), KEY, receiverPem), NOTIFICATION, NotificationFormat.JSON);

    assertThat(result.delivered()).isTrue();
    assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(10));
  }

  @Test
  void aReceiverThatKeepsFailingIsGivenUpAfterTheLastRetry() {
    for (int i = 0; i < 10; i++) {
      planned.add(Answer.of(500, "boom"));
    }

    DeliveryResult result =
        notifier.deliver(
            target(url("/hook"), KEY, receiverPem), NOTIFICATION, NotificationFormat.JSON);

    assertThat(result.delivered()).isFalse();
    assertThat(result.reason()).isEqualTo("ReceiverFailed");
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(result.status()).isEqualTo(500);
    assertThat(result.message())
        .isEqualTo("https://127.0.0.1:" + port() + " answered 500: boom (4 attempts)");
    assertThat(waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(received).hasSize(4);
  }

  @Test
  void a400FailsAtOnceWithTheStatusAndABoundedExcerpt() {
    planned.add(Answer.of(400, "{\"error\":\"unknown field\n occurrence\"}" + "x".repeat(10_000)));

    DeliveryResult result =
        notifier.deliver(
            target(url("/hook?token=s3cr3t-token"), KEY, receiverPem),
            NOTIFICATION,
            NotificationFormat.JSON);

    assertThat(result.delivered()).isFalse();
    assertThat(result.reason()).isEqualTo("Refused");
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(received).hasSize(1);
    assertThat(waits).isEmpty();
    assertThat(result.message())
        .startsWith(
            "https://127.0.0.1:"
                + port()
                + " answered 400: {\"error\":\"unknown field occurrence\"}x")
        .endsWith("x…")
        .hasSizeLessThan(260);
  }

  @Test
  void aRedirectIsNotFollowed() {
    planned.add(new Answer(302, "", Map.of("Location", url("/elsewhere")), Duration.ZERO));

    DeliveryResult result =
        notifier.deliver(
            target(url("/hook"), KEY, receiverPem), NOTIFICATION, NotificationFormat.JSON);

    assertThat(result.reason()).isEqualTo("Redirected");
    assertThat(result.status()).isEqualTo(302);
    assertThat(result.message()).contains("redirects are not followed");
    assertThat(received).hasSize(1);
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedBeforeAnyBodyIsSent() {
    DeliveryResult wrongBundle =
        notifier.deliver(
            target(url("/hook"), KEY, otherPem), NOTIFICATION, NotificationFormat.JSON);
    DeliveryResult systemTrust =
        notifier.deliver(target(url("/hook"), KEY, null), NOTIFICATION, NotificationFormat.JSON);

    assertThat(wrongBundle.delivered()).isFalse();
    assertThat(wrongBundle.reason()).isEqualTo("TlsFailed");
    assertThat(wrongBundle.attempts()).isEqualTo(1);
    assertThat(wrongBundle.message())
        .startsWith("TLS with https://127.0.0.1:" + port() + " failed: ")
        .endsWith("a CA in the Secret's caBundle and name the host");
    assertThat(systemTrust.reason()).isEqualTo("TlsFailed");
    assertThat(systemTrust.message()).contains("a CA the system trusts");
    assertThat(received).isEmpty();
    assertThat(waits).isEmpty();
  }

  @Test
  void aReceiverThatIsNotListeningIsRetriedThenReportedUnreachable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    WebhookTarget target =
        target("https://127.0.0.1:" + closed + "/hook?token=s3cr3t-token", KEY, null);

    DeliveryResult result = notifier.deliver(target, NOTIFICATION, NotificationFormat.JSON);

    assertThat(result.reason()).isEqualTo("Unreachable");
    assertThat(result.status()).isZero();
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(result.message())
        .startsWith("https://127.0.0.1:" + closed + " refused the connection")
        .doesNotContain("s3cr3t-token");
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeTimesOut() {
    planned.add(new Answer(200, "late", Map.of(), Duration.ofSeconds(3)));
    WebhookNotifier impatient =
        new WebhookNotifier(
            CLOCK,
            new WebhookNotifier.Settings(
                Duration.ofSeconds(1),
                Duration.ofMillis(300),
                0,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10)),
            waits::add);

    DeliveryResult result =
        impatient.deliver(
            target(url("/hook"), KEY, receiverPem), NOTIFICATION, NotificationFormat.JSON);

    assertThat(result.reason()).isEqualTo("Unreachable");
    assertThat(result.message()).contains("timed out");
    assertThat(result.attempts()).isEqualTo(1);
  }

  private static WebhookTarget target(String url, String hmacKey, String caBundle) {
    SecretBuilder secret =
        new SecretBuilder().withNewMetadata().withName("team-hook").endMetadata();
    secret.addToData("url", base64(url));
    if (hmacKey != null) {
      secret.addToData("hmacKey", base64(hmacKey));
    }
    if (caBundle != null) {
      secret.addToData("caBundle", base64(caBundle));
    }
    Secret built = secret.build();
    WebhookTarget.Loaded loaded = WebhookTarget.fromSecret("team-hook", built);
    assertThat(loaded.problems()).isEmpty();
    return loaded.target().orElseThrow();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int port() {
    return receiver.getAddress().getPort();
  }

  private static String url(String pathAndQuery) {
    return "https://127.0.0.1:" + port() + pathAndQuery;
  }
}
