package dev.portolan.cli;

import dev.portolan.guardrail.WorkloadVerdict;
import java.util.List;

/**
 * Every object of the manifests, graded, and the level they must reach.
 *
 * @param minLevel the {@code --min-level}, or null
 */
record GradeResult(List<GradedObject> objects, String minLevel) {

  /**
   * Whether a verdict fails {@code --min-level}: its scorecard has that level and the entity does
   * not reach it, or the scorecard has problems and graded nothing (it cannot show the level is
   * reached). Never without {@code --min-level}, nor for a scorecard without that level.
   */
  boolean below(WorkloadVerdict verdict) {
    if (minLevel == null || verdict.scorecard() == null) {
      return false;
    }
    if (!verdict.graded()) {
      return true;
    }
    return verdict.levels().contains(minLevel) && !verdict.reaches(minLevel);
  }

  /** The verdicts with a scorecard (those without say an object could not be mapped). */
  List<WorkloadVerdict> graded() {
    return objects.stream()
        .flatMap(o -> o.verdicts().stream())
        .filter(v -> v.scorecard() != null)
        .toList();
  }

  long belowCount() {
    return graded().stream().filter(this::below).count();
  }

  /** Exit status 1 when a verdict is below {@code --min-level}, else 0. */
  int status() {
    return belowCount() > 0 ? 1 : 0;
  }

  long scorecardCount() {
    return graded().stream().map(WorkloadVerdict::scorecard).distinct().count();
  }

  long ungradedCount() {
    return objects.stream().filter(o -> o.verdicts().isEmpty()).count();
  }
}
