package dev.portolan.initiative;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsTest {
  @Test
  void waivedAreCoveredButNeverPassing() {
    Counts counts =
        Counts.NONE
            .plus(Outcome.PASSING)
            .plus(Outcome.WAIVED)
            .plus(Outcome.WAIVED)
            .plus(Outcome.FAILING);
    assertThat(counts).isEqualTo(new Counts(1, 1, 2));
    assertThat(counts.covered()).isEqualTo(4);
    assertThat(counts.notPassing()).isEqualTo(3);
    assertThat(counts.percent()).isEqualTo(25);
    assertThat(new Counts(0, 0, 3).percent()).isZero();
    assertThat(Counts.NONE.percent()).isZero();
  }

  @Test
  void sumsAddEachOutcome() {
    assertThat(new Counts(1, 2, 3).plus(new Counts(10, 20, 30))).isEqualTo(new Counts(11, 22, 33));
  }
}
