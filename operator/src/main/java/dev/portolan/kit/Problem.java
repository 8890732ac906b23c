package dev.portolan.kit;

import java.util.Objects;

/**
 * One thing wrong with a resource: a machine-readable reason for the condition, the field it blames
 * as a JSON path ({@code spec.properties.replicas}; null when it blames the resource as a whole),
 * and a message for people that names the field, what is wrong and how to fix it.
 */
public record Problem(String reason, String field, String message) {
  public Problem {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** A problem with a field, whose message is {@code field: detail}. */
  public static Problem at(String reason, String field, String detail) {
    return new Problem(reason, Objects.requireNonNull(field, "field"), field + ": " + detail);
  }

  /** A problem of the resource as a whole. */
  public static Problem of(String reason, String message) {
    return new Problem(reason, null, message);
  }

  /**
   * The message without the field it starts with, for a page that shows it beside the field; the
   * whole message when it does not start with the field.
   */
  public String detail() {
    return detail(field, message);
  }

  /** A message without the field it starts with ({@code field: }), else the whole message. */
  public static String detail(String field, String message) {
    String prefix = field + ": ";
    return field != null && message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : message;
  }

  @Override
  public String toString() {
    return message;
  }
}
