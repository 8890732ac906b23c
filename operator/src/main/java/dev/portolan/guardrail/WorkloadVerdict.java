package dev.portolan.guardrail;

import dev.portolan.kit.Problem;
import java.util.List;

/**
 * What one object's entity gets on one scorecard.
 *
 * @param blueprint the blueprint whose discovery rule maps the object
 * @param entityName the entity's name; null when the rule could not map the object (then {@code
 *     problems} says why and {@code scorecard} is null)
 * @param entityNamespace the entity's namespace; null with {@code entityName}
 * @param scorecard the scorecard's name; null when the object could not be mapped
 * @param level the highest level reached, {@code None} ({@link dev.portolan.scorecard.Levels#NONE})
 *     below the first, exactly as the live entity's {@code status.scorecards.<name>.level}; null
 *     when the scorecard (or its blueprint) has problems of its own and grades nothing, as live
 * @param levels the scorecard's levels, lowest first
 * @param failed the rules the entity does not pass, in the scorecard's order (a rule whose
 *     expression fails to evaluate is one of them, and its error is in {@code problems})
 * @param problems what went wrong on the way: values the mapping could not compute, property values
 *     the blueprint's schema refuses, rule errors, or why nothing was graded
 */
public record WorkloadVerdict(
    String blueprint,
    String entityName,
    String entityNamespace,
    String scorecard,
    String level,
    List<String> levels,
    List<FailedRule> failed,
    List<Problem> problems) {
  public WorkloadVerdict {
    levels = List.copyOf(levels);
    failed = List.copyOf(failed);
    problems = List.copyOf(problems);
  }

  /** Whether the entity was graded on the scorecard (it has a level). */
  public boolean graded() {
    return level != null;
  }

  /**
   * Whether the entity reaches {@code required}: it was graded, and its level is {@code required}
   * or one above it. False when {@code required} is not one of the scorecard's levels.
   */
  public boolean reaches(String required) {
    int wanted = levels.indexOf(required);
    return graded() && wanted >= 0 && levels.indexOf(level) >= wanted;
  }

  /** {@code namespace/name} of the entity, or null when the object could not be mapped. */
  public String entity() {
    return entityName == null ? null : entityNamespace + "/" + entityName;
  }
}
