package dev.portolan.web.ui;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Entity;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.view.ActionDefinitionView;
import dev.portolan.web.view.ActionViews;
import dev.portolan.web.view.RunView;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The Create page: every ready {@code Create} definition with its form, and its submission, which
 * creates the run as the signed-in user through the same request as an entity's action form and the
 * API's {@code POST /api/v1/namespaces/{namespace}/actions} (the caller's own credentials, the dry
 * run, admission and the operator's checks), in the namespace the form names.
 */
final class CreatePageController {
  static final String CREATE = "Create";

  private final CatalogIndex index;
  private final ActionViews actions;
  private final PageRenderer renderer;

  CreatePageController(CatalogIndex index, ActionViews actions, PageRenderer renderer) {
    this.index = index;
    this.actions = actions;
    this.renderer = renderer;
  }

  void page(Context ctx, Chrome chrome) {
    renderer.render(ctx, "create.jte", chrome, page(ctx, null, null, Map.of(), Map.of(), null));
  }

  void create(Context ctx, Chrome chrome) {
    String definition = ctx.pathParam("definition");
    ActionDefinitionView view = actions.definitions().one(definition);
    if (!CREATE.equals(view.operation())) {
      throw ApiException.notFound(
          "'" + definition + "' is not a Create action; an entity's page offers it", "definition");
    }
    Map<String, List<String>> form = ctx.formParamMap();
    String namespace = ctx.formParam("namespace");
    var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    body.put("definition", definition);
    body.set("inputs", ActionForms.inputs(view.inputSchema(), form));
    try {
      if (namespace == null || namespace.isBlank()) {
        throw ApiException.badRequest(
            "namespace is required: choose where the run and what it creates will be", "namespace");
      }
      RunView run = actions.requests().create(Callers.of(ctx), namespace, body);
      ctx.redirect(RunPage.href(run.namespace(), run.name()), HttpStatus.SEE_OTHER);
    } catch (ApiException e) {
      if (e.status() >= 500) {
        throw e;
      }
      ActionForms.Refusal refusal = ActionForms.Refusal.of(e);
      ctx.status(e.status());
      renderer.render(
          ctx,
          "create.jte",
          chrome,
          page(
              ctx,
              definition,
              namespace,
              ActionForms.submitted(form),
              refusal.errors(),
              refusal.message()));
    }
  }

  /** The page, one form of which may carry a refused submission's values and messages. */
  private CreatePage page(
      Context ctx,
      String submitted,
      String namespace,
      Map<String, String> values,
      Map<String, String> errors,
      String formError) {
    Predicate<String> visible = Callers.of(ctx)::maySee;
    List<ActionForms.Offer> offers = new ArrayList<>();
    for (ActionDefinitionView view : actions.definitions().list().items()) {
      if (!CREATE.equals(view.operation()) || !view.ready()) {
        continue;
      }
      boolean this_ = view.name().equals(submitted);
      List<String> namespaces = namespaces(view.blueprint(), visible);
      offers.add(
          new ActionForms.Offer(
              view.name(),
              view.title() == null ? view.name() : view.title(),
              view.description(),
              view.operation(),
              view.approvalRequired(),
              "/create/" + Params.encode(view.name()),
              ActionForms.fields(
                  view.inputSchema(), this_ ? values : Map.of(), this_ ? errors : Map.of()),
              this_ ? formError : null,
              namespaces,
              this_ && namespace != null
                  ? namespace
                  : namespaces.isEmpty() ? null : namespaces.get(0)));
    }
    return new CreatePage(offers);
  }

  /**
   * The namespaces to offer: those holding entities of the definition's blueprint that the caller
   * may see (where such things live), else every namespace of the catalog the caller may see.
   */
  private List<String> namespaces(String blueprint, Predicate<String> visible) {
    TreeSet<String> found = new TreeSet<>();
    List<Entity> entities = blueprint == null ? List.of() : index.entitiesOfBlueprint(blueprint);
    if (entities.isEmpty()) {
      entities = index.entities();
    }
    for (Entity entity : entities) {
      found.add(entity.getMetadata().getNamespace());
    }
    found.removeIf(visible.negate());
    return List.copyOf(found);
  }
}
