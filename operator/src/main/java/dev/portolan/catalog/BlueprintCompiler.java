package dev.portolan.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CelScope;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpectedType;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.GenerationCache;
import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import dev.portolan.model.BlueprintSpec;
import dev.portolan.model.CalculatedProperty;
import dev.portolan.model.PropertySchema;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles blueprints, and keeps each result for as long as the blueprint's generation stays the
 * same, so that schemas and expressions are compiled once per spec change, not per entity.
 */
public final class BlueprintCompiler {
  private final CelEngine cel;
  private final GenerationCache<Blueprint, CompiledBlueprint> cache =
      new GenerationCache<>(
          resource -> compile(resource.getMetadata().getName(), resource.getSpec()));

  public BlueprintCompiler(CelEngine cel) {
    this.cel = cel;
  }

  /** The compiled form of a blueprint's current spec. */
  public CompiledBlueprint compile(Blueprint blueprint) {
    return cache.get(blueprint);
  }

  /** Forgets a deleted blueprint. */
  public void forget(String name) {
    cache.forget(name);
  }

  CompiledBlueprint compile(String name, BlueprintSpec spec) {
    if (spec == null) {
      spec = new BlueprintSpec();
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, JsonNode> defaults = new LinkedHashMap<>();
    Map<String, PropertySchema> properties = spec.properties == null ? Map.of() : spec.properties;
    properties.forEach(
        (property, schema) -> {
          JsonNode json = Serialization.jsonMapper().valueToTree(schema);
          problems.addAll(PropertySchemaChecker.check("spec.properties." + property, json));
          if (schema != null && schema.defaultValue != null) {
            defaults.put(property, schema.defaultValue);
          }
        });
    if (spec.required != null) {
      for (String required : spec.required) {
        if (!properties.containsKey(required)) {
          problems.add(
              Problem.at(
                  PropertySchemaChecker.REASON,
                  "spec.required",
                  "names '"
                      + required
                      + "', which is not declared under spec.properties; declare it or remove it from required"));
        }
      }
    }
    var schema = problems.isEmpty() ? JsonSchemas.forProperties(properties, spec.required) : null;

    Map<String, CompiledExpression> calculated = new LinkedHashMap<>();
    Map<String, CalculatedProperty> declared = spec.calculated == null ? Map.of() : spec.calculated;
    declared.forEach(
        (value, calc) -> {
          String where = "spec.calculated." + value;
          var type = ExpectedType.ofSchemaName(calc.type);
          if (type.isEmpty()) {
            problems.add(
                Problem.at(
                    "InvalidExpression",
                    where + ".type",
                    "'"
                        + calc.type
                        + "' is not a type; use one of "
                        + String.join(", ", SchemaTypes.TYPES)));
            return;
          }
          if (properties.containsKey(value)) {
            problems.add(
                Problem.at("InvalidExpression", where, "has the name of a property; rename it"));
          }
          try {
            calculated.put(value, cel.compile(calc.expression, CelScope.ENTITY, type.get()));
          } catch (ExpressionException e) {
            problems.add(Problem.at("InvalidExpression", where + ".expression", e.getMessage()));
          }
        });
    return new CompiledBlueprint(
        name,
        spec,
        schema,
        Collections.unmodifiableMap(defaults),
        Collections.unmodifiableMap(calculated),
        List.copyOf(problems));
  }
}
