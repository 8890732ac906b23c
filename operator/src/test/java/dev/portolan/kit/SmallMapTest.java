package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallMapTest {
  private static Map<String, Integer> read(String... keys) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      map.put(keys[i], i);
    }
    return map;
  }

  @Test
  void itIsTheMapItWasMadeFromAsAMap() {
    Map<String, Integer> read = read("tier", "language", "replicas");
    Map<String, Integer> small = new SmallMap<>(read);

    assertThat(small).isEqualTo(read).hasSameHashCodeAs(read);
    assertThat(read).isEqualTo(small);
    assertThat(small.get("language")).isEqualTo(1);
    assertThat(small.get("missing")).isNull();
    assertThat(small.get(null)).isNull();
    assertThat(small.containsKey("replicas")).isTrue();
    assertThat(small.containsKey("missing")).isFalse();
    assertThat(small.getOrDefault("missing", 9)).isEqualTo(9);
    assertThat(small.keySet()).containsExactly("tier", "language", "replicas");
    assertThat(small.values()).containsExactly(0, 1, 2);
    assertThat(small).hasToString(read.toString());
    List<String> walked = new ArrayList<>();
    small.forEach((key, value) -> walked.add(key + "=" + value));
    assertThat(walked).containsExactly("tier=0", "language=1", "replicas=2");
  }

  @Test
  void nothingChangesIt() {
    Map<String, Integer> small = new SmallMap<>(read("a", "b"));

    assertThatThrownBy(() -> small.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> small.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(small::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> small.keySet().remove("a"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> small.entrySet().iterator().next().setValue(5))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(small).containsExactly(Map.entry("a", 0), Map.entry("b", 1));
  }

  @Test
  void compactMakesSmallMapsOfFewEntriesAndHashedOnesOfMany() {
    Map<String, Integer> few = read("1", "2", "3", "4", "5", "6", "7", "8");
    Map<String, Integer> many = read("1", "2", "3", "4", "5", "6", "7", "8", "9");

    assertThat(Compact.map(few)).isInstanceOf(SmallMap.class).containsExactlyEntriesOf(few);
    assertThat(Compact.map(many)).isNotInstanceOf(SmallMap.class).containsExactlyEntriesOf(many);
    assertThatThrownBy(() -> Compact.map(many).put("10", 10))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
