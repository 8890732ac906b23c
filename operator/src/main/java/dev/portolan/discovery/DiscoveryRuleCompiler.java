package dev.portolan.discovery;

import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CelScope;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpectedType;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import dev.portolan.model.BlueprintSpec;
import dev.portolan.model.DiscoveryRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a blueprint's discovery rules. A rule with a problem is left out and reported; the
 * blueprint's other rules still work.
 */
public final class DiscoveryRuleCompiler {
  static final String REASON = "InvalidDiscoveryRule";
  private final CelEngine cel;

  public DiscoveryRuleCompiler(CelEngine cel) {
    this.cel = cel;
  }

  /** The rules that compiled, and the problems of those that did not. */
  public record Result(List<CompiledDiscoveryRule> rules, List<Problem> problems) {}

  public Result compile(Blueprint blueprint) {
    String name = blueprint.getMetadata().getName();
    BlueprintSpec spec = blueprint.getSpec();
    List<CompiledDiscoveryRule> rules = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    if (spec == null || spec.discovery == null) {
      return new Result(rules, problems);
    }
    for (int i = 0; i < spec.discovery.size(); i++) {
      List<Problem> ruleProblems = new ArrayList<>();
      CompiledDiscoveryRule rule = compile(name, spec, i, spec.discovery.get(i), ruleProblems);
      problems.addAll(ruleProblems);
      if (ruleProblems.isEmpty()) {
        rules.add(rule);
      }
    }
    return new Result(rules, problems);
  }

  private CompiledDiscoveryRule compile(
      String blueprint, BlueprintSpec spec, int index, DiscoveryRule rule, List<Problem> problems) {
    String at = "spec.discovery[" + index + "]";
    if (rule == null
        || rule.resource == null
        || isBlank(rule.resource.apiVersion)
        || isBlank(rule.resource.kind)) {
      problems.add(
          Problem.at(
              REASON,
              at + ".resource",
              "name the apiVersion and kind to watch, for example"
                  + " {apiVersion: apps/v1, kind: Deployment}"));
      return null;
    }
    CompiledExpression when = optional(rule.when, at + ".when", ExpectedType.BOOLEAN, problems);
    CompiledExpression name =
        rule.name == null
            ? missing(at + ".name", problems)
            : expression(rule.name, at + ".name", ExpectedType.STRING, problems);
    CompiledExpression title = optional(rule.title, at + ".title", ExpectedType.STRING, problems);
    CompiledExpression owner = optional(rule.owner, at + ".owner", ExpectedType.STRING, problems);
    Map<String, CompiledExpression> properties = new LinkedHashMap<>();
    rule.properties.forEach(
        (property, source) -> {
          if (spec.properties == null || !spec.properties.containsKey(property)) {
            problems.add(
                Problem.at(
                    REASON,
                    at + ".properties." + property,
                    "the blueprint declares no property '"
                        + property
                        + "'; declare it under spec.properties or remove the mapping"));
          } else {
            properties.put(
                property,
                expression(source, at + ".properties." + property, ExpectedType.ANY, problems));
          }
        });
    Map<String, CompiledExpression> relations = new LinkedHashMap<>();
    rule.relations.forEach(
        (relation, source) -> {
          if (spec.relations == null || !spec.relations.containsKey(relation)) {
            problems.add(
                Problem.at(
                    REASON,
                    at + ".relations." + relation,
                    "the blueprint declares no relation '"
                        + relation
                        + "'; declare it under spec.relations or remove the mapping"));
          } else {
            relations.put(
                relation,
                expression(source, at + ".relations." + relation, ExpectedType.ANY, problems));
          }
        });
    boolean usesWorkloads =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(rule.when, rule.name, rule.title, rule.owner),
                java.util.stream.Stream.concat(
                    rule.properties.values().stream(), rule.relations.values().stream()))
            .anyMatch(s -> s != null && s.contains("workloads"));
    return new CompiledDiscoveryRule(
        CompiledDiscoveryRule.id(blueprint, index),
        blueprint,
        index,
        new SourceKind(rule.resource.apiVersion, rule.resource.kind),
        rule.selector,
        rule.namespaceSelector,
        when,
        name,
        title,
        owner,
        properties,
        relations,
        spec.relations != null && spec.relations.containsKey("system"),
        usesWorkloads);
  }

  private CompiledExpression optional(
      String source, String where, ExpectedType type, List<Problem> problems) {
    return isBlank(source) ? null : expression(source, where, type, problems);
  }

  private CompiledExpression expression(
      String source, String where, ExpectedType type, List<Problem> problems) {
    try {
      return cel.compile(source, CelScope.DISCOVERY, type);
    } catch (ExpressionException e) {
      problems.add(Problem.at(REASON, where, e.getMessage()));
      return null;
    }
  }

  private static CompiledExpression missing(String where, List<Problem> problems) {
    problems.add(
        Problem.at(
            REASON,
            where,
            "is required: a CEL expression over object that gives the entity's"
                + " name, for example \"'deployment-' + object.metadata.name\""));
    return null;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
