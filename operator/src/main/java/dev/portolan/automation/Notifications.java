package dev.portolan.automation;

/**
 * What the engine asks of the {@code notify} effect: deliver one notification to the webhook a
 * Secret names ({@link SecretWebhookNotifications}; a test may give a recording one).
 */
public interface Notifications {

  /**
   * One notification.
   *
   * @param namespace the automation's namespace, where the Secret is
   * @param serviceAccount the automation's ServiceAccount, as which the Secret is read
   * @param secretName the Secret with the keys url and (optional) hmacKey
   * @param format JSON or Slack
   * @param message the evaluated message
   * @param occurrence the occurrence id (the X-Portolan-Delivery header: the receiver's idempotency
   *     key)
   * @param automation the automation's name
   * @param trigger the trigger's kind (status.trigger)
   * @param entity the triggering entity as namespace/name, or null
   * @param time the occurrence's instant (RFC 3339)
   * @param run the Action the occurrence started, or null
   */
  record Request(
      String namespace,
      String serviceAccount,
      String secretName,
      String format,
      String message,
      String occurrence,
      String automation,
      String trigger,
      String entity,
      String time,
      String run) {}

  /** The outcome of one delivery: delivered, or refused with a reason and a message. */
  record Delivery(boolean delivered, String reason, String message) {
    public static Delivery ok() {
      return new Delivery(true, null, null);
    }

    public static Delivery failed(String reason, String message) {
      return new Delivery(false, reason, message);
    }
  }

  /**
   * Delivers the notification.
   *
   * @throws RuntimeException for a failure worth a retry (the engine's queue tries again later)
   */
  Delivery send(Request request);
}
