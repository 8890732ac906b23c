package dev.portolan.controller;

import dev.portolan.automation.AutomationCompiler;
import dev.portolan.automation.AutomationEngine;
import dev.portolan.automation.AutomationStatusBuilder;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.CoalescingTrigger;
import dev.portolan.kit.LoadGate;
import dev.portolan.kit.StatusWriter;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.util.List;

/**
 * The one writer of an Automation's status: the Ready condition and problems from the compiled spec
 * and the engine's seams, and what the {@link AutomationEngine} counted (folded in at most once a
 * second per automation through a {@link CoalescingTrigger}), with the watermark {@code
 * processedThrough}, moved on at least every {@link #WATERMARK_PERIOD}, and as soon as it can pass
 * the firings the counts wait for.
 */
@ControllerConfiguration(name = "automation")
public final class AutomationReconciler implements Reconciler<Automation> {
  /** How often the watermark moves on when nothing fires. */
  static final Duration WATERMARK_PERIOD = Duration.ofSeconds(30);

  private final LoadGate<Automation> loading;
  private final AutomationEngine engine;
  private final AutomationCompiler compiler;
  private final AutomationStatusBuilder statusBuilder;
  private final StatusWriter statusWriter;
  private final ErrorStatus errorStatus;
  private final CoalescingTrigger<Automation> fired =
      new CoalescingTrigger<>("automation-firings", Duration.ofSeconds(1));

  public AutomationReconciler(
      CatalogIndex index,
      AutomationEngine engine,
      AutomationCompiler compiler,
      AutomationStatusBuilder statusBuilder,
      StatusWriter statusWriter,
      ErrorStatus errorStatus) {
    this.loading = new LoadGate<>("catalog-loaded", index::isLoaded);
    this.engine = engine;
    this.compiler = compiler;
    this.statusBuilder = statusBuilder;
    this.statusWriter = statusWriter;
    this.errorStatus = errorStatus;
    engine.onChange(
        key -> {
          String[] parts = key.split("/", 2);
          fired.trigger(new ResourceID(parts[1], parts[0]));
        });
  }

  @Override
  public UpdateControl<Automation> reconcile(Automation automation, Context<Automation> context) {
    if (!loading.admits(automation)) {
      return UpdateControl.noUpdate(); // asked for again once the catalog has loaded
    }
    AutomationEngine.View view = engine.view(automation);
    Long generation = automation.getMetadata().getGeneration();
    var compiled = compiler.compile(automation);
    statusWriter.write(
        automation,
        context,
        current ->
            statusBuilder.build(
                current,
                compiled,
                view.problems(),
                view.tally(),
                view.processedThrough(),
                view.deniedNamespaces(),
                generation));
    engine.written(automation, view); // not reached when the write failed: nothing is settled
    Duration counted = engine.untilCounted(view);
    return UpdateControl.<Automation>noUpdate()
        .rescheduleAfter(counted == null ? WATERMARK_PERIOD : counted);
  }

  @Override
  public ErrorStatusUpdateControl<Automation> updateErrorStatus(
      Automation automation, Context<Automation> context, Exception e) {
    return errorStatus.record(automation, context, e, AutomationStatus::new);
  }

  @Override
  public List<EventSource<?, Automation>> prepareEventSources(
      EventSourceContext<Automation> context) {
    return List.of(loading, fired);
  }
}
