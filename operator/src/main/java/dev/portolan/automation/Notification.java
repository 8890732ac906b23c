package dev.portolan.automation;

import java.time.Instant;
import java.util.Objects;

/**
 * What one notify effect tells a receiver about one occurrence, before it is written as a body.
 *
 * @param automation the automation that fired
 * @param occurrence the occurrence's id (e.g. {@code
 *     level/<uid>/<scorecard>/<levelSince>/<from>/<to>}), also sent as the {@code
 *     X-Portolan-Delivery} header so a receiver can drop a repeat
 * @param trigger the trigger's kind, e.g. {@code ScorecardLevelChanged}
 * @param entity the entity the occurrence is about; null for a schedule
 * @param time the occurrence's instant
 * @param message the effect's CEL message, evaluated
 */
public record Notification(
    Ref automation, String occurrence, String trigger, Ref entity, Instant time, String message) {
  public Notification {
    Objects.requireNonNull(automation, "automation");
    Objects.requireNonNull(occurrence, "occurrence");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(time, "time");
    message = message == null ? "" : message;
  }

  /** A namespaced resource's name. */
  public record Ref(String namespace, String name) {
    public Ref {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }
}
