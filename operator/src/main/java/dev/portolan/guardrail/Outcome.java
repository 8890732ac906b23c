package dev.portolan.guardrail;

/** What a guardrail made of one admission request for one scorecard. */
public enum Outcome {
  /**
   * Not a workload the scorecard grades (no discovery rule maps it, or its filter leaves it out).
   */
  NOT_JUDGED,
  /** Passes every required rule. */
  PASSED,
  /** Fails, admitted with warnings (mode Warn). */
  WARNED,
  /** Fails, admitted and counted (mode Audit). */
  AUDITED,
  /** Fails and is refused (mode Deny), or asks for an exemption its user may not give. */
  DENIED,
  /** Fails, admitted through an exemption its user may give (or gave before). */
  EXEMPTED
}
