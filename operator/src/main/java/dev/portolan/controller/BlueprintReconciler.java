package dev.portolan.controller;

import dev.portolan.catalog.BlueprintChecker;
import dev.portolan.catalog.BlueprintCompiler;
import dev.portolan.catalog.BlueprintControllerMappers;
import dev.portolan.catalog.CatalogEventSource;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.discovery.DiscoveryReports;
import dev.portolan.kit.LoadGate;
import dev.portolan.kit.StatusWriter;
import dev.portolan.kit.TriggerEventSource;
import dev.portolan.model.Blueprint;
import dev.portolan.model.BlueprintStatus;
import dev.portolan.model.Entity;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * Keeps each blueprint's status true: whether its schema, expressions, relation targets and
 * mirrored paths are valid, how many entities use it, and what discovery reports of its rules.
 * Re-runs when a blueprint it reads appears, changes or goes, when its entities come and go, and
 * when its discovery report changes.
 */
@ControllerConfiguration(name = "blueprint")
public final class BlueprintReconciler implements Reconciler<Blueprint> {
  private final CatalogIndex index;
  private final LoadGate<Blueprint> loading;
  private final BlueprintCompiler compiler;
  private final BlueprintStatusBuilder statusBuilder;
  private final StatusWriter statusWriter;
  private final ErrorStatus errorStatus;
  private final DiscoveryReports discoveryReports;

  public BlueprintReconciler(
      CatalogIndex index,
      BlueprintCompiler compiler,
      BlueprintStatusBuilder statusBuilder,
      StatusWriter statusWriter,
      DiscoveryReports discoveryReports,
      ErrorStatus errorStatus) {
    this.index = index;
    this.loading = new LoadGate<>("catalog-loaded", index::isLoaded);
    this.discoveryReports = discoveryReports;
    this.compiler = compiler;
    this.statusBuilder = statusBuilder;
    this.statusWriter = statusWriter;
    this.errorStatus = errorStatus;
  }

  @Override
  public UpdateControl<Blueprint> reconcile(Blueprint blueprint, Context<Blueprint> context) {
    if (!loading.admits(blueprint)) {
      return UpdateControl.noUpdate(); // asked for again once the catalog has loaded
    }
    BlueprintChecker.Result check = BlueprintChecker.check(compiler.compile(blueprint), index);
    String name = blueprint.getMetadata().getName();
    List<Entity> entities = index.entitiesOfBlueprint(name);
    Long generation = blueprint.getMetadata().getGeneration();
    boolean discovers =
        blueprint.getSpec() != null
            && blueprint.getSpec().discovery != null
            && !blueprint.getSpec().discovery.isEmpty();
    DiscoveryReports.Report discovery = discovers ? discoveryReports.reportIfKnown(name) : null;
    int discovered = (int) entities.stream().filter(DiscoveredEntities::isDiscovered).count();
    statusWriter.write(
        blueprint,
        context,
        current ->
            statusBuilder.build(
                current, check, entities.size(), generation, discovers, discovery, discovered));
    return UpdateControl.noUpdate();
  }

  /**
   * A reconcile that threw shows in the status as a {@code ReconcileFailed} condition; the SDK
   * retries it.
   */
  @Override
  public ErrorStatusUpdateControl<Blueprint> updateErrorStatus(
      Blueprint blueprint, Context<Blueprint> context, Exception e) {
    return errorStatus.record(blueprint, context, e, BlueprintStatus::new);
  }

  @Override
  public List<EventSource<?, Blueprint>> prepareEventSources(
      EventSourceContext<Blueprint> context) {
    TriggerEventSource<Blueprint> reports = new TriggerEventSource<>("discovery-reports");
    discoveryReports.addListener(name -> reports.trigger(new ResourceID(name)));
    return List.of(
        loading,
        new CatalogEventSource<>(
            "catalog-changes",
            index,
            BlueprintControllerMappers::countingBlueprints,
            (before, after) ->
                BlueprintControllerMappers.dependentBlueprints(before, after, index)),
        reports);
  }
}
