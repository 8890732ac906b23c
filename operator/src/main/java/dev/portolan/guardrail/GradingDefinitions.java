package dev.portolan.guardrail;

import dev.portolan.catalog.BlueprintCompiler;
import dev.portolan.catalog.EntityEvaluator;
import dev.portolan.cel.CelEngine;
import dev.portolan.discovery.CompiledDiscoveryRule;
import dev.portolan.discovery.DiscoveryRuleCompiler;
import dev.portolan.discovery.SourceKind;
import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import dev.portolan.scorecard.ScorecardCompiler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of blueprints and scorecards, compiled once: every blueprint's discovery rules by the
 * kind they map, the blueprints' schemas and calculated values, and the scorecards' rules, with the
 * catalog of these definitions the checks read. Thread-safe and immutable once built; {@link
 * WorkloadGrader} keeps a few of them, keyed by the definitions' identities.
 */
public final class GradingDefinitions {
  private final DefinitionCatalog catalog;
  private final BlueprintCompiler blueprints;
  private final EntityEvaluator evaluator;
  private final ScorecardCompiler scorecards;
  private final Map<SourceKind, List<CompiledDiscoveryRule>> rules;
  private final Map<String, List<Problem>> discoveryProblems;

  GradingDefinitions(
      CelEngine cel, Collection<Blueprint> blueprintSet, Collection<Scorecard> scorecardSet) {
    List<Blueprint> stampedBlueprints =
        blueprintSet.stream().map(GradingDefinitions::stamp).toList();
    List<Scorecard> stampedScorecards =
        scorecardSet.stream().map(GradingDefinitions::stamp).toList();
    this.catalog = new DefinitionCatalog(stampedBlueprints, stampedScorecards);
    this.blueprints = new BlueprintCompiler(cel);
    this.evaluator = new EntityEvaluator(catalog, blueprints);
    this.scorecards = new ScorecardCompiler(cel);
    DiscoveryRuleCompiler discovery = new DiscoveryRuleCompiler(cel);
    Map<SourceKind, List<CompiledDiscoveryRule>> byKind = new LinkedHashMap<>();
    Map<String, List<Problem>> problems = new LinkedHashMap<>();
    for (Blueprint blueprint : catalog.blueprints()) {
      blueprints.compile(blueprint);
      DiscoveryRuleCompiler.Result result = discovery.compile(blueprint);
      result
          .rules()
          .forEach(rule -> byKind.computeIfAbsent(rule.source(), k -> new ArrayList<>()).add(rule));
      if (!result.problems().isEmpty()) {
        problems.put(blueprint.getMetadata().getName(), result.problems());
      }
    }
    stampedScorecards.forEach(scorecards::compile);
    byKind.replaceAll((kind, list) -> List.copyOf(list));
    this.rules = Map.copyOf(byKind);
    this.discoveryProblems = Map.copyOf(problems);
  }

  /**
   * A resource without a generation (read from a file) gets one on a copy, so that the compilers'
   * caches, which compile such a resource again on every use, keep it for as long as this set
   * lives.
   */
  private static <R extends HasMetadata> R stamp(R resource) {
    if (resource.getMetadata().getGeneration() != null) {
      return resource;
    }
    R copy = Serialization.clone(resource);
    copy.getMetadata().setGeneration(1L);
    return copy;
  }

  /** The discovery rules that map objects of {@code kind}, in the blueprints' order. */
  List<CompiledDiscoveryRule> rules(SourceKind kind) {
    return rules.getOrDefault(kind, List.of());
  }

  /** The kinds of object some blueprint's discovery rules map. */
  public java.util.Set<SourceKind> kinds() {
    return rules.keySet();
  }

  /**
   * The discovery rules that did not compile, by blueprint: they map nothing (as live, where the
   * blueprint's status lists them).
   */
  public Map<String, List<Problem>> discoveryProblems() {
    return discoveryProblems;
  }

  DefinitionCatalog catalog() {
    return catalog;
  }

  EntityEvaluator evaluator() {
    return evaluator;
  }

  ScorecardCompiler scorecards() {
    return scorecards;
  }
}
