package dev.portolan.web.ui;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.view.ActionViews;
import dev.portolan.web.view.ItemList;
import dev.portolan.web.view.RunView;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Actions pages: the runs by phase, action and requester; one run with its timeline, log and,
 * for an approver, its decision.
 */
final class RunPagesController {
  private final CatalogIndex index;
  private final ActionViews actions;
  private final PageRenderer renderer;

  RunPagesController(CatalogIndex index, ActionViews actions, PageRenderer renderer) {
    this.index = index;
    this.actions = actions;
    this.renderer = renderer;
  }

  void runs(Context ctx, Chrome chrome) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String name : List.of("phase", "definition", "requester")) {
      String value = ctx.queryParam(name);
      if (value != null && !value.isBlank()) {
        query.put(name, List.of(value));
      }
    }
    for (String name : ctx.queryParamMap().keySet()) {
      if (!List.of("phase", "definition", "requester").contains(name)) {
        throw ApiException.badRequest(
            "unknown parameter '" + name + "'; use phase, definition, requester", name);
      }
    }
    query.put("limit", List.of("200"));
    ItemList<RunView> found = actions.runs().list(query, Callers.of(ctx)::maySee);
    List<String> definitions =
        index.actionDefinitions().stream().map(d -> d.getMetadata().getName()).sorted().toList();
    renderer.render(
        ctx,
        "runs.jte",
        chrome,
        new RunsPage(
            first(query, "phase"),
            first(query, "definition"),
            first(query, "requester"),
            List.of("Pending", "WaitingForApproval", "Running", "Succeeded", "Failed", "Rejected"),
            definitions,
            RunsPage.runs(found.items()),
            found.total()));
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null ? "" : values.get(0);
  }

  void run(Context ctx, Chrome chrome) throws InterruptedException {
    renderRun(ctx, chrome, null);
  }

  private void renderRun(Context ctx, Chrome chrome, String decisionError)
      throws InterruptedException {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    Predicate<String> visible = Callers.of(ctx)::maySee;
    RunView run = awaitRun(namespace, name, visible);
    String phase = run.phase();
    boolean finished = List.of("Succeeded", "Failed", "Rejected").contains(phase);
    String definitionName = run.definition();
    var definition = index.actionDefinition(definitionName);
    String requester = run.requester();
    var caller = Callers.of(ctx).identity();
    boolean mayDecide =
        "WaitingForApproval".equals(phase)
            && caller.isPresent()
            && actions.definitions().mayDecide(definitionName, requester, caller.get());
    String log = null;
    if (run.progress() != null && run.progress().job() != null) {
      try {
        log = actions.logs().of(Callers.of(ctx), namespace, name);
      } catch (ApiException e) {
        log = e.body().message();
      }
    }
    String entity = run.entity();
    RunPage page =
        new RunPage(
            namespace,
            name,
            definitionName,
            definition.map(d -> d.getSpec().title).orElse(definitionName),
            entity,
            entity == null ? null : EntityPage.href(namespace, run.entityName()),
            phase,
            run.progress() == null ? null : run.progress().message(),
            requester,
            run.approver(),
            RunPage.items(run.inputs()),
            RunPage.timeline(run),
            RunPage.items(run.progress() == null ? null : run.progress().outputs()),
            mayDecide,
            finished,
            log,
            decisionError);
    boolean partial = ctx.path().endsWith("/status");
    renderer.render(ctx, partial ? "run-status.jte" : "run.jte", chrome, page);
  }

  /**
   * A run just created may take a moment to reach the index the page reads: wait for it briefly.
   */
  private RunView awaitRun(String namespace, String name, Predicate<String> visible)
      throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return actions.runs().one(namespace, name, visible);
      } catch (ApiException e) {
        if (e.status() != 404 || attempt >= 20) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  void decide(Context ctx, Chrome chrome) throws InterruptedException {
    String decision = ctx.formParam("decision");
    try {
      actions
          .requests()
          .decide(Callers.of(ctx), ctx.pathParam("namespace"), ctx.pathParam("name"), decision);
      ctx.redirect(
          RunPage.href(ctx.pathParam("namespace"), ctx.pathParam("name")), HttpStatus.SEE_OTHER);
    } catch (ApiException e) {
      if (e.status() == 404) {
        throw e;
      }
      ctx.status(e.status());
      renderRun(ctx, chrome, e.body().message());
    }
  }
}
