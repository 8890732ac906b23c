package dev.portolan.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ChartsTest {
  @Test
  void coordinatesAreWrittenAsPercentPointOneFWouldWriteThem() {
    for (int i = 0; i <= 200_000; i++) {
      double value = i / 137.0;
      assertThat(Charts.fmt(value))
          .as("%s", value)
          .isEqualTo(String.format(Locale.ROOT, "%.1f", value));
    }
    assertThat(Charts.fmt(12.25)).isEqualTo("12.3");
    assertThat(Charts.fmt(-3.44)).isEqualTo("-3.4");
    assertThat(Charts.fmt(-0.04)).isEqualTo("0.0");
    assertThat(Charts.fmt(640)).isEqualTo("640.0");
  }
}
