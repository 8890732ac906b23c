package dev.portolan.cel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaturatingTest {
  @Test
  void sumsAndProductsStopAtTheCeilingInsteadOfOverflowing() {
    assertThat(Saturating.add(2, 3)).isEqualTo(5);
    assertThat(Saturating.add(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(Saturating.mul(1_000, 1_000)).isEqualTo(1_000_000);
    assertThat(Saturating.mul(0, Long.MAX_VALUE)).isZero();
    assertThat(Saturating.mul(Long.MAX_VALUE / 2, 3)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anAmountIsWrittenWithSeparatorsAndTheCeilingAsMoreThanIt() {
    assertThat(Saturating.amount(1_234_567)).isEqualTo("1,234,567");
    assertThat(Saturating.amount(Long.MAX_VALUE)).isEqualTo("more than 9,223,372,036,854,775,807");
  }
}
