package dev.portolan.kit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Kubernetes Events whose name the caller derives from what they report, so that a retry or
 * a second replica finds the Event made (409) and makes no other. The message is cut to 1,024
 * characters; a refusal is logged, never thrown: the statuses hold the same facts.
 */
public final class NamedEvents {
  private static final Logger LOG = LoggerFactory.getLogger(NamedEvents.class);

  /** What became of one Event. */
  public enum Result {
    CREATED,
    EXISTED,
    FAILED
  }

  private final KubernetesClient client;
  private final Clock clock;
  private final String component;

  /**
   * @param component the reporting component the Events name
   */
  public NamedEvents(KubernetesClient client, Clock clock, String component) {
    this.client = client;
    this.clock = clock;
    this.component = component;
  }

  /** Records an Event named {@code eventName} on {@code object}, in the object's namespace. */
  public Result create(
      HasMetadata object, String eventName, boolean warning, String reason, String message) {
    String now = Timestamps.now(clock);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(eventName)
            .withNamespace(object.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(object.getApiVersion())
            .withKind(object.getKind())
            .withName(object.getMetadata().getName())
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
            .withNewSource(component, null)
            .withReportingComponent(component)
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(object.getMetadata().getNamespace())
          .resource(event)
          .create();
      return Result.CREATED;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Result.EXISTED;
      }
      LOG.warn(
          "Could not record event {} on {} {}/{}: {}",
          reason,
          object.getKind(),
          object.getMetadata().getNamespace(),
          object.getMetadata().getName(),
          e.getMessage());
      return Result.FAILED;
    }
  }
}
