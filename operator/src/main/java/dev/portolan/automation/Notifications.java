package dev.portolan.automation;

/**
 * The seam for the {@code notify} effect: delivers one notification to the webhook a Secret names.
 * The composition root wires the webhook notifier; until then {@link #NOT_WIRED} makes every
 * automation with a notify effect report, on {@code spec.effects.notify}, that notifications are
 * not available in this build, and each occurrence's notification counts as Failed.
 */
public interface Notifications {
  Notifications NOT_WIRED =
      new Notifications() {
        @Override
        public boolean wired() {
          return false;
        }

        @Override
        public Delivery send(Notification notification) {
          return Delivery.failed("NotWired", "notifications are not wired in this build");
        }
      };

  /**
   * One notification.
   *
   * @param namespace the automation's namespace, where the Secret is
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
  record Notification(
      String namespace,
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

  boolean wired();

  /**
   * Delivers the notification.
   *
   * @throws RuntimeException for a failure worth a retry (the engine's queue tries again later)
   */
  Delivery send(Notification notification);
}
