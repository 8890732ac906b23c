package dev.portolan.catalog;

import dev.portolan.model.Blueprint;
import dev.portolan.model.BlueprintSpec;
import dev.portolan.model.MirroredProperty;
import dev.portolan.model.RelationSpec;
import java.util.HashSet;
import java.util.Set;

/** Which blueprints' checks and mirrored values read another blueprint. */
final class BlueprintDependencies {
  private BlueprintDependencies() {}

  /**
   * The blueprints other than {@code name} that depend on it.
   *
   * @param throughRelations also count blueprints that merely relate to it (their relation-target
   *     check reads its existence); otherwise only those whose mirrored paths read through it
   */
  static Set<String> dependentsOf(String name, CatalogLookup lookup, boolean throughRelations) {
    Set<String> dependents = new HashSet<>();
    for (Blueprint blueprint : lookup.blueprints()) {
      String candidate = blueprint.getMetadata().getName();
      BlueprintSpec spec = blueprint.getSpec();
      if (candidate.equals(name) || spec == null) {
        continue;
      }
      if (throughRelations
          && spec.relations != null
          && spec.relations.values().stream().anyMatch(r -> r != null && name.equals(r.target))) {
        dependents.add(candidate);
        continue;
      }
      if (spec.mirrored != null
          && spec.mirrored.values().stream().anyMatch(m -> readsThrough(spec, m, name, lookup))) {
        dependents.add(candidate);
      }
    }
    return dependents;
  }

  private static boolean readsThrough(
      BlueprintSpec from, MirroredProperty mirrored, String name, CatalogLookup lookup) {
    if (mirrored == null || mirrored.path == null) {
      return false;
    }
    BlueprintSpec current = from;
    for (String segment : mirrored.path.split("\\.")) {
      RelationSpec relation = current.relations == null ? null : current.relations.get(segment);
      if (relation == null || relation.target == null) {
        return false;
      }
      if (relation.target.equals(name)) {
        return true;
      }
      current = lookup.blueprint(relation.target).map(Blueprint::getSpec).orElse(null);
      if (current == null) {
        return false;
      }
    }
    return false;
  }
}
