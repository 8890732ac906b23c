package dev.portolan.guardrail;

/**
 * Hears each judged admission that was not a dry run; {@link GuardrailEvents} makes Events of them.
 */
@FunctionalInterface
public interface JudgementEvents {
  void record(WorkloadRequest request, String scorecard, GuardrailDecision decision);
}
