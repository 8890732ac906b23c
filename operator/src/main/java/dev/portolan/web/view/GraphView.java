package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A relation graph in Cytoscape.js's elements format: {@code {"nodes": [{"data": {...}}], "edges":
 * [{"data": {...}}], "truncated": false}}.
 *
 * @param truncated whether the graph was cut: a neighbourhood stopped at {@link
 *     CatalogGraph#MAX_NODES} nodes, a blueprint set kept its {@link CatalogGraph#MAX_SET_NODES}
 *     most connected ones
 * @param nodesLeftOut how many entities the cut left out (absent when not cut or not known)
 * @param edgesLeftOut how many relations the cut left out (absent when not cut or not known)
 * @param message what was cut and the parameters that narrow the graph (absent when not cut)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GraphView(
    List<Element<GraphNode>> nodes,
    List<Element<GraphEdge>> edges,
    boolean truncated,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer nodesLeftOut,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer edgesLeftOut,
    @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

  /** A graph with no counts of what a cut left out. */
  public GraphView(
      List<Element<GraphNode>> nodes, List<Element<GraphEdge>> edges, boolean truncated) {
    this(nodes, edges, truncated, null, null, null);
  }

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
