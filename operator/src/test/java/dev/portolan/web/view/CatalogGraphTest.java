package dev.portolan.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.IndexedItemStore;
import dev.portolan.model.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CatalogGraphTest {
  private final CatalogIndex index = CatalogIndex.create(null);
  private final IndexedItemStore<Entity> entities = index.claim(Entity.class);

  @AfterEach
  void close() {
    index.close();
  }

  private void put(String name, String relations) {
    Entity entity =
        Fixtures.entity(
            "metadata: {name: "
                + name
                + ", namespace: ns}\nspec: {blueprint: service, relations: "
                + relations
                + "}");
    entities.put(entities.getKey(entity), entity);
  }

  @Test
  void aCutSetKeepsTheMostConnectedAndCountsWhatItLeftOut() {
    // hub is everyone's dependency; b and c depend on each other too; e is alone, x is hidden.
    put("hub", "{}");
    put("a", "{dependsOn: [hub]}");
    put("b", "{dependsOn: [hub, c, c], partOf: c}");
    put("c", "{dependsOn: [hub, b]}");
    put("d", "{dependsOn: [hub, other/x]}");
    put("e", "{}");
    GraphView cut = CatalogGraph.ofBlueprints(index, Set.of("service"), Set.of(), ns -> true, 3);
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.nodes())
        .extracting(n -> n.data().name())
        .containsExactlyInAnyOrder("hub", "b", "c");
    assertThat(cut.edges())
        .extracting(e -> e.data().id())
        .containsExactlyInAnyOrder(
            "ns/b->ns/hub:dependsOn",
            "ns/b->ns/c:dependsOn",
            "ns/b->ns/c:partOf",
            "ns/c->ns/hub:dependsOn",
            "ns/c->ns/b:dependsOn");
    // The same as cutting the whole graph: every edge among the set, once.
    GraphView whole =
        CatalogGraph.ofBlueprints(index, Set.of("service"), Set.of(), ns -> true, 100);
    List<String> nodes = new ArrayList<>();
    whole.nodes().forEach(n -> nodes.add(n.data().id()));
    List<List<String>> edges = new ArrayList<>();
    whole
        .edges()
        .forEach(
            e -> edges.add(List.of(e.data().source(), e.data().target(), e.data().relation())));
    GraphCut reference = GraphCut.of(nodes, edges, 3);
    assertThat(cut.nodesLeftOut()).isEqualTo(reference.nodesLeftOut()).isEqualTo(3);
    assertThat(cut.edgesLeftOut()).isEqualTo(reference.edgesLeftOut()).isEqualTo(2);
    assertThat(cut.nodes())
        .extracting(n -> n.data().id())
        .containsExactlyElementsOf(reference.kept());

    GraphView onlyDependsOn =
        CatalogGraph.ofBlueprints(index, Set.of("service"), Set.of("dependsOn"), ns -> true, 3);
    assertThat(onlyDependsOn.edges()).hasSize(4);
  }
}
