package dev.portolan.catalog;

import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import dev.portolan.model.BlueprintSpec;
import dev.portolan.model.RelationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A mirrored path resolved against the blueprints: the relations to follow, then the field to read
 * from the entity reached.
 */
public record MirrorPath(List<String> relations, Field field) {
  /** Fields every entity has, readable by a mirrored path. */
  public static final Set<String> BUILT_IN_FIELDS =
      Set.of("name", "namespace", "title", "owner", "description", "blueprint");

  /** The field read at the end of the path: a built-in field or a property. */
  public record Field(boolean property, String name) {}

  /** The outcome of resolving a path: the path, or a problem saying why it does not resolve. */
  public record Resolution(MirrorPath path, Problem problem) {}

  /**
   * Resolves {@code text} from blueprint {@code from}.
   *
   * @param where the field being resolved, for messages: {@code spec.mirrored.systemOwner.path}
   */
  public static Resolution resolve(
      String text, BlueprintSpec from, String fromName, CatalogLookup lookup, String where) {
    String reason = "UnresolvedMirrorPath";
    if (text == null || text.isBlank()) {
      return new Resolution(
          null,
          Problem.at(reason, where, "is empty; write relation.field, for example system.owner"));
    }
    String[] segments = text.split("\\.", -1);
    List<String> relations = new ArrayList<>();
    BlueprintSpec current = from;
    String currentName = fromName;
    int i = 0;
    // Follow relations for as long as the segments name them, always at least one.
    while (i < segments.length - 1) {
      RelationSpec relation = current.relations == null ? null : current.relations.get(segments[i]);
      if (relation == null) {
        break;
      }
      relations.add(segments[i]);
      Blueprint target = lookup.blueprint(relation.target).orElse(null);
      if (target == null || target.getSpec() == null) {
        return new Resolution(
            null,
            Problem.at(
                reason,
                where,
                "'"
                    + segments[i]
                    + "' leads to blueprint '"
                    + relation.target
                    + "', which does not exist"));
      }
      current = target.getSpec();
      currentName = relation.target;
      i++;
    }
    if (relations.isEmpty()) {
      return new Resolution(
          null,
          Problem.at(
              reason,
              where,
              "'"
                  + segments[0]
                  + "' is not a relation of blueprint '"
                  + fromName
                  + "'; a mirrored path starts with one of: "
                  + names(from)));
    }
    String[] rest = java.util.Arrays.copyOfRange(segments, i, segments.length);
    if (rest.length == 2 && rest[0].equals("properties") && declares(current, rest[1])) {
      return new Resolution(new MirrorPath(relations, new Field(true, rest[1])), null);
    }
    if (rest.length == 1 && BUILT_IN_FIELDS.contains(rest[0])) {
      return new Resolution(new MirrorPath(relations, new Field(false, rest[0])), null);
    }
    if (rest.length == 1 && declares(current, rest[0])) {
      return new Resolution(new MirrorPath(relations, new Field(true, rest[0])), null);
    }
    return new Resolution(
        null,
        Problem.at(
            reason,
            where,
            "'"
                + String.join(".", rest)
                + "' is neither a relation, a built-in field ("
                + String.join(", ", BUILT_IN_FIELDS.stream().sorted().toList())
                + ") nor a property of blueprint '"
                + currentName
                + "'"));
  }

  private static boolean declares(BlueprintSpec spec, String property) {
    return spec.properties != null && spec.properties.containsKey(property);
  }

  private static String names(BlueprintSpec spec) {
    return spec.relations == null || spec.relations.isEmpty()
        ? "(it declares no relations)"
        : String.join(", ", spec.relations.keySet());
  }
}
