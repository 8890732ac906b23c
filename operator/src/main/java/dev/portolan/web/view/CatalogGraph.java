package dev.portolan.web.view;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.Relations;
import dev.portolan.model.Entity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The relation graph in Cytoscape.js's elements format ({@code nodes[].data}, {@code
 * edges[].data}): the neighbourhood of a root entity up to a depth, following relations either way,
 * or every entity of a set of blueprints with the relations among them, cut to its most connected
 * entities ({@link GraphCut}) with a message naming the parameters that narrow it.
 */
public final class CatalogGraph {
  public static final int MAX_DEPTH = 5;
  static final int MAX_NODES = 5000;

  /** A blueprint set's graph keeps this many of its most connected entities. */
  public static final int MAX_SET_NODES = 500;

  private CatalogGraph() {}

  public static GraphView around(
      CatalogIndex index,
      EntityRef root,
      int depth,
      Set<String> relations,
      Predicate<String> maySeeNamespace) {
    Map<EntityRef, Entity> nodes = new LinkedHashMap<>();
    Set<List<String>> edges = new LinkedHashSet<>();
    Deque<Map.Entry<EntityRef, Integer>> queue = new ArrayDeque<>();
    index.entity(root).ifPresent(e -> nodes.put(root, e));
    queue.add(Map.entry(root, 0));
    while (!queue.isEmpty() && nodes.size() < MAX_NODES) {
      var next = queue.poll();
      EntityRef at = next.getKey();
      if (next.getValue() >= depth) {
        continue;
      }
      Entity entity = nodes.get(at);
      if (entity != null && entity.getSpec() != null && entity.getSpec().relations != null) {
        for (String relation : entity.getSpec().relations.keySet()) {
          if (!relations.isEmpty() && !relations.contains(relation)) {
            continue;
          }
          for (EntityRef target : Relations.targets(entity, relation)) {
            visit(index, target, next.getValue() + 1, nodes, queue, maySeeNamespace);
            if (nodes.containsKey(target)) {
              edges.add(List.of(at.key(), target.key(), relation));
            }
          }
        }
      }
      for (Entity referrer : index.referrers(at)) {
        EntityRef from =
            new EntityRef(referrer.getMetadata().getNamespace(), referrer.getMetadata().getName());
        for (String relation : referrer.getSpec().relations.keySet()) {
          if ((relations.isEmpty() || relations.contains(relation))
              && Relations.targets(referrer, relation).contains(at)) {
            visit(index, from, next.getValue() + 1, nodes, queue, maySeeNamespace);
            if (nodes.containsKey(from)) {
              edges.add(List.of(from.key(), at.key(), relation));
            }
          }
        }
      }
    }
    return elements(nodes, edges);
  }

  /**
   * Every visible entity of the blueprints with the relations among them, cut to the {@link
   * #MAX_SET_NODES} most connected entities.
   */
  public static GraphView ofBlueprints(
      CatalogIndex index,
      Set<String> blueprints,
      Set<String> relations,
      Predicate<String> maySeeNamespace) {
    return ofBlueprints(index, blueprints, relations, maySeeNamespace, MAX_SET_NODES);
  }

