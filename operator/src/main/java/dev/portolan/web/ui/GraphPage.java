package dev.portolan.web.ui;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Blueprint;
import dev.portolan.web.view.GraphView;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The graph page: the form (a root entity or a set of blueprints, a depth, relation filters) and
 * the Cytoscape.js elements the API's graph service answers, each node given the colour of its
 * blueprint. A blueprint set's graph cut to its most connected entities says so ({@code
 * cutMessage}) and is drawn grouped by owner, so that what is left stays readable.
 */
public record GraphPage(
    String root,
    int depth,
    List<Choice> blueprints,
    List<Choice> relations,
    CatalogPage.Problem problem,
    String graphJson,
    List<Choice> legend,
    int nodes,
    boolean truncated,
    String cutMessage) {

  /** The number of node colours the style sheet defines (--bp-0 to --bp-9). */
  static final int COLOURS = 10;

  /** A checkbox or legend entry; {@code colour} indexes the palette. */
  public record Choice(String value, String label, boolean selected, int colour) {}

  public boolean hasProblem() {
    return problem != null;
  }

  public boolean hasGraph() {
    return graphJson != null;
  }

  public List<Integer> depths() {
    return java.util.stream.IntStream.rangeClosed(1, dev.portolan.web.view.CatalogGraph.MAX_DEPTH)
        .boxed()
        .toList();
  }

  /**
   * The palette index of each blueprint: by name, so a blueprint keeps its colour on every page.
   */
  static int colourOf(CatalogIndex index, String blueprint) {
    List<String> names =
        index.blueprints().stream().map(b -> b.getMetadata().getName()).sorted().toList();
    int at = names.indexOf(blueprint);
    return at < 0 ? COLOURS - 1 : at % COLOURS;
  }

  /**
   * A graph as the page draws it: the elements as JSON for Cytoscape.js, each node with its
   * blueprint's colour and its page's link, and the legend of the blueprints drawn.
   */
  record Drawing(
      String json, List<Choice> legend, int nodes, boolean truncated, String cutMessage) {}

  /** The id prefix of the group nodes of a cut graph, one per owner. */
  static final String OWNER_GROUP = "owner:";

  /**
   * A node as the page draws it: the view's node with a colour index and a link, and in a cut graph
   * the owner group it is drawn in ({@code parent}, a node without a link).
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record DrawnNode(
      String id,
      String name,
      String namespace,
      String label,
      String blueprint,
      int colour,
      String href,
      @JsonInclude(JsonInclude.Include.NON_NULL) String parent) {}

  /**
   * The graph with each node given its blueprint's colour index and its page's link, and the legend
   * of the blueprints drawn.
   */
  static Drawing draw(GraphView graph, CatalogIndex index) {
    TreeSet<String> drawn = new TreeSet<>();
    List<GraphView.Element<DrawnNode>> nodes = new ArrayList<>();
    boolean grouped = graph.message() != null; // a blueprint set cut: grouped by owner
    TreeSet<String> owners = new TreeSet<>();
    for (GraphView.Element<GraphView.GraphNode> element : graph.nodes()) {
      GraphView.GraphNode node = element.data();
      String blueprint = node.blueprint() == null ? "" : node.blueprint();
      String parent = null;
      if (grouped) {
        String owner =
            index
                .entity(new dev.portolan.catalog.EntityRef(node.namespace(), node.name()))
                .map(e -> e.getSpec() == null ? null : e.getSpec().owner)
                .filter(o -> !o.isEmpty())
                .orElse("(no owner)");
        owners.add(owner);
        parent = OWNER_GROUP + owner;
      }
      nodes.add(
          new GraphView.Element<>(
              new DrawnNode(
                  node.id(),
                  node.name(),
                  node.namespace(),
                  node.label(),
                  node.blueprint(),
                  colourOf(index, blueprint),
                  EntityPage.href(node.namespace(), node.name()),
                  parent)));
      drawn.add(blueprint);
    }
    int entities = nodes.size();
    for (String owner : owners) {
      nodes.add(
          new GraphView.Element<>(
              new DrawnNode(OWNER_GROUP + owner, owner, null, owner, null, 0, null, null)));
    }
    List<Choice> legend = new ArrayList<>();
    for (String blueprint : drawn) {
      legend.add(
          new Choice(
              blueprint,
              index.blueprint(blueprint).map(b -> b.getSpec().title).orElse(blueprint),
              true,
              colourOf(index, blueprint)));
    }
    String json;
    try {
      json =
          Serialization.jsonMapper()
              .writeValueAsString(new Elements(nodes, graph.edges(), graph.truncated()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return new Drawing(json, legend, entities, graph.truncated(), graph.message());
  }

  /** The elements Cytoscape.js draws, in {@link GraphView}'s shape. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private record Elements(
      List<GraphView.Element<DrawnNode>> nodes,
      List<GraphView.Element<GraphView.GraphEdge>> edges,
      boolean truncated) {}

  static List<Choice> blueprintChoices(CatalogIndex index, List<String> selected) {
    return index.blueprints().stream()
        .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
        .map(
            b ->
                new Choice(
                    b.getMetadata().getName(),
                    b.getSpec().title,
                    selected.contains(b.getMetadata().getName()),
                    colourOf(index, b.getMetadata().getName())))
        .toList();
  }

  static List<Choice> relationChoices(CatalogIndex index, List<String> selected) {
    TreeSet<String> names = new TreeSet<>();
    for (Blueprint blueprint : index.blueprints()) {
      names.addAll(blueprint.getSpec().relations.keySet());
    }
    return names.stream().map(n -> new Choice(n, n, selected.contains(n), 0)).toList();
  }
}
