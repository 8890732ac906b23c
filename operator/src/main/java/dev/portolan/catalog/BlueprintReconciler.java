package dev.portolan.catalog;

import dev.portolan.model.Blueprint;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * Keeps each blueprint's status true: whether its schema, expressions, relation targets and
 * mirrored paths are valid, and how many entities use it. Re-runs when a blueprint it reads
 * appears, changes or goes, and when its entities come and go.
 */
@ControllerConfiguration(name = "blueprint")
public final class BlueprintReconciler implements Reconciler<Blueprint> {
  private final CatalogIndex index;
  private final BlueprintCompiler compiler;
  private final BlueprintStatusBuilder statusBuilder;
  private final StatusWriter statusWriter;

  public BlueprintReconciler(CatalogIndex index, BlueprintCompiler compiler, BlueprintStatusBuilder statusBuilder,
      StatusWriter statusWriter) {
    this.index = index;
    this.compiler = compiler;
    this.statusBuilder = statusBuilder;
    this.statusWriter = statusWriter;
  }

  @Override
  public UpdateControl<Blueprint> reconcile(Blueprint blueprint, Context<Blueprint> context) {
    BlueprintChecker.Result check = BlueprintChecker.check(compiler.compile(blueprint), index);
    int entities = index.entitiesOfBlueprint(blueprint.getMetadata().getName()).size();
    Long generation = blueprint.getMetadata().getGeneration();
    statusWriter.write(blueprint, context, current -> statusBuilder.build(current, check, entities, generation));
    return UpdateControl.noUpdate();
  }

  @Override
  public List<EventSource<?, Blueprint>> prepareEventSources(EventSourceContext<Blueprint> context) {
    return List.of(new CatalogEventSource<>("catalog-changes", index,
        BlueprintControllerMappers::countingBlueprints,
        (before, after) -> BlueprintControllerMappers.dependentBlueprints(before, after, index)));
  }
}
