package dev.portolan.waiver;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.LabelSelectors;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Problems;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardSpec;
import dev.portolan.model.StatusProblem;
import dev.portolan.model.Waiver;
import dev.portolan.model.WaiverStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a Waiver's whole status from its state, the scorecard it names and the entities it covers:
 * the phase and its account, the records admission made, the selector as text, and the condition
 * {@value #ACTIVE} (True while it waives). A scorecard or rule that does not exist is a problem
 * (the waiver waives nothing there) but does not stop the rest from applying.
 */
public final class WaiverStatusBuilder {
  public static final String ACTIVE = "Active";

  /** At most this many covered entities are listed by name. */
  static final int MAX_LISTED = 100;

  private final Conditions conditions;

  public WaiverStatusBuilder(Conditions conditions) {
    this.conditions = conditions;
  }

  /** What is wrong with the names in the spec: an unknown scorecard or unknown rules. */
  public static List<Problem> problems(Waiver waiver, Optional<Scorecard> scorecard) {
    List<Problem> problems = new ArrayList<>();
    if (waiver.getSpec() == null) {
      return problems;
    }
    if (scorecard.isEmpty()) {
      problems.add(
          Problem.at(
              "UnknownScorecard",
              "spec.scorecard",
              "no Scorecard named "
                  + waiver.getSpec().scorecard
                  + "; name one that exists (kubectl get scorecards)"));
      return problems;
    }
    ScorecardSpec spec = scorecard.get().getSpec();
    Set<String> rules =
        spec == null || spec.rules == null
            ? Set.of()
            : spec.rules.stream().map(r -> r.name).collect(Collectors.toSet());
    List<String> named = waiver.getSpec().rules == null ? List.of() : waiver.getSpec().rules;
    for (int i = 0; i < named.size(); i++) {
      if (!rules.contains(named.get(i))) {
        problems.add(
            Problem.at(
                "UnknownRule",
                "spec.rules[" + i + "]",
                "scorecard "
                    + waiver.getSpec().scorecard
                    + " has no rule named "
                    + named.get(i)
                    + "; its rules are "
                    + rules.stream().sorted().toList()));
      }
    }
    return problems;
  }

  public WaiverStatus build(
      WaiverStatus current,
      Waiver waiver,
      WaiverState state,
      List<Problem> problems,
      List<String> covered,
      Long generation) {
    List<Condition> existing = current == null ? List.of() : current.conditions;
    WaiverStatus status = new WaiverStatus();
    status.observedGeneration = generation;
    status.phase = state.phase();
    status.requestedBy = state.requester().map(r -> r.toUserRecord()).orElse(null);
    status.approvedBy = state.decider().map(r -> r.toUserRecord()).orElse(null);
    status.approvalTime = state.decider().map(r -> r.time()).orElse(null);
    status.selector =
        waiver.getSpec() == null ? null : LabelSelectors.describe(waiver.getSpec().selector);
    List<String> names = covered.stream().sorted().toList();
    status.entities = names.size() > MAX_LISTED ? names.subList(0, MAX_LISTED) : names;
    String message = state.message();
    if (covered.isEmpty()) {
      message += "; it covers no entity yet";
    }
    if (!problems.isEmpty()) {
      message += "; " + Problems.message(problems);
    }
    status.message = message;
    status.problems = Problems.listed(problems, StatusProblem::new);
    status.conditions =
        Conditions.list(
            conditions.build(existing, ACTIVE, state.active(), state.phase(), message, generation));
    return status;
  }
}
