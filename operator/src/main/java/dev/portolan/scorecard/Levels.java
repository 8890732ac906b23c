package dev.portolan.scorecard;

import dev.portolan.model.EntityStatus.RuleResult;
import java.util.List;

/**
 * The level semantics of OpsLevel and Port: an entity reaches a level when it passes every rule of
 * that level and of every lower level. A level without rules is reached as soon as the levels below
 * it are; below the first level an entity is {@value #NONE}. A rule an active Waiver excuses
 * (result {@code Waived}) does not hold a level back: it is neither passed nor blocking.
 */
public final class Levels {
  /** The level of an entity that does not reach the first one. */
  public static final String NONE = "None";

  private Levels() {}

  /**
   * The highest level reached.
   *
   * @param levels the level names, lowest first
   * @param results each rule's result; a rule whose level is not in {@code levels} is ignored
   */
  public static String reached(List<String> levels, List<RuleResult> results) {
    int firstFailing = levels.size();
    for (RuleResult result : results) {
      if (!Boolean.TRUE.equals(result.passed) && !RuleResult.WAIVED.equals(result.result)) {
        int index = levels.indexOf(result.level);
        if (index >= 0) {
          firstFailing = Math.min(firstFailing, index);
        }
      }
    }
    return firstFailing == 0 ? NONE : levels.get(firstFailing - 1);
  }
}
