package dev.portolan.guardrail;

import dev.portolan.kit.Problem;
import dev.portolan.model.Enforcement;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A scorecard's {@code spec.enforcement}, checked and resolved: the mode, the rules a workload must
 * pass (a level stands for its rules and those of every lower level), the namespaces and the
 * failure policy the API server applies when the webhook cannot be reached.
 *
 * @param requiredRules rule names, in the scorecard's order
 * @param failurePolicy {@code Ignore} for Audit and Warn (they must never block a deploy when the
 *     operator is away); the enforcement's own, {@code Fail} by default, for Deny
 */
public record GuardrailPolicy(
    String scorecard,
    String mode,
    String requiredLevel,
    List<String> requiredRules,
    LabelSelector namespaceSelector,
    String failurePolicy) {

  public static final String INVALID_ENFORCEMENT = "InvalidEnforcement";
  private static final Set<String> MODES =
      Set.of(Enforcement.AUDIT, Enforcement.WARN, Enforcement.DENY);
  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

  /**
   * The policy of a scorecard, or why it has none that can be enforced.
   *
   * @param policy null without {@code spec.enforcement} or when it has problems
   */
  public record Resolution(GuardrailPolicy policy, List<Problem> problems) {
    public boolean enforced() {
      return policy != null;
    }
  }

  public boolean warns() {
    return Enforcement.WARN.equals(mode);
  }

  public boolean denies() {
    return Enforcement.DENY.equals(mode);
  }

  public boolean audits() {
    return Enforcement.AUDIT.equals(mode);
  }

  public static Resolution of(Scorecard scorecard) {
    return of(scorecard.getMetadata().getName(), scorecard.getSpec());
  }

  static Resolution of(String name, ScorecardSpec spec) {
    if (spec == null || spec.enforcement == null) {
      return new Resolution(null, List.of());
    }
    Enforcement e = spec.enforcement;
    List<Problem> problems = new ArrayList<>();
    String field = "spec.enforcement";
    if (e.mode == null || !MODES.contains(e.mode)) {
      problems.add(
          Problem.at(
              INVALID_ENFORCEMENT,
              field + ".mode",
              (e.mode == null ? "is missing" : "'" + e.mode + "' is not a mode")
                  + "; use Audit, Warn or Deny"));
    }
    List<String> levels = spec.levels == null ? List.of() : spec.levels;
    List<ScorecardSpec.Rule> rules = spec.rules == null ? List.of() : spec.rules;
    List<String> ruleNames =
        rules.stream().filter(r -> r != null && r.name != null).map(r -> r.name).toList();
    boolean byRules = e.rules != null && !e.rules.isEmpty();
    String level = e.level;
    List<String> required = new ArrayList<>();
    if (byRules && level != null) {
      problems.add(
          Problem.at(
              INVALID_ENFORCEMENT,
              field,
              "gives both level and rules; keep one (a level requires its rules and those below it)"));
    } else if (byRules) {
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i < e.rules.size(); i++) {
        String rule = e.rules.get(i);
        if (!ruleNames.contains(rule)) {
          problems.add(
              Problem.at(
                  INVALID_ENFORCEMENT,
                  field + ".rules[" + i + "]",
                  "'"
                      + rule
                      + "' is not a rule of this scorecard; use one of: "
                      + String.join(", ", ruleNames)));
        } else {
          seen.add(rule);
        }
      }
      // The scorecard's order, so warnings and messages read as the scorecard does.
      ruleNames.stream().filter(seen::contains).forEach(required::add);
    } else {
      if (level == null && !levels.isEmpty()) {
        level = levels.get(0);
      }
      int at = levels.indexOf(level);
      if (at < 0) {
        problems.add(
            Problem.at(
                INVALID_ENFORCEMENT,
                field + ".level",
                "'"
                    + level
                    + "' is not one of spec.levels; use one of: "
                    + String.join(", ", levels)));
      } else {
        for (ScorecardSpec.Rule rule : rules) {
          if (rule != null
              && rule.name != null
              && levels.indexOf(rule.level) >= 0
              && levels.indexOf(rule.level) <= at) {
            required.add(rule.name);
          }
        }
      }
    }
    String failurePolicy = e.failurePolicy;
    if (failurePolicy != null
        && !Enforcement.FAIL.equals(failurePolicy)
        && !Enforcement.IGNORE.equals(failurePolicy)) {
      problems.add(
          Problem.at(
              INVALID_ENFORCEMENT,
              field + ".failurePolicy",
              "'" + failurePolicy + "' is not a failure policy; use Fail or Ignore"));
    } else if (failurePolicy != null && !Enforcement.DENY.equals(e.mode)) {
      problems.add(
          Problem.at(
              INVALID_ENFORCEMENT,
              field + ".failurePolicy",
              "applies to mode Deny only; remove it (Audit and Warn always admit when the operator"
                  + " cannot be reached)"));
    }
    checkSelector(e.namespaceSelector, field + ".namespaceSelector", problems);
    if (!problems.isEmpty()) {
      return new Resolution(null, List.copyOf(problems));
    }
    String policy =
        Enforcement.DENY.equals(e.mode)
            ? (failurePolicy == null ? Enforcement.FAIL : failurePolicy)
            : Enforcement.IGNORE;
    return new Resolution(
        new GuardrailPolicy(
            name,
            e.mode,
            byRules ? null : level,
            List.copyOf(required),
            e.namespaceSelector,
            policy),
        List.of());
  }

  private static void checkSelector(LabelSelector selector, String field, List<Problem> problems) {
    if (selector == null || selector.getMatchExpressions() == null) {
      return;
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      LabelSelectorRequirement r = expressions.get(i);
      String at = field + ".matchExpressions[" + i + "]";
      if (r.getKey() == null || r.getKey().isBlank()) {
        problems.add(Problem.at(INVALID_ENFORCEMENT, at + ".key", "is missing; name a label"));
      }
      if (r.getOperator() == null || !OPERATORS.contains(r.getOperator())) {
        problems.add(
            Problem.at(
                INVALID_ENFORCEMENT,
                at + ".operator",
                "'"
                    + r.getOperator()
                    + "' is not an operator; use In, NotIn, Exists or DoesNotExist"));
      } else {
        boolean needsValues = r.getOperator().equals("In") || r.getOperator().equals("NotIn");
        boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
        if (needsValues != hasValues) {
          problems.add(
              Problem.at(
                  INVALID_ENFORCEMENT,
                  at + ".values",
                  needsValues
                      ? "is empty; " + r.getOperator() + " needs at least one value"
                      : "must be empty for " + r.getOperator()));
        }
      }
    }
  }
}
