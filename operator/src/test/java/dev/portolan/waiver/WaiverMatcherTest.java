package dev.portolan.waiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaiverMatcherTest {
  private static final String LATER = "2026-12-20T00:00:00Z";

  @Test
  void anEntityWaiverCoversThatEntityOfItsOwnNamespaceOnly() {
    var waiver = Waivers.forEntity("w", "cart", LATER, "has-repo");
    assertThat(WaiverMatcher.covers(waiver, Waivers.entity("shop", "cart", Map.of()))).isTrue();
    assertThat(WaiverMatcher.covers(waiver, Waivers.entity("shop", "till", Map.of()))).isFalse();
    assertThat(WaiverMatcher.covers(waiver, Waivers.entity("other", "cart", Map.of()))).isFalse();
  }

  @Test
  void aSelectorWaiverCoversTheEntitiesWhoseLabelsMatch() {
    var waiver = Waivers.forLabels("w", Map.of("tier", "legacy"), LATER, "has-repo");
    assertThat(WaiverMatcher.covers(waiver, Waivers.entity("shop", "a", Map.of("tier", "legacy"))))
        .isTrue();
    assertThat(WaiverMatcher.covers(waiver, Waivers.entity("shop", "b", Map.of("tier", "new"))))
        .isFalse();
    assertThat(WaiverMatcher.covers(waiver, Waivers.entity("shop", "c", null))).isFalse();
  }

  @Test
  void anEmptySelectorCoversNothingRatherThanTheWholeNamespace() {
    var waiver = Waivers.forEntity("w", null, LATER, "has-repo");
    waiver.getSpec().selector = new LabelSelector();
    assertThat(WaiverMatcher.covers(waiver, Waivers.entity("shop", "a", Map.of("x", "y"))))
        .isFalse();
  }
}
