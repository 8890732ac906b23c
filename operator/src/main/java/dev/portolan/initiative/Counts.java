package dev.portolan.initiative;

/**
 * Covered entities by their outcome on an initiative's target. Waivers (a rule result {@code
 * Waived}) are to be counted here as a third outcome beside passing and failing, never as passing;
 * {@link Target#outcome} is the one place that decides.
 */
public record Counts(int passing, int failing) {
  public static final Counts NONE = new Counts(0, 0);

  public int covered() {
    return passing + failing;
  }

  public Counts plus(Counts other) {
    return new Counts(passing + other.passing, failing + other.failing);
  }

  Counts plus(Outcome outcome) {
    return switch (outcome) {
      case PASSING -> new Counts(passing + 1, failing);
      case FAILING -> new Counts(passing, failing + 1);
    };
  }

  /** passing out of covered in percent, rounded down; 0 when nothing is covered. */
  public int percent() {
    return covered() == 0 ? 0 : (int) (100L * passing / covered());
  }
}