  /** As {@link #ofBlueprints(CatalogIndex, Set, Set, Predicate)}, cut at {@code cap} entities. */
  static GraphView ofBlueprints(
      CatalogIndex index,
      Set<String> blueprints,
      Set<String> relations,
      Predicate<String> maySeeNamespace,
      int cap) {
    Map<EntityRef, Entity> nodes = new LinkedHashMap<>();
    Map<String, Boolean> visible = new HashMap<>();
    for (String blueprint : blueprints) {
      for (Entity entity : index.entitiesOfBlueprint(blueprint)) {
        if (visible.computeIfAbsent(entity.getMetadata().getNamespace(), maySeeNamespace::test)) {
          nodes.put(
              new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName()),
              entity);
        }
      }
    }
    if (nodes.size() <= cap) {
      Set<List<String>> edges = new LinkedHashSet<>();
      nodes.forEach(
          (ref, entity) ->
              edgesFrom(
                  entity,
                  relations,
                  nodes,
                  (target, relation) -> edges.add(List.of(ref.key(), target.key(), relation))));
      return elements(nodes, edges);
    }
    // Cut: count each entity's relations among the set first, keep the most connected, and only
    // then name the edges among those kept, rather than every edge of the set.
    Map<EntityRef, int[]> degree = new HashMap<>();
    nodes.keySet().forEach(ref -> degree.put(ref, new int[1]));
    int[] edgeCount = new int[1];
    nodes.forEach(
        (ref, entity) ->
            edgesFrom(
                entity,
                relations,
                nodes,
                (target, relation) -> {
                  edgeCount[0]++;
                  degree.get(ref)[0]++;
                  degree.get(target)[0]++;
                }));
    Map<String, EntityRef> byKey = new LinkedHashMap<>();
    nodes.keySet().forEach(ref -> byKey.put(ref.key(), ref));
    Set<String> keptKeys =
        GraphCut.mostConnected(
            new ArrayList<>(byKey.keySet()), key -> degree.get(byKey.get(key))[0], cap);
    Map<EntityRef, Entity> kept = new LinkedHashMap<>();
    keptKeys.forEach(key -> kept.put(byKey.get(key), nodes.get(byKey.get(key))));
    Set<List<String>> keptEdges = new LinkedHashSet<>();
    kept.forEach(
        (ref, entity) ->
            edgesFrom(
                entity,
                relations,
                kept,
                (target, relation) -> keptEdges.add(List.of(ref.key(), target.key(), relation))));
    GraphCut cut =
        new GraphCut(keptKeys, nodes.size() - kept.size(), edgeCount[0] - keptEdges.size());
    GraphView drawn = elements(kept, keptEdges);
    String message =
        String.format(
            java.util.Locale.ROOT,
            "The graph of blueprint %s shows the %,d most connected of %,d entities; %,d entities"
                + " and %,d relations are left out. Narrow it with fewer blueprint values, with"
                + " relation to follow only some relations, or with root=namespace/name (and depth)"
                + " for one entity's neighbourhood.",
            String.join(", ", blueprints),
            kept.size(),
            nodes.size(),
            cut.nodesLeftOut(),
            cut.edgesLeftOut());
    return new GraphView(
        drawn.nodes(), drawn.edges(), true, cut.nodesLeftOut(), cut.edgesLeftOut(), message);
  }

  /**
   * Gives {@code edge} each relation of {@code entity} (among {@code relations}, all when empty) to
   * an entity of {@code among}, as (target, relation), each once.
   */
  private static void edgesFrom(
      Entity entity,
      Set<String> relations,
      Map<EntityRef, Entity> among,
      java.util.function.BiConsumer<EntityRef, String> edge) {
    if (entity.getSpec() == null || entity.getSpec().relations == null) {
      return;
    }
    for (String relation : entity.getSpec().relations.keySet()) {
      if (relations.isEmpty() || relations.contains(relation)) {
        for (EntityRef target : new LinkedHashSet<>(Relations.targets(entity, relation))) {
          if (among.containsKey(target)) {
            edge.accept(target, relation);
          }
        }
      }
    }
  }

  private static void visit(
      CatalogIndex index,
      EntityRef ref,
      int distance,
      Map<EntityRef, Entity> nodes,
      Deque<Map.Entry<EntityRef, Integer>> queue,
      Predicate<String> maySeeNamespace) {
    if (nodes.containsKey(ref) || !maySeeNamespace.test(ref.namespace())) {
      return;
    }
    index
        .entity(ref)
        .ifPresent(
            e -> {
              nodes.put(ref, e);
              queue.add(Map.entry(ref, distance));
            });
  }

  private static GraphView elements(Map<EntityRef, Entity> nodes, Set<List<String>> edges) {
    List<GraphView.Element<GraphView.GraphNode>> nodeList = new ArrayList<>(nodes.size());
    nodes.forEach(
        (ref, entity) ->
            nodeList.add(
                new GraphView.Element<>(
                    new GraphView.GraphNode(
                        ref.key(),
                        ref.name(),
                        ref.namespace(),
                        entity.getSpec() == null || entity.getSpec().title == null
                            ? ref.name()
                            : entity.getSpec().title,
                        entity.getSpec() == null ? null : entity.getSpec().blueprint))));
    List<GraphView.Element<GraphView.GraphEdge>> edgeList = new ArrayList<>(edges.size());
    for (List<String> edge : edges) {
      edgeList.add(
          new GraphView.Element<>(
              new GraphView.GraphEdge(
                  edge.get(0) + "->" + edge.get(1) + ":" + edge.get(2),
                  edge.get(0),
                  edge.get(1),
                  edge.get(2))));
    }
    return new GraphView(List.copyOf(nodeList), List.copyOf(edgeList), nodes.size() >= MAX_NODES);
  }
}
