package dev.portolan.web.ui;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.search.EntitySearch;
import dev.portolan.search.QueryException;
import dev.portolan.web.auth.Callers;
import io.javalin.http.Context;
import java.util.function.Predicate;

/** The Catalog page: a search with facets, its results alone for htmx. */
final class CatalogPageController {
  private final CatalogIndex index;
  private final EntitySearch search;
  private final PageRenderer renderer;

  CatalogPageController(CatalogIndex index, EntitySearch search, PageRenderer renderer) {
    this.index = index;
    this.search = search;
    this.renderer = renderer;
  }

  void catalog(Context ctx, Chrome chrome) {
    Params params = new Params("/catalog", ctx.queryParamMap());
    Predicate<String> visible = Callers.of(ctx)::maySee;
    CatalogPage page;
    try {
      page =
          CatalogPage.build(params, index, query -> search.results(search.parse(query), visible));
    } catch (QueryException e) {
      ctx.status(400);
      page = CatalogPage.failed(params, new CatalogPage.Problem(e.parameter(), e.getMessage()));
    }
    boolean partial =
        ctx.header("HX-Request") != null
            && !"true".equals(ctx.header("HX-History-Restore-Request"));
    renderer.render(ctx, partial ? "catalog-results.jte" : "catalog.jte", chrome, page);
  }
}
