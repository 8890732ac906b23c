package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problem;
import dev.portolan.model.ActionStatus;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionStatusBuilderTest {
  private final ActionStatusBuilder builder =
      new ActionStatusBuilder(new Conditions(Clock.systemUTC()));

  @Test
  void aRefusedRunListsEveryProblemWithItsFieldAndSumsThemUpInTheCondition() {
    Problem reason =
        Problem.at(ActionChecks.INVALID_INPUTS, "spec.inputs.reason", "must be at least 5 long");
    Problem entity =
        Problem.at(ActionChecks.WRONG_BLUEPRINT, "spec.entity", "cart-cache is a database");
    ActionStatus status =
        builder.build(
            null, ActionOutcome.refused(List.of(reason, entity)), null, null, false, false, 1L);
    assertThat(status.phase).isEqualTo(ActionPhases.FAILED);
    assertThat(status.message).isEqualTo(reason.message() + "; " + entity.message());
    var accepted = Conditions.find(status.conditions, ActionStatusBuilder.ACCEPTED).orElseThrow();
    assertThat(accepted.getReason()).isEqualTo("MultipleProblems");
    assertThat(status.problems)
        .extracting(p -> p.field, p -> p.message, p -> p.reason)
        .containsExactly(
            tuple("spec.inputs.reason", reason.message(), ActionChecks.INVALID_INPUTS),
            tuple("spec.entity", entity.message(), ActionChecks.WRONG_BLUEPRINT));
  }

  @Test
  void aRunThatWasNotRefusedListsNoProblems() {
    ActionStatus status =
        builder.build(
            null,
            ActionOutcome.of(ActionPhases.FAILED, "JobFailed", "Job x failed"),
            null,
            null,
            false,
            true,
            1L);
    assertThat(status.problems).isEmpty();
  }
}
