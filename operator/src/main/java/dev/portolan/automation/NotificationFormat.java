package dev.portolan.automation;

import java.util.Optional;

/** The body a notify effect sends: {@code spec.effects.notify.format}. */
public enum NotificationFormat {
  /** Portolan's own object: automation, occurrence, trigger, entity, time, message. */
  JSON("JSON"),
  /** A Slack incoming webhook's message: {@code text} and a section and context block. */
  SLACK("Slack");

  private final String specName;

  NotificationFormat(String specName) {
    this.specName = specName;
  }

  /** The name the spec uses. */
  public String specName() {
    return specName;
  }

  /** The format a spec names ({@code JSON} when none is given); empty for an unknown name. */
  public static Optional<NotificationFormat> of(String specName) {
    if (specName == null || specName.isBlank()) {
      return Optional.of(JSON);
    }
    for (NotificationFormat format : values()) {
      if (format.specName.equals(specName)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
