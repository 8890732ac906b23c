package dev.portolan.scorecard;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Problems;
import dev.portolan.model.ScorecardStatus;
import dev.portolan.model.StatusProblem;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.List;

/**
 * Builds a scorecard's status: its Ready condition, the problems behind it, and the aggregate of
 * its entities' grades, and the daily history of that aggregate ({@link ScorecardHistory}).
 */
public final class ScorecardStatusBuilder {
  public static final String READY = "Ready";

  private final Conditions conditions;
  private final Clock clock;

  public ScorecardStatusBuilder(Conditions conditions) {
    this(conditions, Clock.systemUTC());
  }

  /**
   * @param clock whose UTC day the history's current point is
   */
  public ScorecardStatusBuilder(Conditions conditions, Clock clock) {
    this.conditions = conditions;
    this.clock = clock;
  }

  public ScorecardStatus build(
      ScorecardStatus current, List<Problem> problems, ScorecardTally tally, Long generation) {
    List<Condition> existing = current == null ? List.of() : current.conditions;
    boolean ready = problems.isEmpty();
    String reason = Problems.reason(problems, "Valid");
    String message =
        ready
            ? "The scorecard is valid and grades the entities of its blueprint"
            : Problems.message(problems) + "; no entity is graded until this is fixed";
    ScorecardStatus status = new ScorecardStatus();
    status.observedGeneration = generation;
    status.conditions =
        Conditions.list(conditions.build(existing, READY, ready, reason, message, generation));
    status.problems = Problems.listed(problems, StatusProblem::new);
    status.entities = tally.entities();
    status.levels = tally.levels();
    status.rules = tally.rules();
    status.history =
        ScorecardHistory.record(
            current == null ? null : current.history, ScorecardHistory.today(clock), tally);
    status.waived = tally.waived();
    return status;
  }
}
