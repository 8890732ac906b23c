package dev.portolan.kit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a list of problems makes of a condition and of a status: the condition's reason (the one
 * reason they share, or {@value #MULTIPLE}), its message (the problems joined, bounded), and the
 * problems a status lists (at most {@value Messages#MAX_ITEMS}, as the message says "and N more"
 * beyond them).
 */
public final class Problems {
  public static final String MULTIPLE = "MultipleProblems";

  /** Builds the status's own record of one problem. */
  @FunctionalInterface
  public interface Entry<T> {
    T of(String field, String message, String reason);
  }

  private Problems() {}

  /**
   * @param whenNone the reason when there are no problems
   */
  public static String reason(List<Problem> problems, String whenNone) {
    if (problems.isEmpty()) {
      return whenNone;
    }
    Set<String> reasons = new LinkedHashSet<>();
    problems.forEach(p -> reasons.add(p.reason()));
    return reasons.size() == 1 ? reasons.iterator().next() : MULTIPLE;
  }

  /** The condition's message: the problems' messages joined, bounded. */
  public static String message(List<Problem> problems) {
    return Messages.join(problems);
  }

  /** The problems a status lists: the first {@value Messages#MAX_ITEMS}, in order. */
  public static <T> List<T> listed(List<Problem> problems, Entry<T> entry) {
    return problems.stream()
        .limit(Messages.MAX_ITEMS)
        .map(p -> entry.of(p.field(), p.message(), p.reason()))
        .toList();
  }
}
