package dev.portolan.initiative;

import dev.portolan.kit.Timestamps;
import dev.portolan.model.Initiative;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes Event on each phase an initiative enters (Warning for AtRisk and Missed), so that
 * {@code kubectl describe initiative} and {@code kubectl get events} tell its story. An Initiative
 * is cluster-scoped, so its Events are in the {@code default} namespace, as a Node's are.
 */
public final class InitiativeEvents {
  private static final Logger LOG = LoggerFactory.getLogger(InitiativeEvents.class);
  private static final String COMPONENT = "portolan-operator";
  static final String NAMESPACE = "default";

  private final KubernetesClient client;
  private final Clock clock;

  public InitiativeEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Records that {@code initiative} entered {@code phase}, coming from {@code from} (or none). */
  public void entered(
      Initiative initiative, String from, Phase phase, String reason, String message) {
    String now = Timestamps.now(clock);
    String name = initiative.getMetadata().getName();
    String suffix =
        "."
            + phase.name().toLowerCase(Locale.ROOT)
            + "."
            + UUID.randomUUID().toString().substring(0, 8);
    String eventName =
        name.length() + suffix.length() > 253
            ? name.substring(0, 253 - suffix.length()) + suffix
            : name + suffix;
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(eventName)
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(initiative.getApiVersion())
            .withKind(initiative.getKind())
            .withName(name)
            .withUid(initiative.getMetadata().getUid())
            .withResourceVersion(initiative.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType(phase.warning() ? "Warning" : "Normal")
            .withReason(phase.name())
            .withMessage(
                trim((from == null ? "" : "from " + from + ": ") + reason + ": " + message))
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(NAMESPACE).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: the status holds the same facts.
      LOG.warn("Could not record event {} on Initiative {}: {}", phase, name, e.getMessage());
    }
  }

  private static String trim(String message) {
    return message.length() > 1024 ? message.substring(0, 1021) + "..." : message;
  }
}
