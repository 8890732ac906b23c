package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The notify effect as the engine calls it: the Secret read, then the signed body delivered. */
@EnableKubernetesMockClient(crud = true)
class SecretWebhookNotificationsTest {
  KubernetesClient client;

  private HttpsServer receiver;
  private String ca;
  private final List<Map.Entry<String, String>> received = new CopyOnWriteArrayList<>();
  private final List<String> readAs = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws Exception {
    TestCertificates certificate = TestCertificates.selfSigned("127.0.0.1");
    ca = certificate.pem();
    receiver = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          received.add(
              Map.entry(
                  exchange.getRequestHeaders().getFirst("X-Portolan-Signature")
                      + " "
                      + exchange.getRequestHeaders().getFirst("X-Portolan-Delivery"),
                  new String(body, StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private SecretWebhookNotifications notifications() {
    return new SecretWebhookNotifications(
        (namespace, serviceAccount) -> {
          readAs.add(namespace + "/" + serviceAccount);
          return client;
        },
        new WebhookNotifier(Clock.systemUTC()));
  }

  private static Notifications.Request request(String secret) {
    return new Notifications.Request(
        "platform",
        "notifier",
        secret,
        "JSON",
        "checkout dropped to Bronze",
        "level/uid-1/readiness/2026-12-02T17:00:00Z",
        "below-silver",
        "ScorecardLevelChanged",
        "payments/checkout",
        "2026-12-02T17:00:00Z",
        null);
  }

  @Test
  void readsTheSecretAsTheAutomationsServiceAccountAndDeliversTheSignedBody() throws Exception {
    String url = "https://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("team-hook")
                .withNamespace("platform")
                .endMetadata()
                .withStringData(Map.of("url", url, "hmacKey", "s3cret", "caBundle", ca))
                .build())
        .create();

    Notifications.Delivery delivery = notifications().send(request("team-hook"));

    assertThat(delivery.delivered()).as(String.valueOf(delivery.message())).isTrue();
    assertThat(readAs).containsExactly("platform/notifier");
    assertThat(received).hasSize(1);
    String body = received.get(0).getValue();
    assertThat(body).contains("checkout dropped to Bronze", "payments", "below-silver");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature =
        "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(received.get(0).getKey())
        .isEqualTo(signature + " level/uid-1/readiness/2026-12-02T17:00:00Z");
  }

  @Test
  void aMissingSecretFailsTheDeliveryNamingTheSecretAndTheKey() {
    Notifications.Delivery delivery = notifications().send(request("absent"));

    assertThat(delivery.delivered()).isFalse();
    assertThat(delivery.reason()).isEqualTo(WebhookTarget.INVALID_SECRET);
    assertThat(delivery.message()).contains("Secret 'absent' does not exist", "'url'");
    assertThat(received).isEmpty();
  }

  @Test
  void aScheduleWithABadFieldIsRefusedNamingIt() {
    CronSchedules schedules = new CronSchedules();
    assertThat(
            schedules.next(
                "0 9 * * 1", "Europe/Berlin", java.time.Instant.parse("2026-12-02T00:00:00Z")))
        .isEqualTo(java.time.Instant.parse("2026-12-07T08:00:00Z"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> schedules.next("0 25 * * *", null, java.time.Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.trigger.schedule.cron");
  }
}
