package dev.portolan.web.ui;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.ActionDefinitionSpec;
import dev.portolan.model.Entity;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.view.ActionDefinitionView;
import dev.portolan.web.view.ActionViews;
import dev.portolan.web.view.AutomationViews;
import dev.portolan.web.view.CatalogGraph;
import dev.portolan.web.view.EntityDetail;
import dev.portolan.web.view.EntityView;
import dev.portolan.web.view.GraphView;
import dev.portolan.web.view.RunView;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An entity's page: its view, neighbourhood and scorecards, and the forms of the actions it offers,
 * which post a run.
 */
final class EntityPageController {
  private final CatalogIndex index;
  private final ActionViews actions;
  private final AutomationViews automations;
  private final PageRenderer renderer;

  /**
   * @param actions the action views, or null when the portal serves no actions
   */
  EntityPageController(
      CatalogIndex index, ActionViews actions, AutomationViews automations, PageRenderer renderer) {
    this.index = index;
    this.actions = actions;
    this.automations = automations;
    this.renderer = renderer;
  }

  void entity(Context ctx, Chrome chrome) {
    EntityRef ref =
        EntityRef.parse(ctx.pathParam("name"), ctx.pathParam("namespace"))
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "'"
                            + ctx.pathParam("namespace")
                            + "/"
                            + ctx.pathParam("name")
                            + "' is not a valid entity namespace and name",
                        "name"));
    Predicate<String> visible = Callers.of(ctx)::maySee;
    Entity entity =
        index
            .entity(ref)
            .filter(e -> visible.test(ref.namespace()))
            .orElseThrow(
                () -> ApiException.notFound("entity '" + ref.key() + "' does not exist", "name"));
    renderer.render(
        ctx,
        "entity.jte",
        chrome,
        withActions(entityPage(entity, ref, visible), entity, null, Map.of(), Map.of(), null));
  }

  /** An entity's page: its view as the API answers it, and its neighbourhood one relation away. */
  private EntityPage entityPage(Entity entity, EntityRef ref, Predicate<String> visible) {
    EntityDetail view = EntityView.of(entity, index, visible);
    GraphView graph = CatalogGraph.around(index, ref, 1, Set.of(), visible);
    return EntityPage.build(entity, view, GraphPage.draw(graph, index).json(), index)
        .withUpcoming(
            automations.dueOn(entity, visible).items().stream()
                .map(due -> EntityPage.Upcoming.of(due, ref.namespace()))
                .toList());
  }

  /**
   * The entity page with its actions' forms (one may carry the values and errors of a refused
   * submission).
   */
  private EntityPage withActions(
      EntityPage page,
      Entity entity,
      String submitted,
      Map<String, String> values,
      Map<String, String> errors,
      String formError) {
    if (actions == null) {
      return page;
    }
    List<ActionForms.Offer> offers = new ArrayList<>();
    for (ActionDefinitionView offer : actions.definitions().offeredBy(entity)) {
      String definition = offer.name();
      boolean this_ = definition.equals(submitted);
      offers.add(
          new ActionForms.Offer(
              definition,
              offer.title() == null ? definition : offer.title(),
              offer.description(),
              offer.operation(),
              offer.approvalRequired(),
              EntityPage.href(page.namespace(), page.name())
                  + "/actions/"
                  + Params.encode(definition),
              ActionForms.fields(
                  offer.inputSchema(), this_ ? values : Map.of(), this_ ? errors : Map.of()),
              this_ ? formError : null));
    }
    return page.withActions(offers, RunsPage.runs(actions.runs().recentOn(entity)));
  }

  void runAction(Context ctx, Chrome chrome) {
    EntityRef ref =
        EntityRef.parse(ctx.pathParam("name"), ctx.pathParam("namespace"))
            .orElseThrow(
                () -> ApiException.badRequest("not a valid entity namespace and name", "name"));
    Predicate<String> visible = Callers.of(ctx)::maySee;
    Entity entity =
        index
            .entity(ref)
            .filter(e -> visible.test(ref.namespace()))
            .orElseThrow(
                () -> ApiException.notFound("entity '" + ref.key() + "' does not exist", "name"));
    String definition = ctx.pathParam("definition");
    ActionDefinitionSpec.Inputs schema = actions.definitions().one(definition).inputSchema();
    Map<String, List<String>> form = ctx.formParamMap();
    var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    body.put("definition", definition);
    body.put("entity", ref.name());
    body.set("inputs", ActionForms.inputs(schema, form));
    try {
      RunView run = actions.requests().create(Callers.of(ctx), ref.namespace(), body);
      ctx.redirect(RunPage.href(run.namespace(), run.name()), HttpStatus.SEE_OTHER);
    } catch (ApiException e) {
      if (e.status() >= 500) {
        throw e;
      }
      Map<String, String> values = ActionForms.submitted(form);
      ActionForms.Refusal refusal = ActionForms.Refusal.of(e);
      Map<String, String> errors = refusal.errors();
      String formError = refusal.message();
      ctx.status(e.status());
      renderer.render(
          ctx,
          "entity.jte",
          chrome,
          withActions(
              entityPage(entity, ref, visible), entity, definition, values, errors, formError));
    }
  }
}
