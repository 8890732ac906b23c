package dev.portolan.initiative;

/**
 * Where one covered entity stands against an initiative's target. A {@code WAIVED} outcome belongs
 * here once waivers exist (and a count of it in {@link Counts}).
 */
public enum Outcome {
  PASSING,
  FAILING
}
