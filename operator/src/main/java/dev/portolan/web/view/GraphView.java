package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A relation graph in Cytoscape.js's elements format: {@code {"nodes": [{"data": {...}}], "edges":
 * [{"data": {...}}], "truncated": false}}.
 *
 * @param truncated whether the graph stopped at {@link CatalogGraph#MAX_NODES} nodes
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GraphView(
    List<Element<GraphNode>> nodes, List<Element<GraphEdge>> edges, boolean truncated) {

  /** One element of the graph, as Cytoscape.js takes it: its fields under {@code data}. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Element<T>(T data) {}

  /**
   * An entity drawn as a node.
   *
   * @param id the entity's namespace/name
   * @param label its title, or its name when it has none
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record GraphNode(
      String id, String name, String namespace, String label, String blueprint) {}

  /**
   * A relation drawn as an edge, from the entity that holds it to its target.
   *
   * @param id {@code source->target:relation}
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record GraphEdge(String id, String source, String target, String relation) {}
}
