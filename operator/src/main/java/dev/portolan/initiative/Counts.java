package dev.portolan.initiative;

/**
 * Covered entities by their outcome on an initiative's target: passing, failing, and waived (they
 * reach the target only thanks to an active Waiver, see {@link Outcome#WAIVED}). Waived entities
 * are covered but never passing: the percent is passing out of covered, and an initiative is not
 * met while any lean on a waiver. {@link Target#outcome} is the one place that decides.
 */
public record Counts(int passing, int failing, int waived) {
  public static final Counts NONE = new Counts(0, 0, 0);

  public int covered() {
    return passing + failing + waived;
  }

  /** Covered entities that do not pass: failing or waived. */
  public int notPassing() {
    return failing + waived;
  }

  public Counts plus(Counts other) {
    return new Counts(passing + other.passing, failing + other.failing, waived + other.waived);
  }

  Counts plus(Outcome outcome) {
    return switch (outcome) {
      case PASSING -> new Counts(passing + 1, failing, waived);
      case FAILING -> new Counts(passing, failing + 1, waived);
      case WAIVED -> new Counts(passing, failing, waived + 1);
    };
  }

  /** passing out of covered in percent, rounded down; 0 when nothing is covered. */
  public int percent() {
    return covered() == 0 ? 0 : (int) (100L * passing / covered());
  }
}
