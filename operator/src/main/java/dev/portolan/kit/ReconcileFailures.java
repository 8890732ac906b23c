package dev.portolan.kit;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reconciler's error-status hook puts on a resource whose reconcile threw: a {@value #TYPE}
 * condition, True, that names the failure and says the operator retries. The next reconcile that
 * succeeds writes the status its builder builds, which has no such condition.
 */
public final class ReconcileFailures {
  /** The condition type of a failed reconcile. */
  public static final String TYPE = "ReconcileFailed";

  private static final int MAX_MESSAGE = 512;

  private final Conditions conditions;

  public ReconcileFailures(Conditions conditions) {
    this.conditions = conditions;
  }

  /**
   * The conditions with the failure in place of any earlier one.
   *
   * @param current the conditions of the resource's current status (may be null)
   */
  public List<Condition> with(List<Condition> current, Exception failure, Long generation) {
    List<Condition> next = without(current);
    next.add(conditions.build(current, TYPE, true, reason(failure), message(failure), generation));
    return next;
  }

  /** The conditions without a failure condition (a new list; the argument may be null). */
  public static List<Condition> without(List<Condition> current) {
    List<Condition> next = new ArrayList<>();
    if (current != null) {
      current.stream().filter(c -> !TYPE.equals(c.getType())).forEach(next::add);
    }
    return next;
  }

  private static String reason(Exception failure) {
    return failure.getClass().getSimpleName().isEmpty()
        ? "Exception"
        : failure.getClass().getSimpleName();
  }

  private static String message(Exception failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String text = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    if (text.length() > MAX_MESSAGE) {
      text = text.substring(0, MAX_MESSAGE - 3) + "...";
    }
    return "The operator could not reconcile this resource and retries with backoff: " + text;
  }
}
