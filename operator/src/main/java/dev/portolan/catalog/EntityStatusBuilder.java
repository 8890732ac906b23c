package dev.portolan.catalog;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Messages;
import dev.portolan.kit.Problems;
import dev.portolan.kit.ReconcileFailures;
import dev.portolan.kit.Timestamps;
import dev.portolan.model.EntityStatus;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.StatusProblem;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the part of an entity's status that the Entity controller owns (the Valid and Computed
 * conditions, the problems behind Valid, calculated and mirrored values, scorecard grades) over the
 * current status, leaving the conditions other controllers own as they are. A discovered entity's
 * source is read from the marks discovery put on its metadata, so discovery never writes status.
 */
public final class EntityStatusBuilder {
  public static final String VALID = "Valid";
  public static final String COMPUTED = "Computed";

  private final Conditions conditions;
  private final Clock clock;

  public EntityStatusBuilder(Conditions conditions) {
    this(conditions, Clock.systemUTC());
  }

  /**
   * @param clock when a level is reached ({@code levelSince})
   */
  public EntityStatusBuilder(Conditions conditions, Clock clock) {
    this.conditions = conditions;
    this.clock = clock;
  }

  /**
   * @param grades the entity's result on each scorecard that grades it; results of scorecards not
   *     in it (deleted, filtered out, of another blueprint, not valid) are dropped
   * @param source the cluster object a discovered entity comes from, or null
   */
  public EntityStatus build(
      EntityStatus current,
      EntityEvaluator.Evaluation evaluation,
      Map<String, ScorecardResult> grades,
      Long generation,
      EntityStatus.Source source) {
    List<Condition> existing = current == null ? List.of() : current.conditions;
    EntityStatus status = new EntityStatus();
    status.observedGeneration = generation;
    status.calculated = new TreeMap<>(evaluation.calculated());
    status.mirrored = new TreeMap<>(evaluation.mirrored());
    status.scorecards = withLevelHistory(current, grades);
    status.source = source;
    status.problems = Problems.listed(evaluation.problems(), StatusProblem::new);
    Condition valid =
        conditions.build(
            existing,
            VALID,
            evaluation.valid(),
            evaluation.reason(),
            evaluation.valid()
                ? "The properties and relations satisfy the blueprint"
                : Problems.message(evaluation.problems()),
            generation);
    Condition computed;
    if (!evaluation.evaluated()) {
      computed =
          conditions.build(
              existing,
              COMPUTED,
              Conditions.UNKNOWN,
              "BlueprintNotReady",
              "Calculated and mirrored values wait for a ready blueprint",
              generation);
    } else if (evaluation.computeErrors().isEmpty()) {
      computed =
          conditions.build(
              existing,
              COMPUTED,
              true,
              "Computed",
              evaluation.calculated().size()
                  + " calculated and "
                  + evaluation.mirrored().size()
                  + " mirrored values",
              generation);
    } else {
      computed =
          conditions.build(
              existing,
              COMPUTED,
              false,
              "EvaluationFailed",
              Messages.join(evaluation.computeErrors()),
              generation);
    }
    List<Condition> merged = new ArrayList<>();
    merged.add(valid);
    merged.add(computed);
    existing.stream()
        .filter(
            c ->
                !VALID.equals(c.getType())
                    && !COMPUTED.equals(c.getType())
                    && !ReconcileFailures.TYPE.equals(c.getType()))
        .forEach(merged::add);
    status.conditions = merged;
    return status;
  }

  /**
   * The grades with {@code previousLevel} and {@code levelSince}: kept from the current status
   * while the level stays; when it moves, the level before ('' for a first grade) and now. A grade
   * whose level stays but that has no history yet (written before the history was kept) gets none,
   * so an upgrade does not look like every entity changing level at once.
   */
  private Map<String, ScorecardResult> withLevelHistory(
      EntityStatus current, Map<String, ScorecardResult> grades) {
    Map<String, ScorecardResult> result = new TreeMap<>();
    grades.forEach(
        (scorecard, grade) -> {
          ScorecardResult before =
              current == null || current.scorecards == null
                  ? null
                  : current.scorecards.get(scorecard);
          ScorecardResult withHistory = copy(grade);
          if (before != null && java.util.Objects.equals(before.level, grade.level)) {
            withHistory.previousLevel = before.previousLevel;
            withHistory.levelSince = before.levelSince;
          } else {
            withHistory.previousLevel = before == null || before.level == null ? "" : before.level;
            withHistory.levelSince = Timestamps.now(clock);
          }
          result.put(scorecard, withHistory);
        });
    return result;
  }

  private static ScorecardResult copy(ScorecardResult grade) {
    ScorecardResult copy = new ScorecardResult();
    copy.level = grade.level;
    copy.rules = grade.rules;
    return copy;
  }
}
