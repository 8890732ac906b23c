package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactTest {
  @Test
  void aMapKeepsItsEntriesInTheirOrderAndEqualsWhatItCameFrom() {
    Map<String, Integer> read = new LinkedHashMap<>();
    for (String key : List.of("zeta", "alpha", "mid", "beta", "omega")) {
      read.put(key, key.length());
    }

    Map<String, Integer> held = Compact.map(read);

    assertThat(held).isEqualTo(read).containsExactlyEntriesOf(read);
    assertThat(held.keySet()).containsExactly("zeta", "alpha", "mid", "beta", "omega");
    assertThatThrownBy(() -> held.put("more", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Compact.map(held)).isSameAs(held);
  }

  @Test
  void emptyMapsAndListsAreTheSharedEmptyOnes() {
    assertThat(Compact.map(new LinkedHashMap<>())).isSameAs(Compact.map(new LinkedHashMap<>()));
    assertThat(Compact.list(new ArrayList<>())).isSameAs(List.of());
  }

  @Test
  void nullsAndWhatHoldsThemAreLeftAsTheyAre() {
    Map<String, String> withNull = new LinkedHashMap<>();
    withNull.put("a", null);
    List<String> listWithNull = new ArrayList<>(Arrays.asList("a", null));

    assertThat(Compact.map(withNull)).isSameAs(withNull);
    assertThat(Compact.list(listWithNull)).isSameAs(listWithNull);
    assertThat(Compact.<String, String>map(null)).isNull();
    assertThat(Compact.<String>list(null)).isNull();
  }

  @Test
  void aListKeepsItsOrder() {
    List<String> held = Compact.list(new ArrayList<>(List.of("c", "a", "b")));

    assertThat(held).containsExactly("c", "a", "b");
    assertThatThrownBy(() -> held.add("d")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void metadataLosesWhatIsNeverReadAndKeepsTheRest() {
    ObjectMeta meta =
        new ObjectMetaBuilder()
            .withName("cart")
            .withLabels(Map.of("team", "payments"))
            .withAnnotations(Map.of(Compact.LAST_APPLIED, "{\"big\":true}", "pager", "#cart"))
            .withFinalizers("portolan.dev/cleanup")
            .addNewOwnerReference()
            .withKind("Deployment")
            .withName("cart")
            .endOwnerReference()
            .addNewManagedField()
            .withManager("kubectl")
            .endManagedField()
            .build();

    Compact.metadata(meta);

    assertThat(meta.getManagedFields()).isNull();
    assertThat(meta.getAnnotations()).containsExactly(Map.entry("pager", "#cart"));
    assertThat(meta.getLabels()).containsExactly(Map.entry("team", "payments"));
    assertThat(meta.getFinalizers()).containsExactly("portolan.dev/cleanup");
    assertThat(meta.getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("cart"));
    assertThat(meta.getAdditionalProperties()).isEmpty();
  }

  @Test
  void conditionsKeepTheirFieldsAndUnknownOnes() {
    var valid = new ConditionBuilder().withType("Valid").withStatus("True").build();
    valid.setAdditionalProperty("extra", "kept");

    List<io.fabric8.kubernetes.api.model.Condition> held =
        Compact.conditions(new ArrayList<>(List.of(valid)));

    assertThat(held).singleElement().satisfies(c -> assertThat(c.getType()).isEqualTo("Valid"));
    assertThat(held.get(0).getAdditionalProperties()).containsExactly(Map.entry("extra", "kept"));
  }
}
