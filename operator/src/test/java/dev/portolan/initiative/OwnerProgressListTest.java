package dev.portolan.initiative;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnerProgressListTest {
  @Test
  void twoThousandOwnersBecomeTheTwentyMostBehindAndOneTotal() {
    Map<String, Counts> owners = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      owners.put(String.format("team-%04d", i), new Counts(i % 3, i % 50, 0));
    }
    OwnerProgressList.Bounded bounded = OwnerProgressList.of(owners, 20);
    assertThat(bounded.top()).hasSize(20);
    assertThat(bounded.top()).allSatisfy(o -> assertThat(o.counts().failing()).isEqualTo(49));
    assertThat(bounded.others()).isEqualTo(1980);
    Counts all = owners.values().stream().reduce(Counts.NONE, Counts::plus);
    Counts shown =
        bounded.top().stream()
            .map(OwnerProgressList.Owner::counts)
            .reduce(Counts.NONE, Counts::plus);
    assertThat(shown.plus(bounded.othersCounts())).isEqualTo(all);
  }

  @Test
  void tiesGoToTheMostCoveredThenByName() {
    OwnerProgressList.Bounded bounded =
        OwnerProgressList.of(
            Map.of(
                "b", new Counts(0, 2, 0),
                "a", new Counts(0, 2, 0),
                "big", new Counts(5, 2, 0),
                "done", new Counts(9, 0, 0)),
            3);
    assertThat(bounded.top())
        .extracting(OwnerProgressList.Owner::owner)
        .containsExactly("big", "a", "b");
    assertThat(bounded.others()).isEqualTo(1);
    assertThat(bounded.othersCounts()).isEqualTo(new Counts(9, 0, 0));
    assertThat(OwnerProgressList.of(Map.of("a", new Counts(1, 1, 0)), 20).others()).isZero();
  }
}
