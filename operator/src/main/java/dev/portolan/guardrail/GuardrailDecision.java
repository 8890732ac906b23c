package dev.portolan.guardrail;

import java.util.List;

/**
 * What the webhook answers for one scorecard's guardrail.
 *
 * @param warnings what kubectl prints as {@code Warning: ...}, one per failing rule in mode Warn
 * @param message why it is refused; null when allowed
 * @param failedRules the required rules the workload fails
 */
public record GuardrailDecision(
    Outcome outcome,
    boolean allowed,
    List<String> warnings,
    String message,
    List<String> failedRules) {

  static GuardrailDecision notJudged() {
    return new GuardrailDecision(Outcome.NOT_JUDGED, true, List.of(), null, List.of());
  }
}
