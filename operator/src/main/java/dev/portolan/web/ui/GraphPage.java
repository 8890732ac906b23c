package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Blueprint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The graph page: the form (a root entity or a set of blueprints, a depth, relation filters) and
 * the Cytoscape.js elements the API's graph service answers, each node given the colour of its
 * blueprint.
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
    boolean truncated) {

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
   * Adds each node's colour index to the elements, and returns the legend of the blueprints drawn.
   */
  static List<Choice> colour(JsonNode graph, CatalogIndex index) {
    TreeSet<String> drawn = new TreeSet<>();
    for (JsonNode node : graph.get("nodes")) {
      ObjectNode data = (ObjectNode) node.get("data");
      String blueprint = data.path("blueprint").asText("");
      data.put("colour", colourOf(index, blueprint));
      data.put("href", EntityPage.href(data.get("namespace").asText(), data.get("name").asText()));
      drawn.add(blueprint);
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
    return legend;
  }

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
