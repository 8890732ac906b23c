package dev.portolan.controller;

import dev.portolan.catalog.BlueprintChecker;
import dev.portolan.discovery.DiscoveryReports;
import dev.portolan.kit.Conditions;
import dev.portolan.kit.Messages;
import dev.portolan.kit.Problems;
import dev.portolan.model.BlueprintStatus;
import dev.portolan.model.StatusProblem;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a blueprint's status: its Ready condition, its Discovery condition (when it has rules),
 * the problems behind both (Ready's first, each list bounded as its condition's message is) and how
 * many entities use it.
 */
public final class BlueprintStatusBuilder {
  public static final String READY = "Ready";
  public static final String DISCOVERY = "Discovery";

  private final Conditions conditions;

  public BlueprintStatusBuilder(Conditions conditions) {
    this.conditions = conditions;
  }

  public BlueprintStatus build(
      BlueprintStatus current, BlueprintChecker.Result check, int entities, Long generation) {
    return build(current, check, entities, generation, false, null, 0);
  }

  /**
   * @param discovers whether the blueprint has discovery rules
   * @param discovery what discovery reports of them, or null while it has not looked at them yet
   *     (the Discovery condition then stays as it was, so a restart rewrites nothing)
   * @param discovered how many of its entities discovery made
   */
  public BlueprintStatus build(
      BlueprintStatus current,
      BlueprintChecker.Result check,
      int entities,
      Long generation,
      boolean discovers,
      DiscoveryReports.Report discovery,
      int discovered) {
    List<Condition> existing = current == null ? List.of() : current.conditions;
    BlueprintStatus status = new BlueprintStatus();
    status.observedGeneration = generation;
    status.entities = entities;
    String reason = Problems.reason(check.problems(), "Valid");
    String message = check.valid() ? "The blueprint is valid" : Problems.message(check.problems());
    status.conditions =
        Conditions.list(
            conditions.build(existing, READY, check.valid(), reason, message, generation));
    List<StatusProblem> problems = new ArrayList<>();
    problems.addAll(Problems.listed(check.problems(), StatusProblem::new));
    if (discovers && discovery != null) {
      status.conditions.add(discoveryCondition(existing, discovery, discovered, generation));
      problems.addAll(Problems.listed(discovery.problems(), StatusProblem::new));
    } else if (discovers) {
      Conditions.find(existing, DISCOVERY).ifPresent(status.conditions::add);
      if (current != null) {
        current.problems.stream()
            .filter(BlueprintStatusBuilder::isDiscovery)
            .forEach(problems::add);
      }
    }
    status.problems = problems.stream().limit(Messages.MAX_ITEMS).toList();
    return status;
  }

  private Condition discoveryCondition(
      List<Condition> existing, DiscoveryReports.Report report, int discovered, Long generation) {
    if (report.problems().isEmpty()) {
      String watching =
          report.watching().isEmpty() ? "nothing" : String.join(", ", report.watching());
      return conditions.build(
          existing,
          DISCOVERY,
          true,
          "Discovering",
          report.rules()
              + " rule(s) watching "
              + watching
              + "; "
              + discovered
              + " entities discovered",
          generation);
    }
    return conditions.build(
        existing,
        DISCOVERY,
        false,
        Problems.reason(report.problems(), "Discovering"),
        Problems.message(report.problems()),
        generation);
  }

  /** A problem of the discovery rules, which the Discovery condition sums up. */
  private static boolean isDiscovery(StatusProblem problem) {
    return problem.field != null && problem.field.startsWith("spec.discovery");
  }
}
