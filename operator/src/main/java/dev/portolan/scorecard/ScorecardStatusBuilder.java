package dev.portolan.scorecard;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Messages;
import dev.portolan.kit.Problem;
import dev.portolan.model.ScorecardStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Builds a scorecard's status: its Ready condition and the aggregate of its entities' grades. */
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
    String reason =
        ready
            ? "Valid"
            : problems.stream().map(Problem::reason).distinct().count() == 1
                ? problems.get(0).reason()
                : "MultipleProblems";
    String message =
        ready
            ? "The scorecard is valid and grades the entities of its blueprint"
            : Messages.join(problems) + "; no entity is graded until this is fixed";
    ScorecardStatus status = new ScorecardStatus();
    status.observedGeneration = generation;
    status.conditions =
        Conditions.list(conditions.build(existing, READY, ready, reason, message, generation));
    status.entities = tally.entities();
    status.levels = tally.levels();
    status.rules = tally.rules();
    return status;
  }
}
