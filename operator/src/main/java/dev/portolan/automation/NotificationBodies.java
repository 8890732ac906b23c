package dev.portolan.automation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.temporal.ChronoUnit;

/**
 * Writes a {@link Notification} as the bytes a receiver gets. The signature is computed over
 * exactly these bytes, so they are made once per notification and sent unchanged on every retry.
 *
 * <p>{@link NotificationFormat#JSON}:
 *
 * <pre>{@code
 * {"automation": {"namespace": "platform", "name": "below-silver"},
 *  "occurrence": "level/3f1c.../production-readiness/2026-12-02T09:00:00Z",
 *  "trigger": "ScorecardLevelChanged",
 *  "entity": {"namespace": "payments", "name": "checkout"},   (null for a schedule)
 *  "time": "2026-12-02T09:00:00Z",
 *  "message": "Service checkout dropped to Bronze"}
 * }</pre>
 *
 * <p>{@link NotificationFormat#SLACK}: {@code text} (the message, also Slack's fallback for
 * notifications), a {@code section} block with the message and a {@code context} block naming the
 * automation, the trigger, the entity and the time; {@code &}, {@code <} and {@code >} escaped as
 * Slack asks, the section cut to Slack's 3,000 characters.
 */
public final class NotificationBodies {
  static final int SLACK_SECTION_LIMIT = 3000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private NotificationBodies() {}

  public static byte[] write(NotificationFormat format, Notification notification) {
    ObjectNode body = format == NotificationFormat.SLACK ? slack(notification) : json(notification);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always writes", e);
    }
  }

  private static ObjectNode json(Notification notification) {
    ObjectNode body = JSON.createObjectNode();
    body.set("automation", ref(notification.automation()));
    body.put("occurrence", notification.occurrence());
    body.put("trigger", notification.trigger());
    if (notification.entity() == null) {
      body.putNull("entity");
    } else {
      body.set("entity", ref(notification.entity()));
    }
    body.put("time", time(notification));
    body.put("message", notification.message());
    return body;
  }

  private static ObjectNode slack(Notification notification) {
    String message = notification.message().isEmpty() ? "(no message)" : notification.message();
    ObjectNode body = JSON.createObjectNode();
    body.put("text", escape(message));
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode section = blocks.addObject().put("type", "section");
    section
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", cut(escape(message), SLACK_SECTION_LIMIT));
    String context =
        "Automation "
            + notification.automation()
            + " · "
            + notification.trigger()
            + (notification.entity() == null ? "" : " · " + notification.entity())
            + " · "
            + time(notification);
    ObjectNode contextBlock = blocks.addObject().put("type", "context");
    contextBlock
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", cut(escape(context), SLACK_SECTION_LIMIT));
    return body;
  }

  private static ObjectNode ref(Notification.Ref ref) {
    ObjectNode node = JSON.createObjectNode();
    node.put("namespace", ref.namespace());
    node.put("name", ref.name());
    return node;
  }

  private static String time(Notification notification) {
    return notification.time().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Slack's mrkdwn reads these three as markup; everything else is text. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String text, int limit) {
    if (text.length() <= limit) {
      return text;
    }
    int end = limit - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    // Never cut an escape such as &amp; in half.
    int amp = text.lastIndexOf('&', end - 1);
    if (amp >= 0 && amp > end - 5 && text.indexOf(';', amp) >= end) {
      end = amp;
    }
    return text.substring(0, end) + "…";
  }
}
