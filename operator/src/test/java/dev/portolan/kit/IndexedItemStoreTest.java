package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IndexedItemStoreTest {
  private final IndexedItemStore<ConfigMap> store =
      new IndexedItemStore<>(
          "ConfigMap",
          Map.<String, Function<ConfigMap, List<String>>>of(
              "team",
              c ->
                  c.getData() == null || !c.getData().containsKey("team")
                      ? List.of()
                      : List.of(c.getData().get("team"))));

  private static ConfigMap map(String name, String version, String team) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName(name)
        .withResourceVersion(version)
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
        .withAnnotations(Map.of(IndexedItemStore.LAST_APPLIED, "{\"big\":true}", "kept", "yes"))
        .endMetadata()
        .withData(Map.of("team", team))
        .build();
  }

  @Test
  void holdsWhatTheOperatorReadsAndNotWhatTheApiServerAddsToEveryObject() {
    store.put("ns/a", map("a", "1", "payments"));

    ConfigMap held = store.get("ns/a");
    assertThat(held.getMetadata().getManagedFields()).isNull();
    assertThat(held.getMetadata().getAnnotations()).containsOnlyKeys("kept");
  }

  @Test
  void theIndexFollowsUpdatesAndDeletes() {
    store.put("ns/a", map("a", "1", "payments"));
    store.put("ns/b", map("b", "1", "payments"));
    assertThat(store.byIndex("team", "payments")).hasSize(2);

    store.put("ns/a", map("a", "2", "checkout"));
    assertThat(store.byIndex("team", "payments"))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("b");
    assertThat(store.byIndex("team", "checkout"))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("a");

    store.remove("ns/b");
    assertThat(store.byIndex("team", "payments")).isEmpty();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void listenersHearEachChangeOnceInOrderAndARelistOfTheSameVersionIsNoChange() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    store.addListener(
        (old, now) ->
            heard.add(
                (old == null ? "-" : old.getMetadata().getResourceVersion())
                    + ">"
                    + (now == null ? "-" : now.getMetadata().getResourceVersion())));
    store.addListener(
        (old, now) -> {
          throw new IllegalStateException("a broken listener");
        });

    store.put("ns/a", map("a", "1", "payments"));
    store.put("ns/a", map("a", "1", "payments"));
    store.put("ns/a", map("a", "2", "payments"));
    store.remove("ns/a");
    store.awaitListeners(5, TimeUnit.SECONDS);

    assertThat(heard).containsExactly("->1", "1>2", "2>-");
  }

  @Test
  void theKindsCompactionShapesWhatIsHeldAndOneThatFailsStillLetsTheObjectIn() {
    IndexedItemStore<ConfigMap> compacting =
        new IndexedItemStore<>("ConfigMap", Map.of(), c -> c.setData(Compact.map(c.getData())));
    IndexedItemStore<ConfigMap> failing =
        new IndexedItemStore<>(
            "ConfigMap",
            Map.of(),
            c -> {
              throw new IllegalStateException("a broken compaction");
            });

    compacting.put("ns/a", map("a", "1", "payments"));
    failing.put("ns/a", map("a", "1", "payments"));

    assertThat(compacting.get("ns/a").getData())
        .containsExactly(Map.entry("team", "payments"))
        .isInstanceOf(SmallMap.class);
    assertThat(failing.get("ns/a").getData()).containsExactly(Map.entry("team", "payments"));
    assertThat(failing.get("ns/a").getMetadata().getManagedFields()).isNull();
  }
}
