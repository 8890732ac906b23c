package dev.portolan.action;

import dev.portolan.kit.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on an Action (or a Waiver), one per phase it enters, so {@code kubectl
 * describe} tells its story.
 */
public final class ActionEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ActionEvents.class);
  private static final String COMPONENT = "portolan-operator";
  private static final int MAX_NAME = 253;

  private final KubernetesClient client;
  private final Clock clock;

  public ActionEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Records that a run entered {@code phase}, once: the Event's name comes from the run's uid and
   * the phase, so a second try after a crash finds it made and makes no other.
   *
   * @return false when the Event existed already, so an earlier try reported this phase
   */
  public boolean enteredPhase(HasMetadata action, boolean warning, String phase, String message) {
    String now = Timestamps.now(clock);
    String name = action.getMetadata().getName();
    String uid = action.getMetadata().getUid();
    String suffix =
        "."
            + phase.toLowerCase(Locale.ROOT)
            + "."
            + (uid == null ? "0" : uid.substring(0, Math.min(8, uid.length())));
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(Names.fit(name, MAX_NAME - suffix.length()) + suffix)
            .withNamespace(action.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(action.getApiVersion())
            .withKind(action.getKind())
            .withName(name)
            .withNamespace(action.getMetadata().getNamespace())
            .withUid(uid)
            .withResourceVersion(action.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType(warning ? "Warning" : "Normal")
            .withReason(phase)
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
          .inNamespace(action.getMetadata().getNamespace())
          .resource(event)
          .create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      // An event is a courtesy: the status holds the same facts, so a lost event loses nothing.
      LOG.warn(
          "Could not record event {} on {} {}/{}: {}",
          phase,
          action.getKind(),
          action.getMetadata().getNamespace(),
          name,
          e.getMessage());
      return true;
    }
  }
}
