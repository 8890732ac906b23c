package dev.portolan.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.web.view.ScorecardViews;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardsPageControllerTest {
  @Test
  void theOwnerFilterOffersTheOwnersWithTheMostEntitiesAndTheOneChosen() {
    Map<String, Integer> owners = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      owners.put(String.format("team-%04d", i), i % 7 == 0 ? 50 : 10);
    }
    var offered = ScorecardsPageController.offered(owners, "");
    assertThat(offered).hasSize(ScorecardViews.OWNER_CHOICES).isSorted();
    assertThat(offered).first().isEqualTo("team-0000"); // 50 each, the lowest names first
    assertThat(offered).allMatch(o -> Integer.parseInt(o.substring(5)) % 7 == 0);
    assertThat(ScorecardsPageController.offered(owners, "team-0001"))
        .hasSize(ScorecardViews.OWNER_CHOICES + 1)
        .contains("team-0001");
    assertThat(ScorecardsPageController.offered(Map.of("a", 1, "b", 2), ""))
        .containsExactly("a", "b");
  }
}
