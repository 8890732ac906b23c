package dev.portolan.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portolan.cel.CelValues;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Problems;
import dev.portolan.model.Blueprint;
import dev.portolan.model.BlueprintSpec;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import dev.portolan.model.RelationSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks one entity against its blueprint and the catalog, and computes its calculated and mirrored
 * values. Pure: it reads only its arguments and the lookup, and writes nothing.
 */
public final class EntityEvaluator {
  private final CatalogLookup lookup;
  private final BlueprintCompiler compiler;

  public EntityEvaluator(CatalogLookup lookup, BlueprintCompiler compiler) {
    this.lookup = lookup;
    this.compiler = compiler;
  }

  /**
   * The outcome for one entity.
   *
   * @param problems what makes the entity invalid; empty when it is valid
   * @param reason the Valid condition's reason
   * @param evaluated whether calculated and mirrored values could be computed at all
   * @param computeErrors the calculated values that failed to evaluate, with the error
   * @param entityVariable the CEL {@code entity} map the calculated expressions read (defaults and
   *     mirrored values included), for further expressions over the same entity; empty when not
   *     evaluated
   */
  public record Evaluation(
      List<Problem> problems,
      String reason,
      boolean evaluated,
      Map<String, JsonNode> calculated,
      Map<String, JsonNode> mirrored,
      List<String> computeErrors,
      Map<String, Object> entityVariable) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  public Evaluation evaluate(Entity entity) {
    EntitySpec spec = entity.getSpec();
    if (spec == null || spec.blueprint == null || spec.blueprint.isBlank()) {
      return notEvaluated(
          "BlueprintNotFound", "is missing; name the blueprint this entity is an instance of");
    }
    Optional<Blueprint> blueprint = lookup.blueprint(spec.blueprint);
    if (blueprint.isEmpty()) {
      var known =
          lookup.blueprints().stream().map(b -> b.getMetadata().getName()).sorted().toList();
      return notEvaluated(
          "BlueprintNotFound",
          "blueprint '"
              + spec.blueprint
              + "' does not exist; create it or use one of: "
              + (known.isEmpty() ? "(none yet)" : String.join(", ", known)));
    }
    CompiledBlueprint compiled = compiler.compile(blueprint.get());
    BlueprintChecker.Result check = BlueprintChecker.check(compiled, lookup);
    if (!check.valid()) {
      return notEvaluated(
          "BlueprintNotReady",
          "blueprint '"
              + spec.blueprint
              + "' is not ready ("
              + check.problems().get(0).message()
              + "); fix the blueprint");
    }

    List<Problem> problems = new ArrayList<>();
    JsonNode properties =
        JsonNodeFactory.instance
            .objectNode()
            .setAll(spec.properties == null ? Map.of() : spec.properties);
    problems.addAll(
        JsonSchemas.validate(
            compiled.schema(), properties, "spec.properties", "InvalidProperties"));
    checkRelations(entity, compiled.spec(), problems);

    Map<String, JsonNode> mirrored = mirror(entity, check.mirrored());
    Map<String, JsonNode> calculated = new TreeMap<>();
    List<String> computeErrors = new ArrayList<>();
    Map<String, Object> entityVariable =
        EntityVariables.of(
            entity, compiled.defaults(), Map.of("mirrored", CelValues.fromJson(mirrored)));
    Map<String, Object> variables = Map.of("entity", entityVariable);
    for (Map.Entry<String, CompiledExpression> calc : compiled.calculated().entrySet()) {
      try {
        calculated.put(calc.getKey(), CelValues.toJson(calc.getValue().evaluate(variables)));
      } catch (ExpressionException e) {
        computeErrors.add("spec.calculated." + calc.getKey() + ": " + e.getMessage());
      }
    }
    return new Evaluation(
        List.copyOf(problems),
        Problems.reason(problems, "Valid"),
        true,
        calculated,
        mirrored,
        computeErrors,
        entityVariable);
  }

