package dev.portolan.scorecard;

import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CelScope;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpectedType;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.GenerationCache;
import dev.portolan.kit.Problem;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles scorecards, and keeps each result for as long as the scorecard's generation stays the
 * same, so that the filter and rules are compiled once per spec change, not once per entity.
 * Repeats the checks the CRD schema makes (rule levels, unique rule names) for API servers that do
 * not enforce schemas, and makes those it cannot (unique levels, the reserved level name).
 */
public final class ScorecardCompiler {
  public static final String INVALID_EXPRESSION = "InvalidExpression";
  public static final String INVALID_LEVELS = "InvalidLevels";
  public static final String INVALID_RULES = "InvalidRules";

  private final CelEngine cel;
  private final GenerationCache<Scorecard, CompiledScorecard> cache =
      new GenerationCache<>(
          resource -> compile(resource.getMetadata().getName(), resource.getSpec()));

  public ScorecardCompiler(CelEngine cel) {
    this.cel = cel;
  }

  /** The compiled form of a scorecard's current spec. */
  public CompiledScorecard compile(Scorecard scorecard) {
    return cache.get(scorecard);
  }

  /** Forgets a deleted scorecard. */
  public void forget(String name) {
    cache.forget(name);
  }

  CompiledScorecard compile(String name, ScorecardSpec spec) {
    if (spec == null) {
      spec = new ScorecardSpec();
    }
    List<Problem> problems = new ArrayList<>();
    List<String> levels = spec.levels == null ? List.of() : List.copyOf(spec.levels);
    checkLevels(levels, problems);

    CompiledExpression filter = null;
    if (spec.filter != null && !spec.filter.isBlank()) {
      try {
        filter = cel.compile(spec.filter, CelScope.SCORECARD, ExpectedType.BOOLEAN);
      } catch (ExpressionException e) {
        problems.add(Problem.at(INVALID_EXPRESSION, "spec.filter", e.getMessage()));
      }
    }

    List<ScorecardSpec.Rule> declared = spec.rules == null ? List.of() : spec.rules;
    if (declared.isEmpty()) {
      problems.add(Problem.at(INVALID_RULES, "spec.rules", "is empty; add at least one rule"));
    }
    List<CompiledScorecard.Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      ScorecardSpec.Rule rule = declared.get(i);
      String where = "spec.rules[" + i + "]";
      if (rule == null || rule.name == null || rule.name.isBlank()) {
        problems.add(
            Problem.at(INVALID_RULES, where + ".name", "is missing; give the rule a name"));
        continue;
      }
      String named = " (rule '" + rule.name + "')";
      if (!names.add(rule.name)) {
        problems.add(
            Problem.at(
                INVALID_RULES,
                where + ".name",
                "'" + rule.name + "' is the name of an earlier rule; give each rule its own name"));
      }
      if (!levels.contains(rule.level)) {
        problems.add(
            new Problem(
                INVALID_RULES,
                where + ".level",
                where
                    + ".level"
                    + named
                    + ": '"
                    + rule.level
                    + "' is not one of spec.levels; use one of: "
                    + String.join(", ", levels)));
      }
      try {
        rules.add(
            new CompiledScorecard.Rule(
                rule.name,
                rule.level,
                cel.compile(rule.expression, CelScope.SCORECARD, ExpectedType.BOOLEAN),
                where + ".expression"));
      } catch (ExpressionException e) {
        problems.add(
            new Problem(
                INVALID_EXPRESSION,
                where + ".expression",
                where + ".expression" + named + ": " + e.getMessage()));
      }
    }
    return new CompiledScorecard(
        name, spec.blueprint, levels, filter, List.copyOf(rules), List.copyOf(problems));
  }

  private static void checkLevels(List<String> levels, List<Problem> problems) {
    if (levels.isEmpty()) {
      problems.add(
          Problem.at(
              INVALID_LEVELS, "spec.levels", "is empty; list the level names, lowest first"));
      return;
    }
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new LinkedHashSet<>();
    for (int i = 0; i < levels.size(); i++) {
      String level = levels.get(i);
      if (level == null || level.isBlank()) {
        problems.add(
            Problem.at(
                INVALID_LEVELS, "spec.levels[" + i + "]", "is empty; give the level a name"));
      } else if (!seen.add(level)) {
        repeated.add(level);
      }
    }
    for (String level : repeated) {
      problems.add(
          Problem.at(
              INVALID_LEVELS,
              "spec.levels",
              "'" + level + "' is listed more than once; list each level once, lowest first"));
    }
    if (seen.contains(Levels.NONE)) {
      problems.add(
          Problem.at(
              INVALID_LEVELS,
              "spec.levels",
              "'"
                  + Levels.NONE
                  + "' is the level of entities below the first level; give your level another name"));
    }
  }
}
