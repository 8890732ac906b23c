package dev.portolan.kit;

/**
 * One thing wrong with a resource: a machine-readable reason for the condition, and a message for
 * people that names the field, what is wrong and how to fix it.
 */
public record Problem(String reason, String message) {
  @Override
  public String toString() {
    return message;
  }
}