  private void checkRelations(Entity entity, BlueprintSpec blueprint, List<Problem> problems) {
    String namespace = entity.getMetadata().getNamespace();
    String blueprintName = entity.getSpec().blueprint;
    Map<String, JsonNode> relations =
        entity.getSpec().relations == null ? Map.of() : entity.getSpec().relations;
    Map<String, RelationSpec> declared =
        blueprint.relations == null ? Map.of() : blueprint.relations;
    for (String name : relations.keySet()) {
      if (!declared.containsKey(name)) {
        problems.add(
            Problem.at(
                "InvalidRelation",
                "spec.relations." + name,
                "blueprint '"
                    + blueprintName
                    + "' declares no relation '"
                    + name
                    + "'; use one of: "
                    + (declared.isEmpty() ? "(none)" : String.join(", ", declared.keySet()))));
      }
    }
    for (Map.Entry<String, RelationSpec> entry : declared.entrySet()) {
      String name = entry.getKey();
      RelationSpec relation = entry.getValue();
      String where = "spec.relations." + name;
      JsonNode value = relations.get(name);
      List<String> texts = Relations.texts(value);
      if (texts.isEmpty()) {
        if (relation.isRequired()) {
          problems.add(
              Problem.at(
                  "MissingRelation",
                  where,
                  "is required by blueprint '"
                      + blueprintName
                      + "'; set it to a reference to a '"
                      + relation.target
                      + "' entity"));
        }
        continue;
      }
      if (value.isArray() && !relation.isMany()) {
        problems.add(
            Problem.at(
                "InvalidRelation",
                where,
                "takes a single reference but has a list of "
                    + texts.size()
                    + "; give one reference, or set many: true on the blueprint's relation"));
        continue;
      }
      for (int i = 0; i < texts.size(); i++) {
        String at = value.isArray() ? where + "[" + i + "]" : where;
        String text = texts.get(i);
        Optional<EntityRef> ref = EntityRef.parse(text, namespace);
        if (ref.isEmpty()) {
          problems.add(
              Problem.at(
                  "InvalidRelation",
                  at,
                  "'"
                      + text
                      + "' is not an entity reference; write name or namespace/name in lower case"));
          continue;
        }
        if (!RelationGrants.permits(lookup, namespace, ref.get().namespace(), relation.target)) {
          // Said before whether it exists: a namespace that grants nothing tells nothing of its
          // entities.
          problems.add(
              new Problem(
                  "RelationNotGranted",
                  at,
                  RelationGrants.notGranted(at, ref.get(), namespace, relation.target)));
          continue;
        }
        Optional<Entity> target = lookup.entity(ref.get());
        if (target.isEmpty()) {
          problems.add(
              Problem.at(
                  "RelationTargetNotFound",
                  at,
                  "entity '"
                      + ref.get().key()
                      + "' does not exist; create it or fix the reference"));
        } else if (target.get().getSpec() == null
            || !relation.target.equals(target.get().getSpec().blueprint)) {
          String actual = target.get().getSpec() == null ? "?" : target.get().getSpec().blueprint;
          problems.add(
              Problem.at(
                  "RelationTargetWrongBlueprint",
                  at,
                  "entity '"
                      + ref.get().key()
                      + "' is a '"
                      + actual
                      + "' but relation '"
                      + name
                      + "' needs a '"
                      + relation.target
                      + "'"));
        }
      }
    }
  }

  private Map<String, JsonNode> mirror(Entity entity, Map<String, MirrorPath> paths) {
    Map<String, JsonNode> values = new TreeMap<>();
    for (Map.Entry<String, MirrorPath> entry : paths.entrySet()) {
      MirrorPath path = entry.getValue();
      List<Entity> reached = List.of(entity);
      boolean many = false;
      for (String relation : path.relations()) {
        Set<Entity> next = new LinkedHashSet<>();
        for (Entity from : reached) {
          JsonNode value =
              from.getSpec() == null || from.getSpec().relations == null
                  ? null
                  : from.getSpec().relations.get(relation);
          many |= value != null && value.isArray();
          for (EntityRef ref : Relations.targets(from, relation)) {
            lookup
                .entity(ref)
                .filter(
                    target ->
                        target.getSpec() != null
                            && RelationGrants.permits(
                                lookup,
                                from.getMetadata().getNamespace(),
                                ref.namespace(),
                                target.getSpec().blueprint))
                .ifPresent(
                    next::add); // a value crosses a namespace wall only where its namespace grants
            // it
          }
        }
        reached = new ArrayList<>(next);
      }
      List<JsonNode> found = new ArrayList<>();
      for (Entity target : reached) {
        JsonNode value = read(target, path.field());
        if (value != null && !value.isNull()) {
          found.add(value);
        }
      }
      if (many) {
        values.put(entry.getKey(), JsonNodeFactory.instance.arrayNode().addAll(found));
      } else if (!found.isEmpty()) {
        values.put(entry.getKey(), found.get(0));
      }
    }
    return values;
  }

  private JsonNode read(Entity target, MirrorPath.Field field) {
    EntitySpec spec = target.getSpec() == null ? new EntitySpec() : target.getSpec();
    var nodes = JsonNodeFactory.instance;
    if (field.property()) {
      Map<String, JsonNode> defaults =
          lookup
              .blueprint(spec.blueprint)
              .map(b -> compiler.compile(b).defaults())
              .orElse(Map.of());
      return EntityVariables.effectiveProperties(target, defaults).get(field.name());
    }
    String text =
        switch (field.name()) {
          case "name" -> target.getMetadata().getName();
          case "namespace" -> target.getMetadata().getNamespace();
          case "title" ->
              spec.title == null || spec.title.isBlank()
                  ? target.getMetadata().getName()
                  : spec.title;
          case "owner" -> spec.owner;
          case "description" -> spec.description;
          case "blueprint" -> spec.blueprint;
          default -> null;
        };
    return text == null ? null : nodes.textNode(text);
  }

  /** The blueprint is missing or not ready: one problem with spec.blueprint, nothing computed. */
  private static Evaluation notEvaluated(String reason, String detail) {
    return new Evaluation(
        List.of(Problem.at(reason, "spec.blueprint", detail)),
        reason,
        false,
        Map.of(),
        Map.of(),
        List.of(),
        Map.of());
  }
}
