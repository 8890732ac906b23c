package dev.portolan.automation;

import dev.portolan.kit.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Events of automations: the {@code event} effect on the triggering entity, and a Warning on
 * the automation when an occurrence fails. Each Event's name comes from the automation and the
 * occurrence, so a retry or a second delivery finds it made (409) and makes no other.
 */
public class AutomationEvents {
  private static final Logger LOG = LoggerFactory.getLogger(AutomationEvents.class);
  private static final String COMPONENT = "portolan-automations";

  private final KubernetesClient client;
  private final Clock clock;

  public AutomationEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Records an Event on {@code object} for one occurrence of one automation, once.
   *
   * @return false when the API server refused it for another reason than that it exists
   */
  public boolean record(
      HasMetadata object,
      String automationKey,
      String occurrenceId,
      boolean warning,
      String reason,
      String message) {
    String name = object.getMetadata().getName();
    String suffix = "." + RunNames.hash(automationKey + "|" + occurrenceId + "|" + reason);
    String head =
        name.length() > 253 - suffix.length() ? name.substring(0, 253 - suffix.length()) : name;
    String now = Timestamps.now(clock);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(head + suffix)
            .withNamespace(object.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(object.getApiVersion())
            .withKind(object.getKind())
            .withName(name)
            .withNamespace(object.getMetadata().getNamespace())
            .withUid(object.getMetadata().getUid())
            .withResourceVersion(object.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType(warning ? "Warning" : "Normal")
            .withReason(reason)
            .withMessage(
                message == null
                    ? ""
                    : message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(object.getMetadata().getNamespace())
          .resource(event)
          .create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return true;
      }
      LOG.warn(
          "Could not record event {} on {} {}/{}: {}",
          reason,
          object.getKind(),
          object.getMetadata().getNamespace(),
          name,
          e.getMessage());
      return false;
    }
  }
}
