package dev.portolan.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.kit.Problem;
import dev.portolan.model.Enforcement;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scorecard's enforcement resolved into what is required, or the problems a status lists. */
class GuardrailPolicyTest {
  private static GuardrailPolicy.Resolution resolve(Enforcement enforcement) {
    Scorecard scorecard = ExampleManifests.scorecards("70-workload-scorecard.yaml").get(0);
    scorecard.getSpec().enforcement = enforcement;
    return GuardrailPolicy.of(scorecard);
  }

  private static Enforcement enforcement(String mode, String level) {
    Enforcement e = new Enforcement();
    e.mode = mode;
    e.level = level;
    return e;
  }

  @Test
  void aLevelRequiresItsRulesAndThoseBelowIt() {
    GuardrailPolicy policy = resolve(enforcement("Warn", "Silver")).policy();
    assertThat(policy.requiredRules())
        .containsExactly("has-owner", "pinned-images", "requests-and-limits", "probes");
    assertThat(policy.failurePolicy()).as("Warn never blocks").isEqualTo("Ignore");
  }

  @Test
  void withoutALevelTheFirstIsRequiredAndDenyFailsClosedByDefault() {
    GuardrailPolicy policy = resolve(enforcement("Deny", null)).policy();
    assertThat(policy.requiredLevel()).isEqualTo("Bronze");
    assertThat(policy.requiredRules()).containsExactly("has-owner", "pinned-images");
    assertThat(policy.failurePolicy()).isEqualTo("Fail");
    Enforcement open = enforcement("Deny", "Gold");
    open.failurePolicy = "Ignore";
    assertThat(resolve(open).policy().failurePolicy()).isEqualTo("Ignore");
  }

  @Test
  void rulesByNameInTheScorecardsOrder() {
    Enforcement e = enforcement("Audit", null);
    e.rules = List.of("probes", "pinned-images");
    assertThat(resolve(e).policy().requiredRules()).containsExactly("pinned-images", "probes");
  }

  @Test
  void anUnknownLevelIsAProblemNamingTheFieldAndTheChoices() {
    GuardrailPolicy.Resolution resolution = resolve(enforcement("Warn", "Platinum"));
    assertThat(resolution.enforced()).isFalse();
    assertThat(resolution.problems())
        .extracting(Problem::field, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "spec.enforcement.level",
                "spec.enforcement.level: 'Platinum' is not one of spec.levels; use one of: Bronze,"
                    + " Silver, Gold"));
  }

  @Test
  void otherMistakesAreNamedToo() {
    Enforcement e = enforcement("Block", null);
    e.rules = List.of("no-such-rule");
    e.failurePolicy = "Fail";
    e.namespaceSelector =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("team")
            .withOperator("Within")
            .endMatchExpression()
            .build();
    assertThat(resolve(e).problems())
        .extracting(Problem::field)
        .containsExactly(
            "spec.enforcement.mode",
            "spec.enforcement.rules[0]",
            "spec.enforcement.failurePolicy",
            "spec.enforcement.namespaceSelector.matchExpressions[0].operator");
  }

  @Test
  void noEnforcementNoPolicyAndNoProblem() {
    GuardrailPolicy.Resolution resolution = resolve(null);
    assertThat(resolution.enforced()).isFalse();
    assertThat(resolution.problems()).isEmpty();
  }
}
