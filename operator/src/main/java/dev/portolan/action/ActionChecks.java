package dev.portolan.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.EntityVariables;
import dev.portolan.catalog.JsonSchemas;
import dev.portolan.cel.CelValues;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.Problem;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import dev.portolan.model.PropertySchema;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything checked before an Action may run: the requester is allowed, the inputs satisfy the
 * definition's schema, and the entity exists, is of the definition's blueprint and meets its
 * condition. Every problem is reported, not only the first.
 */
public final class ActionChecks {
  public static final String INVALID_INPUTS = "InvalidInputs";
  public static final String NOT_ALLOWED = "NotAllowed";
  public static final String ENTITY_NOT_FOUND = "EntityNotFound";
  public static final String WRONG_BLUEPRINT = "WrongBlueprint";
  public static final String CONDITION_NOT_MET = "ConditionNotMet";
  public static final String INVALID_ENTITY = "InvalidEntityReference";

  private final CatalogLookup catalog;
  private final Function<String, Map<String, JsonNode>> defaults;

  /**
   * @param defaults a blueprint's property defaults by blueprint name, for the condition's view of
   *     the entity
   */
  public ActionChecks(CatalogLookup catalog, Function<String, Map<String, JsonNode>> defaults) {
    this.catalog = catalog;
    this.defaults = defaults;
  }

  /**
   * @param problems empty when the run may go ahead
   * @param entity the entity acted on (null for Create or when it is missing)
   * @param inputs the inputs with the schema's defaults applied
   */
  public record Result(List<Problem> problems, Entity entity, Map<String, JsonNode> inputs) {
    public boolean passed() {
      return problems.isEmpty();
    }
  }

  public Result check(
      Action action, CompiledActionDefinition definition, ActionRecords.Identity requester) {
    return check(action, definition, requester, "spec.");
  }

  /**
   * The same checks, with each problem's path under {@code prefix} ({@code "spec."} for the
   * Action's status, {@code ""} for the portal API's request body, whose fields are the spec's).
   *
   * @param requester who asks, or null when nobody knows yet (then {@code allowed} is left to the
   *     operator)
   */
  public Result check(
      Action action,
      CompiledActionDefinition definition,
      ActionRecords.Identity requester,
      String prefix) {
    List<Problem> problems = new ArrayList<>();
    if (requester != null
        && !Subjects.isEmpty(definition.spec().allowed)
        && !Subjects.includes(definition.spec().allowed, requester)) {
      problems.add(
          Problem.of(
              NOT_ALLOWED,
              "requester "
                  + requester.username()
                  + " may not run "
                  + definition.name()
                  + ": it is allowed for "
                  + Subjects.describe(definition.spec().allowed)));
    }
    Map<String, JsonNode> inputs = withDefaults(action.getSpec().inputs, definition);
    problems.addAll(inputProblems(action.getSpec().inputs, definition, prefix + "inputs"));
    Entity entity = null;
    String reference = action.getSpec().entity;
    if (definition.needsEntity()) {
      entity = resolveEntity(action, definition, reference, problems, prefix);
    } else if (reference != null && !reference.isBlank()) {
      problems.add(
          Problem.at(
              INVALID_ENTITY,
              prefix + "entity",
              "a "
                  + definition.spec().operation
                  + " action makes its entity from its outputs; remove "
                  + prefix
                  + "entity"));
    }
    if (entity != null && definition.condition() != null) {
      Map<String, Object> variables =
          Map.of(
              "entity",
                  EntityVariables.withComputed(entity, defaults.apply(entity.getSpec().blueprint)),
              "inputs", CelValues.fromJson(inputs));
      try {
        if (!definition.condition().test(variables)) {
          problems.add(
              Problem.at(
                  CONDITION_NOT_MET,
                  prefix + "entity",
                  reference
                      + " does not meet the condition of "
                      + definition.name()
                      + " ("
                      + definition.condition().source()
                      + ")"));
        }
      } catch (ExpressionException e) {
        problems.add(
            Problem.at(
                CONDITION_NOT_MET,
                prefix + "entity",
                "the condition of "
                    + definition.name()
                    + " failed for "
                    + reference
                    + ": "
                    + e.getMessage()));
      }
    }
    return new Result(List.copyOf(problems), entity, inputs);
  }

