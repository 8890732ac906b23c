package dev.portolan.scorecard;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Problems;
import dev.portolan.model.ScorecardStatus;
import dev.portolan.model.StatusProblem;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Builds a scorecard's status: its Ready condition, the problems behind it, and the aggregate of
 * its entities' grades.
 */
public final class ScorecardStatusBuilder {
  public static final String READY = "Ready";

  private final Conditions conditions;

  public ScorecardStatusBuilder(Conditions conditions) {
    this.conditions = conditions;
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
    status.waived = tally.waived();
    return status;
  }
}
