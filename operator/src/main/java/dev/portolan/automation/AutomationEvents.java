package dev.portolan.automation;

import dev.portolan.kit.NamedEvents;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * The Events of automations: the {@code event} effect on the triggering entity, and a Warning on
 * the automation when an occurrence fails. Each Event's name comes from the automation and the
 * occurrence, so a retry or a second delivery finds it made (409) and makes no other.
 */
public class AutomationEvents {
  private final NamedEvents events;

  public AutomationEvents(KubernetesClient client, Clock clock) {
    this.events = new NamedEvents(client, clock, "portolan-automations");
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
    return events.create(object, head + suffix, warning, reason, message)
        != NamedEvents.Result.FAILED;
  }
}
