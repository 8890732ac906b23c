package dev.portolan.controller;

import dev.portolan.action.ActionEvents;
import dev.portolan.action.ActionRecords;
import dev.portolan.catalog.CatalogEventSource;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.Changes;
import dev.portolan.kit.LoadGate;
import dev.portolan.kit.Problem;
import dev.portolan.kit.StatusWriter;
import dev.portolan.model.Scorecard;
import dev.portolan.model.Waiver;
import dev.portolan.model.WaiverStatus;
import dev.portolan.waiver.EntityChangeToWaiversMapper;
import dev.portolan.waiver.WaiverMatcher;
import dev.portolan.waiver.WaiverState;
import dev.portolan.waiver.WaiverStatusBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps each Waiver's status true: its phase (from admission's records and the clock), who asked
 * and who decided, the entities it covers, and problems with the scorecard or rules it names. An
 * Event marks each decision and the expiry. While a waiver is pending or active it is reconciled
 * again at the second it expires (a timer at {@code spec.expiresAt}, not a poll). The entities'
 * grades do not wait for this status: the Entity controller reads the same records.
 */
// Decisions are annotations, which do not change the generation: every change must reach it.
@ControllerConfiguration(name = "waiver", generationAwareEventProcessing = false)
public final class WaiverReconciler implements Reconciler<Waiver> {
  private final CatalogIndex index;
  private final LoadGate<Waiver> loading;
  private final WaiverStatusBuilder statusBuilder;
  private final StatusWriter statusWriter;
  private final ActionEvents events;
  private final ErrorStatus errorStatus;
  private final Clock clock;
  private final boolean recorded;

  /**
   * @param recorded whether an admission webhook records who requests and decides
   */
  public WaiverReconciler(
      CatalogIndex index,
      WaiverStatusBuilder statusBuilder,
      StatusWriter statusWriter,
      ActionEvents events,
      ErrorStatus errorStatus,
      Clock clock,
      boolean recorded) {
    this.index = index;
    this.loading = new LoadGate<>("catalog-loaded", index::isLoaded);
    this.statusBuilder = statusBuilder;
    this.statusWriter = statusWriter;
    this.events = events;
    this.errorStatus = errorStatus;
    this.clock = clock;
    this.recorded = recorded;
  }

  @Override
  public UpdateControl<Waiver> reconcile(Waiver waiver, Context<Waiver> context) {
    if (!loading.admits(waiver)) {
      return UpdateControl.noUpdate(); // asked for again once the catalog has loaded
    }
    Instant now = clock.instant();
    WaiverState state = WaiverState.of(waiver, now, recorded);
    List<Problem> problems =
        waiver.getSpec() == null
            ? List.of()
            : WaiverStatusBuilder.problems(waiver, index.scorecard(waiver.getSpec().scorecard));
    List<String> covered =
        index.entitiesIn(waiver.getMetadata().getNamespace()).stream()
            .filter(e -> WaiverMatcher.covers(waiver, e))
            .map(e -> e.getMetadata().getName())
            .toList();
    String before = waiver.getStatus() == null ? null : waiver.getStatus().phase;
    Long generation = waiver.getMetadata().getGeneration();
    statusWriter.write(
        waiver,
        context,
        current -> statusBuilder.build(current, waiver, state, problems, covered, generation));
    if (!Objects.equals(before, state.phase())) {
      announce(waiver, state);
    }
    if (state.expiresAt() != null
        && (WaiverState.PENDING.equals(state.phase()) || state.active())) {
      // Reconciled again at the second it expires; a few milliseconds late rather than early.
      Duration left = Duration.between(now, state.expiresAt()).plusMillis(5);
      return UpdateControl.<Waiver>noUpdate().rescheduleAfter(left);
    }
    return UpdateControl.noUpdate();
  }

  private void announce(Waiver waiver, WaiverState state) {
    String decider = state.decider().map(ActionRecords.Identity::username).orElse("?");
    switch (state.phase()) {
      case WaiverState.ACTIVE ->
          events.enteredPhase(
              waiver,
              false,
              "Approved",
              "Approved by "
                  + decider
                  + ": rules "
                  + waiver.getSpec().rules
                  + " of scorecard "
                  + waiver.getSpec().scorecard
                  + " are waived until "
                  + state.expiresAt());
      case WaiverState.REJECTED ->
          events.enteredPhase(waiver, true, "Rejected", "Rejected by " + decider);
      case WaiverState.EXPIRED ->
          events.enteredPhase(
              waiver,
              false,
              "Expired",
              "Expired at "
                  + state.expiresAt()
                  + "; rules "
                  + waiver.getSpec().rules
                  + " are graded as usual again");
      default -> {}
    }
  }

  @Override
  public ErrorStatusUpdateControl<Waiver> updateErrorStatus(
      Waiver waiver, Context<Waiver> context, Exception e) {
    return errorStatus.record(waiver, context, e, WaiverStatus::new);
  }

  @Override
  public List<EventSource<?, Waiver>> prepareEventSources(EventSourceContext<Waiver> context) {
    var byEntity = new EntityChangeToWaiversMapper(index::waiversIn);
    return List.of(
        loading,
        new CatalogEventSource<Waiver>(
            "waiver-catalog-changes",
            index,
            byEntity::map,
            (before, after) -> Set.of(),
            this::naming));
  }

  /** A scorecard's arrival, removal or change of spec: the waivers that name it. */
  private Set<ResourceID> naming(Scorecard before, Scorecard after) {
    if (!Changes.specChanged(before, after)) {
      return Set.of();
    }
    Scorecard scorecard = after != null ? after : before;
    Set<ResourceID> ids = new HashSet<>();
    for (Waiver waiver : index.waivers()) {
      if (waiver.getSpec() != null
          && scorecard.getMetadata().getName().equals(waiver.getSpec().scorecard)) {
        ids.add(ResourceID.fromResource(waiver));
      }
    }
    return ids;
  }
}
