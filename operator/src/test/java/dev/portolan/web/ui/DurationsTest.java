package dev.portolan.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void aDistanceShowsItsTwoLargestUnitsAndWhichWayItLies() {
    assertThat(Durations.distance(0)).isEqualTo("now");
    assertThat(Durations.distance(20)).isEqualTo("in 20 s");
    assertThat(Durations.distance(125)).isEqualTo("in 2 min 5 s");
    assertThat(Durations.distance(3 * 3600 + 20 * 60 + 9)).isEqualTo("in 3 h 20 min");
    assertThat(Durations.distance(2 * 86_400 + 3600)).isEqualTo("in 2 d 1 h");
    assertThat(Durations.distance(86_400)).isEqualTo("in 1 d");
    assertThat(Durations.distance(-300)).isEqualTo("5 min ago");
  }
}
