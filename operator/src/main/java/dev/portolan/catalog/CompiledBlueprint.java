package dev.portolan.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.kit.Problem;
import dev.portolan.model.BlueprintSpec;
import java.util.List;
import java.util.Map;

/**
 * What a blueprint's spec compiles to, computed once per generation: the JSON Schema of its
 * properties, their defaults, the calculated expressions, and the problems found in the spec alone.
 * Problems that depend on other blueprints are found by {@link BlueprintChecker}.
 *
 * @param schema null when the property schemas have problems
 */
public record CompiledBlueprint(
    String name,
    BlueprintSpec spec,
    Schema schema,
    Map<String, JsonNode> defaults,
    Map<String, CompiledExpression> calculated,
    List<Problem> problems) {}
