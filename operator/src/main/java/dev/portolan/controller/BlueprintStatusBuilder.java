package dev.portolan.controller;

import dev.portolan.catalog.BlueprintChecker;
import dev.portolan.discovery.DiscoveryReports;
import dev.portolan.kit.Conditions;
import dev.portolan.kit.Messages;
import dev.portolan.kit.Problem;
import dev.portolan.model.BlueprintStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Builds a blueprint's status: its Ready condition and how many entities use it. */
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
    String reason =
        check.valid()
            ? "Valid"
            : check.problems().stream().map(Problem::reason).distinct().count() == 1
                ? check.problems().get(0).reason()
                : "MultipleProblems";
    String message = check.valid() ? "The blueprint is valid" : Messages.join(check.problems());
    status.conditions =
        Conditions.list(
            conditions.build(existing, READY, check.valid(), reason, message, generation));
    if (discovers && discovery != null) {
      status.conditions.add(discoveryCondition(existing, discovery, discovered, generation));
    } else if (discovers) {
      Conditions.find(existing, DISCOVERY).ifPresent(status.conditions::add);
    }
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
    String reason =
        report.problems().stream().map(Problem::reason).distinct().count() == 1
            ? report.problems().get(0).reason()
            : "MultipleProblems";
    return conditions.build(
        existing, DISCOVERY, false, reason, Messages.join(report.problems()), generation);
  }
}