  /**
   * What is wrong with a run's inputs (the schema's defaults applied first), each named by its
   * path.
   */
  public List<Problem> inputProblems(
      Map<String, JsonNode> given, CompiledActionDefinition definition, String prefix) {
    if (definition.inputs() == null) {
      return List.of();
    }
    ObjectNode inputsJson = JsonNodeFactory.instance.objectNode();
    withDefaults(given, definition).forEach(inputsJson::set);
    return JsonSchemas.validate(
        definition.inputs(),
        inputsJson,
        prefix,
        INVALID_INPUTS,
        "action definition " + definition.name(),
        "its spec.inputs.properties");
  }

  /**
   * Whether a definition is offered for an entity: a valid Day2 or Delete definition of its
   * blueprint whose condition holds with no inputs given (an erroring condition does not offer it).
   */
  public boolean offers(CompiledActionDefinition definition, Entity entity) {
    if (!definition.valid()
        || !definition.needsEntity()
        || entity.getSpec() == null
        || !definition.spec().blueprint.equals(entity.getSpec().blueprint)) {
      return false;
    }
    if (definition.condition() == null) {
      return true;
    }
    try {
      return definition
          .condition()
          .test(
              Map.of(
                  "entity",
                      EntityVariables.withComputed(
                          entity, defaults.apply(entity.getSpec().blueprint)),
                  "inputs", CelValues.fromJson(withDefaults(Map.of(), definition))));
    } catch (ExpressionException e) {
      return false;
    }
  }

  private Entity resolveEntity(
      Action action,
      CompiledActionDefinition definition,
      String reference,
      List<Problem> problems,
      String prefix) {
    String operation = definition.spec().operation;
    if (reference == null || reference.isBlank()) {
      problems.add(
          Problem.at(
              INVALID_ENTITY,
              prefix + "entity",
              "a "
                  + operation
                  + " action needs the entity it acts on;"
                  + " set "
                  + prefix
                  + "entity to its name (or namespace/name)"));
      return null;
    }
    var ref = EntityRef.parse(reference, action.getMetadata().getNamespace());
    if (ref.isEmpty()) {
      problems.add(
          Problem.at(
              INVALID_ENTITY,
              prefix + "entity",
              "'" + reference + "' is not a name or namespace/name"));
      return null;
    }
    if (!ref.get().namespace().equals(action.getMetadata().getNamespace())) {
      // The Job runs in the Action's namespace; acting across namespaces would let anyone who may
      // create Actions here reach entities elsewhere.
      problems.add(
          Problem.at(
              INVALID_ENTITY,
              prefix + "entity",
              reference
                  + " is in another namespace; create the"
                  + " Action in namespace "
                  + ref.get().namespace()));
      return null;
    }
    var entity = catalog.entity(ref.get());
    if (entity.isEmpty()) {
      problems.add(
          Problem.at(
              ENTITY_NOT_FOUND,
              prefix + "entity",
              "no entity "
                  + ref.get()
                  + "; `kubectl get entities -n "
                  + ref.get().namespace()
                  + "` lists them"));
      return null;
    }
    String blueprint = entity.get().getSpec() == null ? null : entity.get().getSpec().blueprint;
    if (!definition.spec().blueprint.equals(blueprint)) {
      problems.add(
          Problem.at(
              WRONG_BLUEPRINT,
              prefix + "entity",
              ref.get()
                  + " is a "
                  + blueprint
                  + ", but "
                  + definition.name()
                  + " acts on "
                  + definition.spec().blueprint
                  + " entities"));
      return null;
    }
    if (CompiledActionDefinition.DELETE.equals(operation)
        && DiscoveredEntities.isDiscovered(entity.get())) {
      problems.add(
          Problem.at(
              INVALID_ENTITY,
              prefix + "entity",
              ref.get()
                  + " is discovered from the cluster and would"
                  + " come back; delete its source object instead"));
      return null;
    }
    return entity.get();
  }

  private static Map<String, JsonNode> withDefaults(
      Map<String, JsonNode> given, CompiledActionDefinition definition) {
    Map<String, JsonNode> inputs = new LinkedHashMap<>();
    if (definition.spec().inputs != null && definition.spec().inputs.properties != null) {
      for (Map.Entry<String, PropertySchema> declared :
          definition.spec().inputs.properties.entrySet()) {
        JsonNode schema = Serialization.jsonMapper().valueToTree(declared.getValue());
        JsonNode fallback = schema.get("default");
        if (fallback != null && !fallback.isNull()) {
          inputs.put(declared.getKey(), fallback);
        }
      }
    }
    if (given != null) {
      given.forEach(
          (k, v) -> {
            if (v != null && !v.isNull()) {
              inputs.put(k, v);
            }
          });
    }
    return inputs;
  }
}
