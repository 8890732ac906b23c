package dev.portolan.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphCutTest {
  private static final List<String> NODES = List.of("a", "b", "c", "d", "e");

  /** b is the hub; c and d have two edges each; a and e one each. */
  private static final List<List<String>> EDGES =
      List.of(
          List.of("a", "b", "uses"),
          List.of("c", "b", "uses"),
          List.of("d", "b", "uses"),
          List.of("c", "d", "uses"),
          List.of("e", "x", "uses")); // x is not in the set: ignored

  @Test
  void keepsTheMostConnectedNodesInTheirOrderAndCountsWhatIsLeftOut() {
    GraphCut cut = GraphCut.of(NODES, EDGES, 3);
    assertThat(cut.kept()).containsExactly("b", "c", "d");
    assertThat(cut.cut()).isTrue();
    assertThat(cut.nodesLeftOut()).isEqualTo(2);
    assertThat(cut.edgesLeftOut()).as("a->b only; e->x was never in").isEqualTo(1);
  }

  @Test
  void tiesGoByIdAndASmallGraphIsWhole() {
    assertThat(GraphCut.of(NODES, EDGES, 4).kept()).containsExactly("a", "b", "c", "d");
    GraphCut whole = GraphCut.of(NODES, EDGES, 5);
    assertThat(whole.cut()).isFalse();
    assertThat(whole.kept()).containsExactlyElementsOf(NODES);
    assertThat(whole.edgesLeftOut()).isZero();
  }
}
