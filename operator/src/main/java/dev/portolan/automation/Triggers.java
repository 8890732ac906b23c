package dev.portolan.automation;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.EntityVariables;
import dev.portolan.kit.Timestamps;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which occurrence, if any, one change of an entity or an Action is for one automation's trigger:
 * of its blueprint (or definition), in a namespace it watches, after its floor. Date-time
 * properties and schedules are not changes but instants: {@link AutomationTimers} makes those.
 */
final class Triggers {
  private static final Set<String> TERMINAL = AutomationCompiler.TERMINAL_PHASES;

  private final CatalogIndex index;
  private final NamespaceScope namespaces;
  private final Floors floors;
  private final Clock clock;

  Triggers(CatalogIndex index, NamespaceScope namespaces, Floors floors, Clock clock) {
    this.index = index;
    this.namespaces = namespaces;
    this.floors = floors;
    this.clock = clock;
  }

  /** An entity of the blueprint created after the floor (on its creation, or in a replay). */
  Optional<Occurrence> created(CompiledAutomation a, Entity e) {
    Instant created = Timestamps.parse(e.getMetadata().getCreationTimestamp());
    if (!ofBlueprint(e, a.blueprint()) || !floors.after(a, created) || !watches(a, e)) {
      return Optional.empty();
    }
    return Optional.of(
        new Occurrence(
            OccurrenceIds.created(e.getMetadata().getUid()),
            TriggerKind.ENTITY_CREATED,
            created,
            e,
            null,
            null,
            null,
            null));
  }

  /**
   * A new resourceVersion of an entity of the blueprint that changed what CEL sees of it (its spec,
   * labels, calculated or mirrored values), so the operator's own bookkeeping in its status (the
   * conditions, the grades, observedGeneration) is no update: CEL sees it and the one before.
   */
  Optional<Occurrence> updated(CompiledAutomation a, Entity before, Entity after) {
    if (!ofBlueprint(after, a.blueprint())
        || Objects.equals(
            before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())
        || !watches(a, after)
        || EntityVariables.withComputed(before, Map.of())
            .equals(EntityVariables.withComputed(after, Map.of()))) {
      return Optional.empty();
    }
    return Optional.of(
        new Occurrence(
            OccurrenceIds.updated(
                after.getMetadata().getUid(), after.getMetadata().getResourceVersion()),
            TriggerKind.ENTITY_UPDATED,
            clock.instant(),
            after,
            before,
            null,
            null,
            null));
  }

  /** An entity of the blueprint gone, as it was last seen. */
  Optional<Occurrence> deleted(CompiledAutomation a, Entity before) {
    if (!ofBlueprint(before, a.blueprint()) || !watches(a, before)) {
      return Optional.empty();
    }
    return Optional.of(
        new Occurrence(
            OccurrenceIds.deleted(before.getMetadata().getUid()),
            TriggerKind.ENTITY_DELETED,
            clock.instant(),
            before,
            null,
            null,
            null,
            null));
  }

  /**
   * A new level on the automation's scorecard, known by its levelSince and its two levels (so a
   * replay finds the same occurrence, and two changes within one second are two); {@code before} is
   * null in a replay.
   */
  Optional<Occurrence> levelChanged(CompiledAutomation a, Entity before, Entity after) {
    EntityStatus.ScorecardResult now = grade(after, a.scorecard());
    if (now == null || now.levelSince == null) {
      return Optional.empty();
    }
    EntityStatus.ScorecardResult then = before == null ? null : grade(before, a.scorecard());
    if (then != null
        && Objects.equals(then.levelSince, now.levelSince)
        && Objects.equals(then.level, now.level)
        && Objects.equals(then.previousLevel, now.previousLevel)) {
      return Optional.empty(); // the same change: the level, where from, since when
    }
    Instant since = Timestamps.parse(now.levelSince);
    if (!floors.after(a, since) || !watches(a, after)) {
      return Optional.empty();
    }
    String from = now.previousLevel == null ? "" : now.previousLevel;
    String to = now.level == null ? "" : now.level;
    return Optional.of(
        new Occurrence(
            OccurrenceIds.levelChanged(
                after.getMetadata().getUid(), a.scorecard(), now.levelSince, from, to),
            TriggerKind.SCORECARD_LEVEL_CHANGED,
            since,
            after,
            null,
            from,
            to,
            null));
  }

  /**
   * An Action of the definition that reached one of the trigger's terminal phases with this change;
   * {@code before} is null in a replay.
   */
  Optional<Occurrence> finished(CompiledAutomation a, Action before, Action after) {
    if (after.getSpec() == null || !a.definition().equals(after.getSpec().definition)) {
      return Optional.empty();
    }
    String phase = after.getStatus() == null ? null : after.getStatus().phase;
    if (phase == null || !TERMINAL.contains(phase) || !a.phases().contains(phase)) {
      return Optional.empty();
    }
    String was = before == null || before.getStatus() == null ? null : before.getStatus().phase;
    if (was != null && TERMINAL.contains(was)) {
      return Optional.empty(); // finished before this change
    }
    Instant done = Timestamps.parse(after.getStatus().completionTime);
    if (done == null) {
      done = clock.instant();
    }
    if (!floors.after(a, done) || !namespaces.watches(a, after.getMetadata().getNamespace())) {
      return Optional.empty();
    }
    Entity entity =
        after.getSpec().entity == null
            ? null
            : EntityRef.parse(after.getSpec().entity, after.getMetadata().getNamespace())
                .flatMap(index::entity)
                .orElse(null);
    return Optional.of(
        new Occurrence(
            OccurrenceIds.actionFinished(after.getMetadata().getUid()),
            TriggerKind.ACTION_FINISHED,
            done,
            entity,
            null,
            null,
            null,
            after));
  }

  /** Whether the entity is of the blueprint and in a namespace the automation watches. */
  boolean concerns(CompiledAutomation a, Entity e) {
    return ofBlueprint(e, a.blueprint()) && watches(a, e);
  }

  private boolean watches(CompiledAutomation a, Entity e) {
    return namespaces.watches(a, e.getMetadata().getNamespace());
  }

  private static boolean ofBlueprint(Entity e, String blueprint) {
    return e != null && e.getSpec() != null && Objects.equals(e.getSpec().blueprint, blueprint);
  }

  private static EntityStatus.ScorecardResult grade(Entity entity, String scorecard) {
    return entity.getStatus() == null || entity.getStatus().scorecards == null
        ? null
        : entity.getStatus().scorecards.get(scorecard);
  }
}
