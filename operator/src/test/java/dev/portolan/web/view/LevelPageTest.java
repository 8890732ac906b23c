package dev.portolan.web.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portolan.web.error.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelPageTest {
  @Test
  void readsTheLevelTheOffsetAndTheLimitWithTheCallersDefault() {
    assertThat(LevelPage.parse(Map.of(), 10)).isEqualTo(new LevelPage(null, 0, 10));
    LevelPage page =
        LevelPage.parse(
            Map.of("level", List.of("Gold"), "offset", List.of("40"), "limit", List.of("20")), 10);
    assertThat(page).isEqualTo(new LevelPage("Gold", 40, 20));
    assertThat(page.lists("Gold")).isTrue();
    assertThat(page.lists("None")).isFalse();
    assertThat(LevelPage.FIRST.lists("None")).isTrue();
  }

  @Test
  void refusesValuesOutOfRangeNamingTheParameter() {
    for (Map<String, List<String>> query :
        List.of(
            Map.of("limit", List.of("501")),
            Map.of("limit", List.of("-1")),
            Map.of("offset", List.of("x")),
            Map.of("offset", List.of("99999999999")),
            Map.of("level", List.of("Gold", "None")))) {
      String parameter = query.keySet().iterator().next();
      assertThatThrownBy(() -> LevelPage.parse(query, 50))
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.body().parameter()).isEqualTo(parameter))
          .hasMessageContaining(parameter);
    }
  }
}
