package dev.portolan.initiative;

import dev.portolan.catalog.CatalogListener;
import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CelScope;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpectedType;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.GenerationCache;
import dev.portolan.kit.Problem;
import dev.portolan.model.Initiative;
import dev.portolan.model.InitiativeSpec;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles initiatives, once per generation (as a listener of the index it forgets a deleted one).
 * Repeats the checks the CRD schema makes (one target, dates in order) for API servers that do not
 * enforce schemas, and makes those it cannot: a real calendar date, a filter that compiles to a
 * boolean within the CEL budget.
 */
public final class InitiativeCompiler implements CatalogListener {
  public static final String INVALID_EXPRESSION = "InvalidExpression";
  public static final String INVALID_DATES = "InvalidDates";

  private final CelEngine cel;
  private final GenerationCache<Initiative, CompiledInitiative> cache =
      new GenerationCache<>(
          resource -> compile(resource.getMetadata().getName(), resource.getSpec()));

  public InitiativeCompiler(CelEngine cel) {
    this.cel = cel;
  }

  public CompiledInitiative compile(Initiative initiative) {
    return cache.get(initiative);
  }

  @Override
  public void initiativeChanged(Initiative before, Initiative after) {
    if (after == null) {
      cache.forget(before.getMetadata().getName());
    }
  }

  CompiledInitiative compile(String name, InitiativeSpec spec) {
    if (spec == null) {
      spec = new InitiativeSpec();
    }
    List<Problem> problems = new ArrayList<>();
    if (spec.scorecard == null || spec.scorecard.isBlank()) {
      problems.add(
          Problem.at(
              CompiledInitiative.SCORECARD_NOT_FOUND,
              "spec.scorecard",
              "is missing; name the scorecard whose grades the initiative counts"));
    }
    Target target = null;
    boolean hasLevel = spec.level != null && !spec.level.isBlank();
    boolean hasRules = spec.rules != null && !spec.rules.isEmpty();
    if (hasLevel == hasRules) {
      problems.add(
          Problem.at(
              CompiledInitiative.INVALID_TARGET,
              "spec.level",
              hasLevel
                  ? "is given together with spec.rules; give one target: a level or rule names"
                  : "is missing; give a target: spec.level (a level of the scorecard) or"
                      + " spec.rules (rule names)"));
    } else if (hasLevel) {
      target = Target.level(spec.level);
    } else {
      Set<String> rules = new LinkedHashSet<>();
      for (int i = 0; i < spec.rules.size(); i++) {
        String rule = spec.rules.get(i);
        if (rule == null || rule.isBlank()) {
          problems.add(
              Problem.at(
                  CompiledInitiative.INVALID_TARGET,
                  "spec.rules[" + i + "]",
                  "is empty; name a rule of the scorecard"));
        } else {
          rules.add(rule);
        }
      }
      target = rules.isEmpty() ? null : Target.rules(rules);
    }
    CompiledExpression filter = null;
    if (spec.filter != null && !spec.filter.isBlank()) {
      try {
        filter = cel.compile(spec.filter, CelScope.ENTITY, ExpectedType.BOOLEAN);
      } catch (ExpressionException e) {
        problems.add(Problem.at(INVALID_EXPRESSION, "spec.filter", e.getMessage()));
      }
    }
    LocalDate start = date(spec.startDate, "spec.startDate", problems);
    LocalDate deadline = date(spec.deadline, "spec.deadline", problems);
    if (start != null && deadline != null && !deadline.isAfter(start)) {
      problems.add(
          Problem.at(
              INVALID_DATES,
              "spec.deadline",
              spec.deadline
                  + " is not after spec.startDate "
                  + spec.startDate
                  + "; set a deadline after the start"));
    }
    Set<String> owners = new LinkedHashSet<>();
    if (spec.owners != null) {
      spec.owners.stream().filter(o -> o != null && !o.isBlank()).forEach(owners::add);
    }
    return new CompiledInitiative(
        name,
        spec.scorecard,
        target,
        filter,
        Set.copyOf(owners),
        start,
        deadline,
        List.copyOf(problems));
  }

  private static LocalDate date(String value, String field, List<Problem> problems) {
    if (value == null || value.isBlank()) {
      problems.add(Problem.at(INVALID_DATES, field, "is missing; give a date as YYYY-MM-DD"));
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(
          Problem.at(
              INVALID_DATES,
              field,
              "'"
                  + value
                  + "' is not a calendar date; give one as YYYY-MM-DD, such as 2027-03-31"));
      return null;
    }
  }
}
