package dev.portolan.automation;

import dev.portolan.kit.Timestamps;
import dev.portolan.model.AutomationStatus.Firing;

/** The firing records status.recent shows: one per occurrence worked. */
final class Firings {
  /** The reason of a firing whose CEL (condition, inputs, messages) could not be evaluated. */
  static final String EVALUATION_FAILED = "EvaluationFailed";

  /** The longest message a firing keeps. */
  static final int MAX_MESSAGE = 1024;

  private Firings() {}

  /** A firing of the occurrence, its result still to be set. */
  static Firing of(Occurrence o) {
    Firing firing = new Firing();
    firing.occurrence = o.id();
    firing.time = Timestamps.of(o.time());
    firing.trigger = o.kind().displayName();
    firing.entity = o.entityKey();
    return firing;
  }

  static Firing skipped(Firing firing, String reason, String message) {
    firing.result = Firing.SKIPPED;
    firing.reason = reason;
    firing.message = message;
    return firing;
  }

  static Firing failed(Firing firing, String reason, String message) {
    firing.result = Firing.FAILED;
    firing.reason = reason == null ? "Failed" : reason;
    firing.message =
        message == null || message.length() <= MAX_MESSAGE
            ? message
            : message.substring(0, MAX_MESSAGE - 3) + "...";
    return firing;
  }
}
