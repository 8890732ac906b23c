package dev.portolan.kit;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds conditions in the standard Kubernetes shape. A condition keeps its lastTransitionTime from
 * the current status unless its status moves.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private final Clock clock;

  public Conditions(Clock clock) {
    this.clock = clock;
  }

  /**
   * A condition as it should now stand.
   *
   * @param current the conditions in the resource's current status (may be null)
   */
  public Condition build(
      List<Condition> current,
      String type,
      boolean status,
      String reason,
      String message,
      Long observedGeneration) {
    return build(current, type, status ? TRUE : FALSE, reason, message, observedGeneration);
  }

  public Condition build(
      List<Condition> current,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration) {
    String transition =
        find(current, type)
            .filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElseGet(this::now);
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(observedGeneration)
        .withLastTransitionTime(transition)
        .build();
  }

  /** Several conditions as a new list, in the order given. */
  public static List<Condition> list(Condition... conditions) {
    return new ArrayList<>(List.of(conditions));
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  private String now() {
    return Timestamps.now(clock);
  }
}
