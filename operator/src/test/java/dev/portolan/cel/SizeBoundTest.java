package dev.portolan.cel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeBoundTest {
  @Test
  void aListOfStringsCountsEveryCharacterOfEveryEntry() {
    SizeBound list = new SizeBound(3, new SizeBound(10, null));
    assertThat(list.footprint()).isEqualTo(30);
    assertThat(list.element().length).isEqualTo(10);
  }

  @Test
  void aValueOfUnknownShapeHasEntriesLikeItselfAndCountsOneLevel() {
    SizeBound input = SizeBound.unknown(1_000);
    assertThat(input.element()).isSameAs(input);
    assertThat(input.footprint()).isEqualTo(1_000);
    assertThat(input.declaredElement()).isNull();
  }

  @Test
  void theMaxBoundsBothAndAnUnknownSideMakesItUnknown() {
    SizeBound a = new SizeBound(2, new SizeBound(5, null));
    SizeBound b = new SizeBound(4, new SizeBound(1, null));
    SizeBound both = SizeBound.max(a, b);
    assertThat(both.length).isEqualTo(4);
    assertThat(both.element().length).isEqualTo(5);
    assertThat(SizeBound.max(null, a)).isSameAs(a);
    SizeBound unknown = SizeBound.max(a, SizeBound.unknown(3));
    assertThat(unknown.length).isEqualTo(3);
    assertThat(unknown.element()).isSameAs(unknown);
  }
}
