package dev.portolan.discovery;

import dev.portolan.model.Blueprint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every blueprint's discovery rules, compiled, by the kind they watch.
 *
 * @param byKind the rules that compiled, by the kind of object they map
 * @param declared the ids of every declared rule, compiled or not: the entities of any other rule
 *     are removed
 * @param results each blueprint with rules, and what compiling them gave
 */
record DiscoveryRuleSet(
    Map<SourceKind, List<CompiledDiscoveryRule>> byKind,
    Set<String> declared,
    Map<String, DiscoveryRuleCompiler.Result> results) {
  static final DiscoveryRuleSet NONE = new DiscoveryRuleSet(Map.of(), Set.of(), Map.of());

  static DiscoveryRuleSet compile(
      Collection<Blueprint> blueprints, DiscoveryRuleCompiler compiler) {
    Map<SourceKind, List<CompiledDiscoveryRule>> byKind = new LinkedHashMap<>();
    Set<String> declared = new HashSet<>();
    Map<String, DiscoveryRuleCompiler.Result> results = new LinkedHashMap<>();
    for (Blueprint blueprint : blueprints) {
      if (!hasRules(blueprint)) {
        continue;
      }
      String name = blueprint.getMetadata().getName();
      for (int i = 0; i < blueprint.getSpec().discovery.size(); i++) {
        declared.add(CompiledDiscoveryRule.id(name, i));
      }
      DiscoveryRuleCompiler.Result result = compiler.compile(blueprint);
      result
          .rules()
          .forEach(rule -> byKind.computeIfAbsent(rule.source(), k -> new ArrayList<>()).add(rule));
      results.put(name, result);
    }
    return new DiscoveryRuleSet(byKind, declared, results);
  }

  static boolean hasRules(Blueprint b) {
    return b != null
        && b.getSpec() != null
        && b.getSpec().discovery != null
        && !b.getSpec().discovery.isEmpty();
  }

  List<CompiledDiscoveryRule> rules(SourceKind kind) {
    return byKind.getOrDefault(kind, List.of());
  }

  /** The kinds to watch: those the rules map, and Namespaces when a rule selects namespaces. */
  Set<SourceKind> watchedKinds() {
    Set<SourceKind> wanted = new HashSet<>(byKind.keySet());
    if (byKind.values().stream()
        .flatMap(List::stream)
        .anyMatch(r -> r.namespaceSelector() != null)) {
      wanted.add(DiscoveryController.NAMESPACE);
    }
    return wanted;
  }

  /** The kinds a blueprint's compiled rules watch, for its report. */
  List<String> kindsOf(String blueprint) {
    DiscoveryRuleCompiler.Result result = results.get(blueprint);
    return result == null
        ? List.of()
        : result.rules().stream().map(r -> r.source().kind()).distinct().toList();
  }
}
