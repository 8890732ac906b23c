package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Notification notification(Notification.Ref entity, String message) {
    return new Notification(
        new Notification.Ref("platform", "nightly-report"),
        "schedule/9a2e/2026-12-02T08:00:00Z",
        "Schedule",
        entity,
        Instant.parse("2026-12-02T08:00:00.123Z"),
        message);
  }

  @Test
  void theJsonBodyIsTheDocumentedObject() throws Exception {
    byte[] body =
        NotificationBodies.write(
            NotificationFormat.JSON, notification(null, "Nightly report is ready"));

    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"automation\":{\"namespace\":\"platform\",\"name\":\"nightly-report\"},"
                + "\"occurrence\":\"schedule/9a2e/2026-12-02T08:00:00Z\",\"trigger\":\"Schedule\","
                + "\"entity\":null,\"time\":\"2026-12-02T08:00:00Z\","
                + "\"message\":\"Nightly report is ready\"}");
  }

  @Test
  void theSlackBodyHasTextASectionAndAContextWithSlacksEscapes() throws Exception {
    JsonNode body =
        JSON.readTree(
            NotificationBodies.write(
                NotificationFormat.SLACK,
                notification(
                    new Notification.Ref("payments", "checkout"), "latency > 2s & <!channel>")));

    assertThat(body.path("text").asText()).isEqualTo("latency &gt; 2s &amp; &lt;!channel&gt;");
    assertThat(body.path("blocks")).hasSize(2);
    JsonNode section = body.path("blocks").get(0);
    assertThat(section.path("type").asText()).isEqualTo("section");
    assertThat(section.path("text").path("type").asText()).isEqualTo("mrkdwn");
    assertThat(section.path("text").path("text").asText())
        .isEqualTo("latency &gt; 2s &amp; &lt;!channel&gt;");
    JsonNode context = body.path("blocks").get(1);
    assertThat(context.path("type").asText()).isEqualTo("context");
    assertThat(context.path("elements").get(0).path("text").asText())
        .isEqualTo(
            "Automation platform/nightly-report · Schedule · payments/checkout ·"
                + " 2026-12-02T08:00:00Z");
  }

  @Test
  void aLongSlackMessageIsCutToSlacksSectionLimitWithoutBreakingAnEscape() throws Exception {
    String message = "a".repeat(2996) + "&&&&&&";
    JsonNode body =
        JSON.readTree(
            NotificationBodies.write(NotificationFormat.SLACK, notification(null, message)));

    String section = body.path("blocks").get(0).path("text").path("text").asText();
    assertThat(section).hasSizeLessThanOrEqualTo(NotificationBodies.SLACK_SECTION_LIMIT);
    assertThat(section).endsWith("a…");
    assertThat(body.path("text").asText()).hasSize(2996 + 6 * 5);
  }

  @Test
  void anEmptySlackMessageStillSaysSomething() throws Exception {
    JsonNode body =
        JSON.readTree(NotificationBodies.write(NotificationFormat.SLACK, notification(null, "")));
    assertThat(body.path("text").asText()).isEqualTo("(no message)");
  }

  @Test
  void theSpecNamesTheFormats() {
    assertThat(NotificationFormat.of("JSON")).contains(NotificationFormat.JSON);
    assertThat(NotificationFormat.of("Slack")).contains(NotificationFormat.SLACK);
    assertThat(NotificationFormat.of(null)).contains(NotificationFormat.JSON);
    assertThat(NotificationFormat.of("slack")).isEmpty();
  }
}
