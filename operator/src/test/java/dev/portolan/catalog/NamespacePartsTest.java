package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.kit.IndexedItemStore;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Counting per namespace: what a change costs, and that the whole is what a full count gives. */
class NamespacePartsTest {
  private final CatalogIndex index = CatalogIndex.create(null);
  private final IndexedItemStore<Entity> entities = index.claim(Entity.class);
  private final List<String> counted = new ArrayList<>();

  /** Per namespace, its entities' owners; the whole in namespace order. */
  private final NamespaceParts<List<String>, Map<String, List<String>>> owners =
      new NamespaceParts<>(
          index,
          found -> {
            counted.add(found.isEmpty() ? "?" : found.get(0).getMetadata().getNamespace());
            return found.stream().map(e -> e.getSpec().owner).sorted().toList();
          },
          TreeMap::new);

  @AfterEach
  void close() {
    index.close();
  }

  private void put(String namespace, String name, String owner, String version) {
    Entity entity = new Entity();
    entity.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withResourceVersion(version)
            .build());
    entity.setSpec(new EntitySpec());
    entity.getSpec().owner = owner;
    entities.put(entities.getKey(entity), entity);
  }

  @Test
  void aChangeCountsItsOwnNamespaceAgainAndNoOther() {
    put("team-a", "api", "a", "1");
    put("team-a", "worker", "a", "1");
    put("team-b", "web", "b", "1");

    assertThat(owners.current())
        .isEqualTo(Map.of("team-a", List.of("a", "a"), "team-b", List.of("b")));
    assertThat(counted).containsExactlyInAnyOrder("team-a", "team-b");

    counted.clear();
    assertThat(owners.current()).containsEntry("team-b", List.of("b"));
    assertThat(counted).as("nothing changed: nothing counted").isEmpty();

    put("team-b", "web", "c", "2");
    assertThat(owners.current())
        .isEqualTo(Map.of("team-a", List.of("a", "a"), "team-b", List.of("c")));
    assertThat(counted).containsExactly("team-b");
  }

  @Test
  void aNamespaceEmptiedLeavesTheWholeAndANewOneJoinsIt() {
    put("team-a", "api", "a", "1");
    put("team-b", "web", "b", "1");
    owners.current();

    counted.clear();
    entities.remove("team-b/web");
    put("team-c", "db", "c", "1");

    assertThat(owners.current()).isEqualTo(Map.of("team-a", List.of("a"), "team-c", List.of("c")));
    assertThat(counted).containsExactly("team-c");
  }

  @Test
  void afterChangesInEveryNamespaceTheWholeIsWhatAFullCountGives() {
    for (int i = 0; i < 50; i++) {
      put("ns-" + (i % 5), "svc-" + i, "team-" + (i % 7), "1");
    }
    owners.current();
    for (int i = 0; i < 50; i += 3) {
      put("ns-" + (i % 5), "svc-" + i, "team-x", "2");
    }

    Map<String, List<String>> full = new TreeMap<>();
    for (Entity e : index.entities()) {
      full.computeIfAbsent(e.getMetadata().getNamespace(), n -> new ArrayList<>())
          .add(e.getSpec().owner);
    }
    full.replaceAll((n, list) -> list.stream().sorted().toList());
    assertThat(owners.current()).isEqualTo(full);
  }
}
