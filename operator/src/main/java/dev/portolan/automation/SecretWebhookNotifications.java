package dev.portolan.automation;

import dev.portolan.kit.ApiErrors;
import dev.portolan.kit.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The {@code notify} effect's {@link Notifications}: reads the Secret that names the receiver as
 * the automation's ServiceAccount (so RBAC decides which Secrets an automation may use, and the
 * operator itself reads none), then delivers the signed body through {@link WebhookNotifier}. The
 * Secret is read at each delivery, so a rotated key or URL applies to the next occurrence.
 */
public final class SecretWebhookNotifications implements Notifications {
  private final BiFunction<String, String, KubernetesClient> asServiceAccount;
  private final WebhookNotifier notifier;

  /**
   * @param asServiceAccount the client acting as a ServiceAccount, by namespace and name
   */
  public SecretWebhookNotifications(
      BiFunction<String, String, KubernetesClient> asServiceAccount, WebhookNotifier notifier) {
    this.asServiceAccount = asServiceAccount;
    this.notifier = notifier;
  }

  /**
   * @throws KubernetesClientException when the API server did not answer the Secret's read (tried
   *     again by the engine's queue)
   */
  @Override
  public Delivery send(Request notification) {
    Secret secret;
    try {
      secret =
          asServiceAccount
              .apply(notification.namespace(), notification.serviceAccount())
              .secrets()
              .inNamespace(notification.namespace())
              .withName(notification.secretName())
              .get();
    } catch (KubernetesClientException e) {
      if (ApiErrors.isTransient(e)) {
        throw e;
      }
      return Delivery.failed(
          ImpersonatingRunStarter.reason(e.getCode()),
          "reading Secret "
              + notification.secretName()
              + " as ServiceAccount "
              + notification.serviceAccount()
              + ": "
              + ApiErrors.message(e));
    }
    WebhookTarget.Loaded target = WebhookTarget.fromSecret(notification.secretName(), secret);
    if (target.target().isEmpty()) {
      return Delivery.failed(
          WebhookTarget.INVALID_SECRET,
          target.problems().stream().map(Problem::message).collect(Collectors.joining("; ")));
    }
    NotificationFormat format =
        NotificationFormat.of(notification.format()).orElse(NotificationFormat.JSON);
    DeliveryResult result =
        notifier.deliver(
            target.target().get(),
            new Notification(
                new Notification.Ref(notification.namespace(), notification.automation()),
                notification.occurrence(),
                notification.trigger(),
                ref(notification.entity()),
                Instant.parse(notification.time()),
                notification.message()),
            format);
    return result.delivered() ? Delivery.ok() : Delivery.failed(result.reason(), result.message());
  }

  private static Notification.Ref ref(String entity) {
    if (entity == null) {
      return null;
    }
    int slash = entity.indexOf('/');
    return new Notification.Ref(entity.substring(0, slash), entity.substring(slash + 1));
  }
}
