package dev.portolan.initiative;

import dev.portolan.cel.CompiledExpression;
import dev.portolan.kit.Problem;
import dev.portolan.model.Scorecard;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an initiative's spec compiles to, once per generation: its scorecard, target, filter (a
 * checked CEL program under the engine's budget), owners and dates, and the problems found in the
 * spec alone. An initiative with problems counts nothing.
 *
 * @param target null when the spec gives no valid target
 * @param filter null when the initiative has no filter (every graded entity is covered)
 * @param owners empty when every owner is covered
 * @param start null when spec.startDate is not a valid date
 * @param deadline null when spec.deadline is not a valid date
 */
public record CompiledInitiative(
    String name,
    String scorecard,
    Target target,
    CompiledExpression filter,
    Set<String> owners,
    LocalDate start,
    LocalDate deadline,
    List<Problem> problems) {

  public static final String SCORECARD_NOT_FOUND = "ScorecardNotFound";
  public static final String INVALID_TARGET = "InvalidTarget";

  /**
   * The problems of the spec together with those it has against its scorecard as it is now: the
   * scorecard must exist, the target level be one of its levels, each named rule one of its rules.
   */
  public List<Problem> problemsWith(Scorecard scorecard) {
    List<Problem> all = new ArrayList<>(problems);
    if (scorecard == null || scorecard.getSpec() == null) {
      if (this.scorecard != null) {
        all.add(
            Problem.at(
                SCORECARD_NOT_FOUND,
                "spec.scorecard",
                "scorecard '"
                    + this.scorecard
                    + "' does not exist; create it or name an existing one (kubectl get"
                    + " scorecards)"));
      }
      return List.copyOf(all);
    }
    if (target == null) {
      return List.copyOf(all);
    }
    List<String> levels =
        scorecard.getSpec().levels == null ? List.of() : scorecard.getSpec().levels;
    if (target.level() != null && !levels.contains(target.level())) {
      all.add(
          Problem.at(
              INVALID_TARGET,
              "spec.level",
              "'"
                  + target.level()
                  + "' is not a level of scorecard '"
                  + this.scorecard
                  + "'; use one of: "
                  + String.join(", ", levels)));
    }
    List<String> known =
        scorecard.getSpec().rules == null
            ? List.of()
            : scorecard.getSpec().rules.stream()
                .filter(r -> r != null && r.name != null)
                .map(r -> r.name)
                .toList();
    target.rules().stream()
        .filter(rule -> !known.contains(rule))
        .sorted()
        .forEach(
            rule ->
                all.add(
                    Problem.at(
                        INVALID_TARGET,
                        "spec.rules",
                        "'"
                            + rule
                            + "' is not a rule of scorecard '"
                            + this.scorecard
                            + "'; use its rule names: "
                            + String.join(", ", known))));
    return List.copyOf(all);
  }
}
