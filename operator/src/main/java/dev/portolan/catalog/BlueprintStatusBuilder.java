package dev.portolan.catalog;

import dev.portolan.model.BlueprintStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Builds a blueprint's status: its Ready condition and how many entities use it. */
public final class BlueprintStatusBuilder {
  public static final String READY = "Ready";

  private final Conditions conditions;

  public BlueprintStatusBuilder(Conditions conditions) {
    this.conditions = conditions;
  }

  public BlueprintStatus build(BlueprintStatus current, BlueprintChecker.Result check, int entities, Long generation) {
    List<Condition> existing = current == null ? List.of() : current.conditions;
    BlueprintStatus status = new BlueprintStatus();
    status.observedGeneration = generation;
    status.entities = entities;
    String reason = check.valid() ? "Valid"
        : check.problems().stream().map(Problem::reason).distinct().count() == 1
            ? check.problems().get(0).reason() : "MultipleProblems";
    String message = check.valid() ? "The blueprint is valid" : Messages.join(check.problems());
    status.conditions = Conditions.list(
        conditions.build(existing, READY, check.valid(), reason, message, generation));
    return status;
  }
}
