package dev.portolan.action;

import dev.portolan.model.Action;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on an Action, one per transition, so {@code kubectl describe action} tells its story. */
public final class ActionEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ActionEvents.class);
  private static final String COMPONENT = "portolan-operator";

  private final KubernetesClient client;
  private final Clock clock;

  public ActionEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(Action action, boolean warning, String reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String name = action.getMetadata().getName();
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(name + "." + Long.toHexString(System.nanoTime()))
        .withNamespace(action.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(action.getApiVersion())
        .withKind(action.getKind())
        .withName(name)
        .withNamespace(action.getMetadata().getNamespace())
        .withUid(action.getMetadata().getUid())
        .withResourceVersion(action.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(warning ? "Warning" : "Normal")
        .withReason(reason)
        .withMessage(message == null ? "" : message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource(COMPONENT, null)
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(action.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: the status holds the same facts, so a lost event loses nothing.
      LOG.warn("Could not record event {} on Action {}/{}: {}", reason, action.getMetadata().getNamespace(), name,
          e.getMessage());
    }
  }
}
