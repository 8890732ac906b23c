package dev.portolan.initiative;

/** Where an initiative stands against its deadline. */
public enum Phase {
  /** At or above the straight line from 0% at the start to 100% at the deadline. */
  OnTrack,
  /** Below that line, or covering nothing. */
  AtRisk,
  /** The deadline passed with covered entities still failing. */
  Missed,
  /** Every covered entity reaches the target. */
  Met;

  /** Whether entering it deserves a Warning Event rather than a Normal one. */
  public boolean warning() {
    return this == AtRisk || this == Missed;
  }
}
