package dev.portolan.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Problems;
import java.util.List;
import java.util.Map;

/**
 * Where a reconcile leaves an Action: its phase, the reason and message for people, what the run
 * has produced so far (null fields keep what the status already holds), and the problems that
 * refused it (empty unless it was refused).
 */
public record ActionOutcome(
    String phase,
    String reason,
    String message,
    String job,
    String startTime,
    String completionTime,
    Map<String, JsonNode> outputs,
    List<Problem> problems) {

  ActionOutcome(
      String phase,
      String reason,
      String message,
      String job,
      String startTime,
      String completionTime,
      Map<String, JsonNode> outputs) {
    this(phase, reason, message, job, startTime, completionTime, outputs, List.of());
  }

  static ActionOutcome of(String phase, String reason, String message) {
    return new ActionOutcome(phase, reason, message, null, null, null, null);
  }

  /** A run refused for these problems: Failed, with their reason and message. */
  static ActionOutcome refused(List<Problem> problems) {
    return new ActionOutcome(
        ActionPhases.FAILED,
        Problems.reason(problems, "Refused"),
        Problems.message(problems),
        null,
        null,
        null,
        null,
        List.copyOf(problems));
  }

  ActionOutcome withJob(String name, String started) {
    return new ActionOutcome(
        phase, reason, message, name, started, completionTime, outputs, problems);
  }

  ActionOutcome finishedAt(String time) {
    return new ActionOutcome(phase, reason, message, job, startTime, time, outputs, problems);
  }

  ActionOutcome withOutputs(Map<String, JsonNode> values) {
    return new ActionOutcome(
        phase, reason, message, job, startTime, completionTime, values, problems);
  }

  /** Whether the phase is one people are warned of: the run failed or was rejected. */
  public boolean warning() {
    return ActionPhases.FAILED.equals(phase) || ActionPhases.REJECTED.equals(phase);
  }
}
