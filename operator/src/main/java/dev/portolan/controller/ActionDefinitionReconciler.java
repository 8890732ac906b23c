package dev.portolan.controller;

import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.action.CompiledActionDefinition;
import dev.portolan.catalog.CatalogEventSource;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.Conditions;
import dev.portolan.kit.LoadGate;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Problems;
import dev.portolan.kit.StatusWriter;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.ActionDefinitionStatus;
import dev.portolan.model.Blueprint;
import dev.portolan.model.StatusProblem;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps each action definition's {@code Ready} condition true: its blueprint exists, its input
 * schema, condition and Job template are valid. Re-runs when its blueprint appears or goes.
 */
@ControllerConfiguration(name = "actiondefinition")
public final class ActionDefinitionReconciler implements Reconciler<ActionDefinition> {
  public static final String READY = "Ready";

  private final CatalogIndex index;
  private final LoadGate<ActionDefinition> loading;
  private final ActionDefinitionCompiler compiler;
  private final StatusWriter statusWriter;
  private final ErrorStatus errorStatus;
  private final Conditions conditions;

  public ActionDefinitionReconciler(
      CatalogIndex index,
      ActionDefinitionCompiler compiler,
      StatusWriter statusWriter,
      Conditions conditions,
      ErrorStatus errorStatus) {
    this.index = index;
    this.loading = new LoadGate<>("catalog-loaded", index::isLoaded);
    this.compiler = compiler;
    this.statusWriter = statusWriter;
    this.errorStatus = errorStatus;
    this.conditions = conditions;
  }

  @Override
  public UpdateControl<ActionDefinition> reconcile(
      ActionDefinition definition, Context<ActionDefinition> context) {
    if (!loading.admits(definition)) {
      return UpdateControl.noUpdate(); // asked for again once the catalog has loaded
    }
    CompiledActionDefinition compiled = compiler.compile(definition);
    List<Problem> problems = new ArrayList<>(compiled.problems());
    String blueprint = definition.getSpec().blueprint;
    if (index.blueprint(blueprint).isEmpty()) {
      problems.add(
          0,
          Problem.at(
              "BlueprintNotFound",
              "spec.blueprint",
              "no blueprint named "
                  + blueprint
                  + "; the blueprints are "
                  + index.blueprints().stream()
                      .map(b -> b.getMetadata().getName())
                      .sorted()
                      .toList()));
    }
    String reason = Problems.reason(problems, "Valid");
    String message =
        problems.isEmpty()
            ? "ready to run "
                + definition.getSpec().operation
                + " actions on "
                + blueprint
                + " entities"
            : Problems.message(problems);
    Long generation = definition.getMetadata().getGeneration();
    statusWriter.write(
        definition,
        context,
        current -> {
          ActionDefinitionStatus status = new ActionDefinitionStatus();
          status.observedGeneration = generation;
          status.conditions =
              Conditions.list(
                  conditions.build(
                      current == null ? null : current.conditions,
                      READY,
                      problems.isEmpty(),
                      reason,
                      message,
                      generation));
          status.problems = Problems.listed(problems, StatusProblem::new);
          return status;
        });
    return UpdateControl.noUpdate();
  }

  /**
   * A reconcile that threw shows in the status as a {@code ReconcileFailed} condition; the SDK
   * retries it.
   */
  @Override
  public ErrorStatusUpdateControl<ActionDefinition> updateErrorStatus(
      ActionDefinition definition, Context<ActionDefinition> context, Exception e) {
    return errorStatus.record(definition, context, e, ActionDefinitionStatus::new);
  }

  @Override
  public List<EventSource<?, ActionDefinition>> prepareEventSources(
      EventSourceContext<ActionDefinition> context) {
    return List.of(
        loading,
        new CatalogEventSource<>(
            "catalog-changes", index, (before, after) -> Set.of(), this::definitionsOf));
  }

  private Set<ResourceID> definitionsOf(Blueprint before, Blueprint after) {
    if (before != null && after != null) {
      return Set.of(); // a blueprint that stays does not change whether definitions find it
    }
    Set<ResourceID> ids = new HashSet<>();
    Blueprint changed = after != null ? after : before;
    index
        .actionDefinitionsOfBlueprint(changed.getMetadata().getName())
        .forEach(d -> ids.add(new ResourceID(d.getMetadata().getName())));
    return ids;
  }
}
