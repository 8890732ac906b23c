package dev.portolan.web.ui;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.view.GraphQuery;
import dev.portolan.web.view.GraphView;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The Graph page: a root's neighbourhood or whole blueprints (all of them by default), drawn by
 * Cytoscape.js.
 */
final class GraphPageController {
  private final CatalogIndex index;
  private final PageRenderer renderer;

  GraphPageController(CatalogIndex index, PageRenderer renderer) {
    this.index = index;
    this.renderer = renderer;
  }

  void graph(Context ctx, Chrome chrome) {
    Params params = new Params("/graph", ctx.queryParamMap());
    String root = params.one("root").strip();
    List<String> blueprints = new ArrayList<>(GraphQuery.values(params.asMap(), "blueprint"));
    List<String> relations = GraphQuery.values(params.asMap(), "relation");
    int depth = GraphQuery.DEFAULT_DEPTH;
    CatalogPage.Problem problem = null;
    GraphView graph;
    Predicate<String> visible = Callers.of(ctx)::maySee;
    try {
      GraphQuery query = GraphQuery.parse(params.asMap());
      depth = query.depth();
      if (query.root() != null) {
        graph = query.around(index, new LinkedHashSet<>(relations), visible);
      } else {
        if (blueprints.isEmpty()) {
          index.blueprints().forEach(b -> blueprints.add(b.getMetadata().getName()));
        }
        graph =
            query.ofBlueprints(
                index, new TreeSet<>(blueprints), new LinkedHashSet<>(relations), visible);
      }
    } catch (ApiException e) {
      ctx.status(e.status());
      problem = new CatalogPage.Problem(e.body().parameter(), e.body().message());
      graph = null;
    }
    GraphPage.Drawing drawing = graph == null ? null : GraphPage.draw(graph, index);
    renderer.render(
        ctx,
        "graph.jte",
        chrome,
        new GraphPage(
            root,
            depth,
            GraphPage.blueprintChoices(index, root.isEmpty() ? blueprints : List.of()),
            GraphPage.relationChoices(index, relations),
            problem,
            drawing == null ? null : drawing.json(),
            drawing == null ? List.of() : drawing.legend(),
            drawing == null ? 0 : drawing.nodes(),
            drawing != null && drawing.truncated(),
            drawing == null ? null : drawing.cutMessage()));
  }
}
