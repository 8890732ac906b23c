package dev.portolan.action;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Where a reconcile leaves an Action: its phase, the reason and message for people, and what the
 * run has produced so far (null fields keep what the status already holds).
 */
public record ActionOutcome(
    String phase,
    String reason,
    String message,
    String job,
    String startTime,
    String completionTime,
    Map<String, JsonNode> outputs) {

  static ActionOutcome of(String phase, String reason, String message) {
    return new ActionOutcome(phase, reason, message, null, null, null, null);
  }

  ActionOutcome withJob(String name, String started) {
    return new ActionOutcome(phase, reason, message, name, started, completionTime, outputs);
  }

  ActionOutcome finishedAt(String time) {
    return new ActionOutcome(phase, reason, message, job, startTime, time, outputs);
  }

  ActionOutcome withOutputs(Map<String, JsonNode> values) {
    return new ActionOutcome(phase, reason, message, job, startTime, completionTime, values);
  }

  /** Whether the phase is one people are warned of: the run failed or was rejected. */
  public boolean warning() {
    return ActionPhases.FAILED.equals(phase) || ActionPhases.REJECTED.equals(phase);
  }
}
