package dev.portolan.web.view;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.Relations;
import dev.portolan.model.Entity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The relation graph in Cytoscape.js's elements format ({@code nodes[].data}, {@code
 * edges[].data}): the neighbourhood of a root entity up to a depth, following relations either way,
 * or every entity of a set of blueprints with the relations among them.
 */
public final class CatalogGraph {
  public static final int MAX_DEPTH = 5;
  static final int MAX_NODES = 5000;

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

  public static GraphView ofBlueprints(
      CatalogIndex index,
      Set<String> blueprints,
      Set<String> relations,
      Predicate<String> maySeeNamespace) {
    Map<EntityRef, Entity> nodes = new LinkedHashMap<>();
    for (String blueprint : blueprints) {
      for (Entity entity : index.entitiesOfBlueprint(blueprint)) {
        if (nodes.size() < MAX_NODES && maySeeNamespace.test(entity.getMetadata().getNamespace())) {
          nodes.put(
              new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName()),
              entity);
        }
      }
    }
    Set<List<String>> edges = new LinkedHashSet<>();
    nodes.forEach(
        (ref, entity) -> {
          if (entity.getSpec() != null && entity.getSpec().relations != null) {
            for (String relation : entity.getSpec().relations.keySet()) {
              if (relations.isEmpty() || relations.contains(relation)) {
                for (EntityRef target : Relations.targets(entity, relation)) {
                  if (nodes.containsKey(target)) {
                    edges.add(List.of(ref.key(), target.key(), relation));
                  }
                }
              }
            }
          }
        });
    return elements(nodes, edges);
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
