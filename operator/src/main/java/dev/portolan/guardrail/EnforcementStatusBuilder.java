package dev.portolan.guardrail;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Problems;
import dev.portolan.model.EnforcementStatus;
import dev.portolan.model.ScorecardStatus;
import dev.portolan.model.StatusProblem;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds a scorecard's guardrail to the status the scorecard's builder made: the {@code Enforcing}
 * condition (False, naming the field, when {@code spec.enforcement} cannot be enforced, which then
 * has no webhook), its problems after the scorecard's, and {@code status.enforcement} with what
 * this process's webhook counted. Without {@code spec.enforcement} the status carries neither.
 */
public final class EnforcementStatusBuilder {
  public static final String ENFORCING = "Enforcing";

  private final Conditions conditions;

  public EnforcementStatusBuilder(Conditions conditions) {
    this.conditions = conditions;
  }

  /**
   * @param built the status the scorecard's builder made from the same inputs
   * @param current the status as it is, for the condition's transition time
   */
  public ScorecardStatus build(
      ScorecardStatus built,
      ScorecardStatus current,
      List<Problem> scorecardProblems,
      GuardrailPolicy.Resolution resolution,
      GuardrailTally.Counts counts,
      Long generation) {
    if (resolution.policy() == null && resolution.problems().isEmpty()) {
      return built;
    }
    List<Condition> existing = current == null ? List.of() : current.conditions;
    boolean enforcing = resolution.enforced() && scorecardProblems.isEmpty();
    String message;
    if (!resolution.problems().isEmpty()) {
      message = Problems.message(resolution.problems()) + "; nothing is judged until this is fixed";
    } else if (!scorecardProblems.isEmpty()) {
      message = "The scorecard is not ready, so its guardrail judges nothing";
    } else {
      message = describe(resolution.policy());
    }
    List<Condition> all = new ArrayList<>(built.conditions);
    all.add(
        conditions.build(
            existing,
            ENFORCING,
            enforcing,
            resolution.problems().isEmpty()
                ? (enforcing ? resolution.policy().mode() : "ScorecardNotReady")
                : Problems.reason(resolution.problems(), GuardrailPolicy.INVALID_ENFORCEMENT),
            message,
            generation));
    built.conditions = all;
    if (!resolution.problems().isEmpty()) {
      List<Problem> problems = new ArrayList<>(scorecardProblems);
      problems.addAll(resolution.problems());
      built.problems = Problems.listed(problems, StatusProblem::new);
    }
    EnforcementStatus status = new EnforcementStatus();
    if (resolution.policy() != null) {
      status.mode = resolution.policy().mode();
      status.requiredRules = resolution.policy().requiredRules();
    }
    status.admissionsJudged = counts.judged();
    status.warned = counts.warned();
    status.denied = counts.denied();
    status.audited = counts.audited();
    status.exempted = counts.exempted();
    if (counts.lastDenied() != null) {
      EnforcementStatus.LastDenied last = new EnforcementStatus.LastDenied();
      last.object = counts.lastDenied().object();
      last.user = counts.lastDenied().user();
      last.message = counts.lastDenied().message();
      last.time = counts.lastDenied().time();
      status.lastDenied = last;
    }
    built.enforcement = status;
    return built;
  }

  static String describe(GuardrailPolicy policy) {
    String required =
        policy.requiredLevel() != null
            ? "below " + policy.requiredLevel()
            : "failing " + String.join(", ", policy.requiredRules());
    String what =
        switch (policy.mode()) {
          case "Warn" -> "are admitted with a warning per failing rule";
          case "Deny" ->
              "are refused (failurePolicy "
                  + policy.failurePolicy()
                  + ": "
                  + ("Fail".equals(policy.failurePolicy())
                      ? "refused too while the operator cannot be reached"
                      : "admitted unjudged while the operator cannot be reached")
                  + ")";
          default -> "are admitted and counted";
        };
    return "Workloads " + required + " in the selected namespaces " + what;
  }
}
