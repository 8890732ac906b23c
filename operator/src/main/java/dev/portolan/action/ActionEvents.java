package dev.portolan.action;

import dev.portolan.kit.NamedEvents;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Locale;

/**
 * Kubernetes Events on an Action (or a Waiver), one per phase it enters, so {@code kubectl
 * describe} tells its story.
 */
public final class ActionEvents {
  private static final int MAX_NAME = 253;

  private final NamedEvents events;

  public ActionEvents(KubernetesClient client, Clock clock) {
    this.events = new NamedEvents(client, clock, "portolan-operator");
  }

  /**
   * Records that a run entered {@code phase}, once: the Event's name comes from the run's uid and
   * the phase, so a second try after a crash finds it made and makes no other. An Event the API
   * server refuses is a courtesy lost: the status holds the same facts.
   *
   * @return false when the Event existed already, so an earlier try reported this phase
   */
  public boolean enteredPhase(HasMetadata action, boolean warning, String phase, String message) {
    String name = action.getMetadata().getName();
    String uid = action.getMetadata().getUid();
    String suffix =
        "."
            + phase.toLowerCase(Locale.ROOT)
            + "."
            + (uid == null ? "0" : uid.substring(0, Math.min(8, uid.length())));
    return events.create(
            action, Names.fit(name, MAX_NAME - suffix.length()) + suffix, warning, phase, message)
        != NamedEvents.Result.EXISTED;
  }
}
