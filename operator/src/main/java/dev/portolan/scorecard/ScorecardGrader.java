package dev.portolan.scorecard;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.EntityEvaluator;
import dev.portolan.cel.CelValues;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Grades one entity on every scorecard of its blueprint whose filter admits it. Called by the
 * Entity reconciler after the entity's calculated and mirrored values are computed, so the results
 * land in the same status write. Pure: it reads only its arguments, the lookup and the sources.
 */
public final class ScorecardGrader {
  private final CatalogLookup lookup;
  private final ScorecardCompiler compiler;
  private final SourceObjects sources;

  public ScorecardGrader(CatalogLookup lookup, ScorecardCompiler compiler, SourceObjects sources) {
    this.lookup = lookup;
    this.compiler = compiler;
    this.sources = sources;
  }

  /**
   * The entity's results by scorecard name: empty when its blueprint is missing or not ready (it
   * then has no values to grade), and without the scorecards that have problems of their own or
   * whose filter leaves it out.
   */
  public Map<String, ScorecardResult> grade(Entity entity, EntityEvaluator.Evaluation evaluation) {
    if (!evaluation.evaluated() || entity.getSpec() == null || entity.getSpec().blueprint == null) {
      return Map.of();
    }
    List<Scorecard> scorecards = lookup.scorecardsOfBlueprint(entity.getSpec().blueprint);
    if (scorecards.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> entityVariable = new LinkedHashMap<>(evaluation.entityVariable());
    entityVariable.put("calculated", CelValues.fromJson(evaluation.calculated()));
    Map<String, Object> variables = Map.of(
        "entity", entityVariable,
        "source", sources.sourceOf(entity).orElse(Map.of()));
    Map<String, ScorecardResult> results = new TreeMap<>();
    var blueprint = lookup.blueprint(entity.getSpec().blueprint).map(b -> b.getSpec()).orElse(null);
    for (Scorecard scorecard : scorecards) {
      CompiledScorecard compiled = compiler.compile(scorecard);
      if (ScorecardChecker.grades(compiled, blueprint)) {
        compiled.grade(variables).ifPresent(result -> results.put(compiled.name(), result));
      }
    }
    return results;
  }
}
