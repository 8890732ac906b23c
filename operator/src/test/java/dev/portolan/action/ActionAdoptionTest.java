package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.Action;
import dev.portolan.model.ActionSpec;
import dev.portolan.model.ActionStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionAdoptionTest {
  /** Wednesday 2 December 2026: the week began on Monday 30 November. */
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

  private static Action run(
      String name, String definition, String entity, String created, String phase, String done) {
    Action action = new Action();
    action.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName(name)
            .withCreationTimestamp(created)
            .build());
    action.setSpec(new ActionSpec());
    action.getSpec().definition = definition;
    action.getSpec().entity = entity;
    if (phase != null) {
      action.setStatus(new ActionStatus());
      action.getStatus().phase = phase;
      action.getStatus().completionTime = done;
    }
    return action;
  }

  @Test
  void countsRunsPerWeekByDefinitionAndTeamWithSuccessRateMedianAndApprovalsWaiting() {
    List<Action> runs =
        List.of(
            run(
                "r1",
                "restart",
                "api",
                "2026-12-01T10:00:00Z",
                "Succeeded",
                "2026-12-01T10:01:00Z"),
            run("r2", "restart", "api", "2026-12-02T10:00:00Z", "Failed", "2026-12-02T10:03:00Z"),
            run(
                "r3",
                "restart",
                "web",
                "2026-11-24T10:00:00Z",
                "Succeeded",
                "2026-11-24T10:10:00Z"),
            run("r4", "scaffold", "web", "2026-12-02T11:00:00Z", "WaitingForApproval", null),
            run("r5", "scaffold", "api", "2026-12-02T11:30:00Z", "Rejected", null),
            run("r6", "restart", "api", "2026-12-02T11:40:00Z", null, null), // no status yet
            // before the 12 weeks: not counted, but still waiting for a decision
            run("old", "scaffold", "api", "2026-08-01T10:00:00Z", "WaitingForApproval", null));
    ActionAdoption adoption =
        ActionAdoption.of(runs, a -> a.getSpec().entity.equals("api") ? "pay" : null, NOW, 12);

    assertThat(adoption.weeks()).hasSize(12).first().isEqualTo("2026-09-14");
    assertThat(adoption.weeks()).last().isEqualTo("2026-11-30");
    ActionAdoption.Totals totals = adoption.totals();
    assertThat(totals.runs()).isEqualTo(6);
    assertThat(totals.perWeek().subList(10, 12)).containsExactly(1, 5);
    assertThat(totals.succeeded()).isEqualTo(2);
    assertThat(totals.failed()).isEqualTo(1);
    assertThat(totals.rejected()).isEqualTo(1);
    assertThat(totals.successRate()).isEqualTo(0.667);
    assertThat(totals.medianSecondsToDone()).isEqualTo(180L); // of 60, 180, 600
    assertThat(totals.waitingForApproval()).isEqualTo(2);

    assertThat(adoption.byDefinition())
        .extracting(ActionAdoption.Series::name, ActionAdoption.Series::runs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("restart", 4),
            org.assertj.core.groups.Tuple.tuple("scaffold", 2));
    ActionAdoption.Series restart = adoption.byDefinition().get(0);
    assertThat(restart.successRate()).isEqualTo(0.667);
    assertThat(restart.medianSecondsToDone()).isEqualTo(180L);
    assertThat(adoption.byTeam())
        .extracting(ActionAdoption.Series::name, ActionAdoption.Series::runs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pay", 4),
            org.assertj.core.groups.Tuple.tuple(ActionAdoption.NO_TEAM, 2));
    assertThat(adoption.otherTeams()).isNull();
  }

  @Test
  void namesAtMostTwentyTeamsAndSumsTheRest() {
    List<Action> runs = new ArrayList<>();
    for (int team = 0; team < 25; team++) {
      for (int i = 0; i <= team; i++) {
        runs.add(
            run(
                "t" + team + "-" + i,
                "restart",
                String.format("team-%02d", team),
                "2026-12-01T10:00:00Z",
                "Succeeded",
                "2026-12-01T10:00:30Z"));
      }
    }
    ActionAdoption adoption = ActionAdoption.of(runs, a -> a.getSpec().entity, NOW, 12);
    assertThat(adoption.byTeam()).hasSize(ActionAdoption.TEAMS);
    assertThat(adoption.byTeam().get(0).name()).isEqualTo("team-24");
    assertThat(adoption.otherTeams().name()).isEqualTo("5 more teams");
    assertThat(adoption.otherTeams().runs()).isEqualTo(1 + 2 + 3 + 4 + 5);
    assertThat(adoption.otherTeams().medianSecondsToDone()).isEqualTo(30L);
  }
}
