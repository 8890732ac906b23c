package dev.portolan.guardrail;

import java.util.ArrayList;
import java.util.List;

/**
 * The decision for one scorecard's guardrail, from the workload's verdict on that scorecard, the
 * policy and what its exemption annotation is worth. Pure.
 */
final class GuardrailJudge {
  static final int MAX_WARNING = 256;

  /** What a workload's {@code portolan.dev/exempt} annotation does for this scorecard. */
  enum Exemption {
    /** The annotation does not name the scorecard. */
    NONE,
    /** It named it before this update already (set by someone who could). */
    KEPT,
    /** Newly named by a user who may exempt from the scorecard. */
    PERMITTED,
    /** Newly named by a user who may not. */
    NOT_PERMITTED
  }

  private GuardrailJudge() {}

  static GuardrailDecision judge(
      GuardrailPolicy policy,
      WorkloadVerdict verdict,
      Exemption exemption,
      WorkloadRequest request) {
    if (verdict == null || !verdict.graded()) {
      return GuardrailDecision.notJudged();
    }
    List<FailedRule> failing = new ArrayList<>();
    for (FailedRule rule : verdict.failed()) {
      if (policy.requiredRules().contains(rule.rule())) {
        failing.add(rule);
      }
    }
    List<String> failedNames = failing.stream().map(FailedRule::rule).toList();
    String scorecard = policy.scorecard();
    if (exemption == Exemption.NOT_PERMITTED && !policy.audits()) {
      String ns = request.object().getMetadata().getNamespace();
      return new GuardrailDecision(
          Outcome.DENIED,
          false,
          List.of(),
          "metadata.annotations["
              + Exemptions.EXEMPT
              + "] names scorecard "
              + scorecard
              + ", but user "
              + request.user().username()
              + " may not exempt workloads from it in namespace "
              + ns
              + ": that needs verb 'exempt' on scorecards.portolan.dev named "
              + scorecard
              + " (the chart's guardrail-exempter ClusterRole, bound in "
              + ns
              + "); remove "
              + scorecard
              + " from the annotation or ask someone who may",
          failedNames);
    }
    if (failing.isEmpty()) {
      return new GuardrailDecision(Outcome.PASSED, true, List.of(), null, List.of());
    }
    String standing = standing(policy, verdict);
    if (exemption == Exemption.KEPT || exemption == Exemption.PERMITTED) {
      List<String> warnings =
          policy.audits()
              ? List.of()
              : List.of(
                  bound(
                      scorecard
                          + " ("
                          + standing
                          + "): exempted by "
                          + Exemptions.EXEMPT
                          + reason(request)
                          + "; failing: "
                          + String.join(", ", failedNames)));
      return new GuardrailDecision(Outcome.EXEMPTED, true, warnings, null, failedNames);
    }
    if (policy.warns()) {
      List<String> warnings = new ArrayList<>();
      for (FailedRule rule : failing) {
        warnings.add(bound(scorecard + " (" + standing + "): " + describe(rule)));
      }
      return new GuardrailDecision(Outcome.WARNED, true, warnings, null, failedNames);
    }
    if (policy.denies()) {
      StringBuilder message =
          new StringBuilder(request.describe())
              .append(" is refused by scorecard ")
              .append(scorecard)
              .append(" (")
              .append(standing)
              .append("): ");
      for (FailedRule rule : failing) {
        String described = describe(rule);
        message.append(described).append(described.endsWith(".") ? " " : ". ");
      }
      message
          .append("Or exempt it with the annotation ")
          .append(Exemptions.EXEMPT)
          .append(": ")
          .append(scorecard)
          .append(", if you may.");
      return new GuardrailDecision(
          Outcome.DENIED, false, List.of(), message.toString(), failedNames);
    }
    return new GuardrailDecision(Outcome.AUDITED, true, List.of(), null, failedNames);
  }

  /** {@code Bronze, needs Silver}, or {@code Bronze} for a list of rules. */
  static String standing(GuardrailPolicy policy, WorkloadVerdict verdict) {
    return verdict.level()
        + (policy.requiredLevel() == null ? "" : ", needs " + policy.requiredLevel());
  }

  /** {@code requests-and-limits: Every container sets ... limits. Fix: ...}. */
  static String describe(FailedRule rule) {
    String title =
        rule.title() == null || rule.title().equals(rule.rule()) ? "fails" : rule.title();
    return rule.rule() + ": " + title + (rule.fix() == null ? "" : ". Fix: " + rule.fix());
  }

  private static String reason(WorkloadRequest request) {
    String reason = Exemptions.reason(request.object());
    return reason == null || reason.isBlank() ? "" : " (" + reason + ")";
  }

  private static String bound(String warning) {
    return warning.length() <= MAX_WARNING
        ? warning
        : warning.substring(0, MAX_WARNING - 3) + "...";
  }
}
