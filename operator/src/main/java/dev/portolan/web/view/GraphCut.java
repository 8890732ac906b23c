package dev.portolan.web.view;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a graph to its most connected nodes: the {@code cap} nodes with the most edges among the
 * nodes given (ties by id), the edges between those kept, and how many of each were left out.
 *
 * @param kept the ids kept, in the order the nodes were given
 * @param nodesLeftOut how many nodes were left out
 * @param edgesLeftOut how many edges were left out: those touching a node left out
 */
public record GraphCut(Set<String> kept, int nodesLeftOut, int edgesLeftOut) {

  /**
   * @param nodes the node ids, in the order to keep them in
   * @param edges each edge as (source, target, relation); an edge to a node not given is ignored
   */
  public static GraphCut of(List<String> nodes, Collection<List<String>> edges, int cap) {
    if (nodes.size() <= cap) {
      return new GraphCut(new LinkedHashSet<>(nodes), 0, 0);
    }
    Map<String, int[]> degree = new HashMap<>();
    nodes.forEach(node -> degree.put(node, new int[1]));
    for (List<String> edge : edges) {
      int[] source = degree.get(edge.get(0));
      int[] target = degree.get(edge.get(1));
      if (source != null && target != null) {
        source[0]++;
        target[0]++;
      }
    }
    Set<String> kept = mostConnected(nodes, node -> degree.get(node)[0], cap);
    int edgesLeftOut = 0;
    for (List<String> edge : edges) {
      if (degree.containsKey(edge.get(0))
          && degree.containsKey(edge.get(1))
          && !(kept.contains(edge.get(0)) && kept.contains(edge.get(1)))) {
        edgesLeftOut++;
      }
    }
    return new GraphCut(kept, nodes.size() - kept.size(), edgesLeftOut);
  }

  /**
   * The {@code cap} nodes of highest {@code degree} (ties by id), in the order the nodes were
   * given.
   */
  static Set<String> mostConnected(
      List<String> nodes, java.util.function.ToIntFunction<String> degree, int cap) {
    Set<String> chosen =
        new java.util.HashSet<>(
            nodes.stream()
                .sorted(
                    Comparator.comparingInt((String node) -> -degree.applyAsInt(node))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(cap)
                .toList());
    Set<String> kept = new LinkedHashSet<>();
    nodes.stream().filter(chosen::contains).forEach(kept::add);
    return kept;
  }

  public boolean cut() {
    return nodesLeftOut > 0;
  }
}
