package dev.portolan.scorecard;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.kit.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a compiled scorecard against the catalog: its blueprint must exist, and no rule may return
 * a field the blueprint says is not a boolean. Together with the problems of the spec alone, that
 * decides the scorecard's Ready condition.
 */
public final class ScorecardChecker {
  public static final String BLUEPRINT_NOT_FOUND = "BlueprintNotFound";

  private ScorecardChecker() {}

  /** Every problem of the scorecard, the blueprint's first; empty when it is ready. */
  public static List<Problem> check(CompiledScorecard compiled, CatalogLookup lookup) {
    List<Problem> problems = new ArrayList<>();
    String blueprint = compiled.blueprint();
    if (blueprint == null || blueprint.isBlank()) {
      problems.add(
          Problem.at(
              BLUEPRINT_NOT_FOUND,
              "spec.blueprint",
              "is missing; name the blueprint whose entities this scorecard grades"));
    } else if (lookup.blueprint(blueprint).isPresent()) {
      problems.addAll(
          ScorecardResultTypes.problems(
              compiled, blueprint, lookup.blueprint(blueprint).get().getSpec()));
    } else {
      List<String> known =
          lookup.blueprints().stream().map(b -> b.getMetadata().getName()).sorted().toList();
      problems.add(
          Problem.at(
              BLUEPRINT_NOT_FOUND,
              "spec.blueprint",
              "blueprint '"
                  + blueprint
                  + "' does not exist; create it or use one of: "
                  + (known.isEmpty() ? "(none yet)" : String.join(", ", known))));
    }
    problems.addAll(compiled.problems());
    return problems;
  }

  /**
   * Whether the scorecard may grade entities of this blueprint: no problem of its own or with it.
   */
  static boolean grades(CompiledScorecard compiled, dev.portolan.model.BlueprintSpec blueprint) {
    return compiled.valid()
        && ScorecardResultTypes.problems(compiled, compiled.blueprint(), blueprint).isEmpty();
  }
}
