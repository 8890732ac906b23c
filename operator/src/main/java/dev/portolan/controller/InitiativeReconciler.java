package dev.portolan.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.CatalogEventSource;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.initiative.CompiledInitiative;
import dev.portolan.initiative.EntityChangeToInitiativesMapper;
import dev.portolan.initiative.InitiativeCompiler;
import dev.portolan.initiative.InitiativeEvents;
import dev.portolan.initiative.InitiativeStandings;
import dev.portolan.initiative.InitiativeStatusBuilder;
import dev.portolan.initiative.Phase;
import dev.portolan.initiative.ScorecardChangeToInitiativesMapper;
import dev.portolan.kit.LoadGate;
import dev.portolan.kit.Problem;
import dev.portolan.kit.StatusWriter;
import dev.portolan.model.Initiative;
import dev.portolan.model.InitiativeStatus;
import dev.portolan.model.Scorecard;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps each initiative's status true (its only writer): whether its spec is valid against its
 * scorecard, its counts over the grades the scorecard's entities hold (written by the Entity
 * reconciler: nothing is graded here), today's point of progress and its phase, with an Event on
 * each phase it enters. It re-runs when a grade or an input of the filter changes, when its
 * scorecard changes, and at least hourly and just after each UTC midnight (days left, the expected
 * line and the day's point move with time alone).
 */
@ControllerConfiguration(name = "initiative")
public final class InitiativeReconciler implements Reconciler<Initiative> {
  static final Duration AT_LEAST_EVERY = Duration.ofHours(1);

  private final CatalogIndex index;
  private final LoadGate<Initiative> loading;
  private final InitiativeCompiler compiler;
  private final InitiativeStatusBuilder statusBuilder;
  private final StatusWriter statusWriter;
  private final InitiativeEvents events;
  private final Function<String, Map<String, JsonNode>> defaults;
  private final Clock clock;
  private final ErrorStatus errorStatus;

  public InitiativeReconciler(
      CatalogIndex index,
      InitiativeCompiler compiler,
      InitiativeStatusBuilder statusBuilder,
      StatusWriter statusWriter,
      InitiativeEvents events,
      Function<String, Map<String, JsonNode>> defaults,
      Clock clock,
      ErrorStatus errorStatus) {
    this.index = index;
    this.loading = new LoadGate<>("catalog-loaded", index::isLoaded);
    this.compiler = compiler;
    this.statusBuilder = statusBuilder;
    this.statusWriter = statusWriter;
    this.events = events;
    this.defaults = defaults;
    this.clock = clock;
    this.errorStatus = errorStatus;
  }

  @Override
  public UpdateControl<Initiative> reconcile(Initiative initiative, Context<Initiative> context) {
    if (!loading.admits(initiative)) {
      return UpdateControl.noUpdate(); // asked for again once the catalog has loaded
    }
    CompiledInitiative compiled = compiler.compile(initiative);
    Scorecard scorecard = index.scorecard(compiled.scorecard()).orElse(null);
    List<Problem> problems = compiled.problemsWith(scorecard);
    InitiativeStandings.Tally tally =
        problems.isEmpty()
            ? InitiativeStandings.of(
                    compiled,
                    scorecard.getSpec().levels,
                    index.entitiesOfBlueprint(scorecard.getSpec().blueprint),
                    defaults)
                .tally(namespace -> true)
            : null;
    Long generation = initiative.getMetadata().getGeneration();
    String before = initiative.getStatus() == null ? null : initiative.getStatus().phase;
    InitiativeStatus[] written = new InitiativeStatus[1];
    boolean wrote =
        statusWriter.write(
            initiative,
            context,
            current -> {
              written[0] = statusBuilder.build(current, compiled, problems, tally, generation);
              return written[0];
            });
    if (wrote && written[0].phase != null && !Objects.equals(before, written[0].phase)) {
      events.entered(
          initiative,
          before,
          Phase.valueOf(written[0].phase),
          written[0].phaseReason,
          written[0].phaseMessage);
    }
    return UpdateControl.<Initiative>noUpdate().rescheduleAfter(untilNextLook(clock.instant()));
  }

  /** An hour, or until just after the next UTC midnight when that comes sooner. */
  static Duration untilNextLook(Instant now) {
    Instant midnight =
        now.atZone(ZoneOffset.UTC)
            .toLocalDate()
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    Duration untilMidnight = Duration.between(now, midnight).plusSeconds(1);
    return untilMidnight.compareTo(AT_LEAST_EVERY) < 0 ? untilMidnight : AT_LEAST_EVERY;
  }

  @Override
  public ErrorStatusUpdateControl<Initiative> updateErrorStatus(
      Initiative initiative, Context<Initiative> context, Exception e) {
    return errorStatus.record(initiative, context, e, InitiativeStatus::new);
  }

  @Override
  public List<EventSource<?, Initiative>> prepareEventSources(
      EventSourceContext<Initiative> context) {
    var entities = new EntityChangeToInitiativesMapper(index);
    var scorecards = new ScorecardChangeToInitiativesMapper(index);
    return List.of(
        loading,
        new CatalogEventSource<Initiative>(
            "initiative-inputs",
            index,
            entities::map,
            (before, after) -> Set.<ResourceID>of(),
            scorecards::map));
  }
}
