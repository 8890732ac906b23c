package dev.portolan.scorecard;

import dev.portolan.cel.CompiledExpression;
import dev.portolan.kit.Problem;
import dev.portolan.model.BlueprintSpec;
import dev.portolan.model.CalculatedProperty;
import dev.portolan.model.PropertySchema;
import dev.portolan.model.RelationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds, before any entity is graded, the rules (and the filter) whose result is a field of the
 * entity that the blueprint says is not a boolean: {@code entity.properties.replicas} of an integer
 * property, {@code entity.title}, a label. CEL cannot see it (every variable is a map of dyn), the
 * blueprint can.
 */
final class ScorecardResultTypes {
  private static final Set<String> STRING_FIELDS =
      Set.of("name", "namespace", "blueprint", "title", "owner", "description");
  private static final Set<String> OBJECT_FIELDS =
      Set.of("labels", "properties", "calculated", "mirrored", "relations");

  private ScorecardResultTypes() {}

  /** Every rule, and the filter, that returns a non-boolean field of the blueprint's entities. */
  static List<Problem> problems(
      CompiledScorecard compiled, String blueprintName, BlueprintSpec blueprint) {
    List<Problem> problems = new ArrayList<>();
    if (compiled.filter() != null) {
      check("spec.filter", "spec.filter", compiled.filter(), blueprintName, blueprint, problems);
    }
    for (CompiledScorecard.Rule rule : compiled.rules()) {
      check(
          rule.field(),
          rule.field() + " (rule '" + rule.name() + "')",
          rule.expression(),
          blueprintName,
          blueprint,
          problems);
    }
    return problems;
  }

  /**
   * @param field the path blamed
   * @param named the path as the message names it
   */
  private static void check(
      String field,
      String named,
      CompiledExpression expression,
      String blueprintName,
      BlueprintSpec blueprint,
      List<Problem> problems) {
    for (List<String> path : expression.resultPaths()) {
      String type = typeOf(path, blueprint);
      if (type != null && !type.equals("boolean")) {
        String read = String.join(".", path);
        problems.add(
            new Problem(
                ScorecardCompiler.INVALID_EXPRESSION,
                field,
                named
                    + ": returns "
                    + type
                    + " ("
                    + read
                    + " is "
                    + describe(path, blueprintName, type)
                    + ") but must return boolean; compare it or test it,"
                    + " for example "
                    + example(read, type)));
      }
    }
  }

  /** The schema type of an entity field, or null when the blueprint does not tell. */
  static String typeOf(List<String> path, BlueprintSpec blueprint) {
    if (path.isEmpty() || !path.get(0).equals("entity") || path.size() < 2) {
      return null;
    }
    String field = path.get(1);
    if (path.size() == 2) {
      return STRING_FIELDS.contains(field)
          ? "string"
          : OBJECT_FIELDS.contains(field) ? "object" : null;
    }
    if (path.size() != 3 || blueprint == null) {
      return null;
    }
    String name = path.get(2);
    return switch (field) {
      case "labels" -> "string";
      case "properties" -> {
        PropertySchema schema =
            blueprint.properties == null ? null : blueprint.properties.get(name);
        yield schema == null ? null : schema.type;
      }
      case "calculated" -> {
        CalculatedProperty calculated =
            blueprint.calculated == null ? null : blueprint.calculated.get(name);
        yield calculated == null ? null : calculated.type;
      }
      case "relations" -> {
        RelationSpec relation = blueprint.relations == null ? null : blueprint.relations.get(name);
        yield relation == null ? null : Boolean.TRUE.equals(relation.many) ? "array" : "string";
      }
      default -> null;
    };
  }

  private static String describe(List<String> path, String blueprintName, String type) {
    if (path.size() == 2) {
      return "a " + type + " field of every entity";
    }
    return switch (path.get(1)) {
      case "labels" -> "a label, and labels are strings";
      case "properties" ->
          "a"
              + (type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "n " : " ")
              + type
              + " property of blueprint '"
              + blueprintName
              + "'";
      case "calculated" ->
          "a calculated value of type " + type + " of blueprint '" + blueprintName + "'";
      default -> "a relation of blueprint '" + blueprintName + "'";
    };
  }

  private static String example(String read, String type) {
    return switch (type) {
      case "integer", "number" -> read + " >= 2";
      case "string" -> read + " != ''";
      case "array" -> "size(" + read + ") > 0";
      default -> "size(" + read + ") > 0";
    };
  }
}
