package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import java.util.List;
import org.junit.jupiter.api.Test;

class NextLevelBlockersTest {
  private static final Scorecard READINESS =
      Fixtures.scorecard(
          """
          metadata: {name: readiness}
          spec:
            blueprint: service
            levels: [Bronze, Silver, Gold]
            rules:
              - {name: owner, level: Bronze, expression: "true"}
              - {name: runbook, level: Silver, title: Has a runbook, expression: "true"}
              - {name: alerts, level: Silver, expression: "true"}
              - {name: slo, level: Gold, expression: "true"}
          """);

  /** An entity at {@code level} failing the rules named in {@code failing}, passing the others. */
  private static Entity graded(String name, String level, String... failing) {
    StringBuilder rules = new StringBuilder();
    for (String[] rule :
        new String[][] {
          {"owner", "Bronze"}, {"runbook", "Silver"}, {"alerts", "Silver"}, {"slo", "Gold"}
        }) {
      boolean fails = List.of(failing).contains(rule[0]);
      rules.append(
          "        - {name: " + rule[0] + ", level: " + rule[1] + ", passed: " + !fails + "}\n");
    }
    return Fixtures.entity(
        "metadata: {name: "
            + name
            + ", namespace: a}\nspec: {blueprint: service, owner: x}\nstatus:\n  scorecards:\n"
            + "    readiness:\n      level: "
            + level
            + "\n      rules:\n"
            + rules);
  }

  @Test
  void ranksTheRulesByTheEntitiesTheyAloneHoldBelowTheirNextLevel() {
    NextLevelBlockers blockers =
        NextLevelBlockers.of(
            "readiness",
            READINESS.getSpec(),
            List.of(
                graded("a", "Bronze", "runbook"), // one rule away from Silver
                graded("b", "Bronze", "runbook"),
                graded("c", "Bronze", "runbook", "alerts"), // two rules away
                graded("d", "Silver", "slo"), // one rule away from Gold
                graded("e", "None", "owner", "runbook", "slo"), // owner alone blocks Bronze
                graded("f", "Gold"))); // at the top: counts for no rule
    assertThat(blockers.nextLevelRules())
        .containsExactly(
            new NextLevelBlockers.Blocker("runbook", "Has a runbook", "Silver", 2, 3),
            new NextLevelBlockers.Blocker("owner", "owner", "Bronze", 1, 1),
            new NextLevelBlockers.Blocker("slo", "slo", "Gold", 1, 1),
            new NextLevelBlockers.Blocker("alerts", "alerts", "Silver", 0, 1));
  }

  @Test
  void aRuleOfAHigherLevelThanTheNextOrAnUnknownLevelDoesNotCount() {
    Entity stale = graded("s", "Platinum", "slo"); // a level the spec no longer has
    NextLevelBlockers blockers =
        NextLevelBlockers.of(
            "readiness",
            READINESS.getSpec(),
            List.of(graded("a", "Bronze", "slo"), stale, graded("n", "None", "slo", "owner")));
    // a (Bronze) fails only a Gold rule: its next level, Silver, is not blocked by it... yet its
    // grade says Bronze, so Silver's rules all pass in its results and nothing is counted.
    assertThat(blockers.nextLevelRules())
        .containsExactly(new NextLevelBlockers.Blocker("owner", "owner", "Bronze", 1, 1));
    assertThat(NextLevelBlockers.of("other", READINESS.getSpec(), List.of(stale)).nextLevelRules())
        .isEmpty();
  }
}
