package dev.portolan.initiative;

/** Where one covered entity stands against an initiative's target. */
public enum Outcome {
  /** It reaches the target on its own grades. */
  PASSING,
  /** It does not reach the target. */
  FAILING,
  /**
   * It reaches the target only thanks to an active Waiver: a rule the target needs is {@code
   * Waived}. Never counted as passing: the waiver is temporary, the work is not done.
   */
  WAIVED
}
