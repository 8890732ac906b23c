package dev.portolan.catalog;

import dev.portolan.kit.Problem;
import dev.portolan.model.BlueprintSpec;
import dev.portolan.model.MirroredProperty;
import dev.portolan.model.RelationSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a compiled blueprint against the rest of the catalog: relation targets exist and mirrored
 * paths resolve. Pure: everything it reads comes from the lookup.
 */
public final class BlueprintChecker {
  private BlueprintChecker() {}

  /** The blueprint's validity and resolved mirrored paths. */
  public record Result(List<Problem> problems, Map<String, MirrorPath> mirrored) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  public static Result check(CompiledBlueprint compiled, CatalogLookup lookup) {
    List<Problem> problems = new ArrayList<>(compiled.problems());
    BlueprintSpec spec = compiled.spec();
    if (spec.relations != null) {
      spec.relations.forEach(
          (name, relation) -> {
            String where = "spec.relations." + name + ".target";
            if (relation == null || relation.target == null || relation.target.isBlank()) {
              problems.add(
                  Problem.at(
                      "UnknownRelationTarget",
                      where,
                      "is missing; name the blueprint of the related entities"));
            } else if (lookup.blueprint(relation.target).isEmpty()) {
              problems.add(
                  Problem.at(
                      "UnknownRelationTarget",
                      where,
                      "blueprint '"
                          + relation.target
                          + "' does not exist; create it or fix the name"
                          + known(lookup)));
            }
          });
    }
    Map<String, MirrorPath> mirrored = new LinkedHashMap<>();
    if (spec.mirrored != null) {
      for (Map.Entry<String, MirroredProperty> entry : spec.mirrored.entrySet()) {
        String where = "spec.mirrored." + entry.getKey() + ".path";
        if (spec.relations != null && !relationTargetsExist(spec, entry.getValue(), lookup)) {
          continue; // already reported as an unknown relation target
        }
        var resolution =
            MirrorPath.resolve(entry.getValue().path, spec, compiled.name(), lookup, where);
        if (resolution.problem() != null) {
          problems.add(resolution.problem());
        } else {
          mirrored.put(entry.getKey(), resolution.path());
        }
      }
    }
    return new Result(List.copyOf(problems), mirrored);
  }

  private static boolean relationTargetsExist(
      BlueprintSpec spec, MirroredProperty mirrored, CatalogLookup lookup) {
    if (mirrored.path == null) {
      return true;
    }
    RelationSpec first = spec.relations.get(mirrored.path.split("\\.")[0]);
    return first == null || first.target == null || lookup.blueprint(first.target).isPresent();
  }

  private static String known(CatalogLookup lookup) {
    var names = lookup.blueprints().stream().map(b -> b.getMetadata().getName()).sorted().toList();
    return names.isEmpty() ? "" : " (blueprints: " + String.join(", ", names) + ")";
  }
}
