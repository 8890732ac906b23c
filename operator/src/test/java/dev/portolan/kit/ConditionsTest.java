package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Clock T1 =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
  private static final Clock T2 =
      Clock.fixed(Instant.parse("2026-01-01T11:00:00Z"), ZoneOffset.UTC);

  @Test
  void keepsTheTransitionTimeWhileTheStatusStays() {
    Condition first =
        new Conditions(T1).build(List.of(), "Valid", false, "InvalidProperties", "a", 1L);
    Condition again =
        new Conditions(T2).build(List.of(first), "Valid", false, "MissingRelation", "b", 2L);
    assertThat(again.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(again.getReason()).isEqualTo("MissingRelation");
    assertThat(again.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusMoves() {
    Condition first =
        new Conditions(T1).build(List.of(), "Valid", false, "InvalidProperties", "a", 1L);
    Condition fixed = new Conditions(T2).build(List.of(first), "Valid", true, "Valid", "ok", 2L);
    assertThat(fixed.getLastTransitionTime()).isEqualTo("2026-01-01T11:00:00Z");
    assertThat(fixed.getStatus()).isEqualTo("True");
  }
}
