package dev.portolan.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.portolan.kit.Problem;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns Portolan's schema subset into JSON Schema (draft 2020-12) documents and validates values
 * with the networknt validator, reporting every problem with its JSON path.
 */
public final class JsonSchemas {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Schemes a {@code format: url} value may not have (any case, leading spaces and controls
   * ignored).
   */
  static final String SCRIPT_SCHEME = "^[\\u0000-\\u0020]*(?i:javascript|data|vbscript):";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemaRegistryConfig(
                  SchemaRegistryConfig.builder()
                      .pathType(PathType.JSON_PATH)
                      .formatAssertionsEnabled(true)
                      .build()));

  private JsonSchemas() {}

  /**
   * The schema of a whole properties object: declared properties only, the required ones present.
   */
  public static Schema forProperties(
      Map<String, ? extends Object> properties, List<String> required) {
    ObjectNode root = NODES.objectNode();
    root.put("type", "object");
    ObjectNode members = root.putObject("properties");
    if (properties != null) {
      properties.forEach(
          (name, schema) ->
              members.set(name, translate(Serialization.jsonMapper().valueToTree(schema))));
    }
    if (required != null && !required.isEmpty()) {
      ArrayNode names = root.putArray("required");
      required.forEach(names::add);
    }
    root.put("additionalProperties", false);
    return REGISTRY.getSchema(root);
  }

  /** The schema of one value, from its Portolan schema as JSON. */
  public static Schema forValue(JsonNode portolanSchema) {
    return REGISTRY.getSchema(translate(portolanSchema));
  }

  /**
   * Validates a value; each problem blames its path ({@code <prefix><path>}) and says {@code
   * <path>: <what is wrong>}.
   */
  public static List<Problem> validate(
      Schema schema, JsonNode value, String prefix, String reason) {
    return validate(
        schema, value, prefix, reason, "the blueprint", "the blueprint's spec.properties");
  }

  /**
   * Validates a value against a schema that another resource declares.
   *
   * @param declarer who declares the schema, for messages: {@code the blueprint}
   * @param declarations where a missing declaration would go: {@code the blueprint's
   *     spec.properties}
   */
  public static List<Problem> validate(
      Schema schema,
      JsonNode value,
      String prefix,
      String reason,
      String declarer,
      String declarations) {
    List<Problem> problems = new ArrayList<>();
    for (Error error : schema.validate(value)) {
      problems.add(describe(error, prefix, reason, declarer, declarations));
    }
    return problems;
  }

  private static Problem describe(
      Error error, String prefix, String reason, String declarer, String declarations) {
    String location = error.getInstanceLocation().toString();
    String path = prefix + (location.startsWith("$") ? location.substring(1) : location);
    String keyword = error.getKeyword() == null ? "" : error.getKeyword();
    JsonNode expected = error.getSchemaNode();
    if ("additionalProperties".equals(keyword) && error.getProperty() != null) {
      return Problem.at(
          reason,
          path + "." + error.getProperty(),
          "is not declared by "
              + declarer
              + "; remove it or"
              + " declare it under "
              + declarations);
    }
    if ("required".equals(keyword) && error.getProperty() != null) {
      return Problem.at(
          reason, path + "." + error.getProperty(), "is required by " + declarer + " but not set");
    }
    String message =
        switch (keyword) {
          case "enum" -> "must be one of " + listOf(expected);
          case "minimum" -> "must be at least " + expected;
          case "maximum" -> "must be at most " + expected;
          case "pattern" -> "must match the pattern " + expected;
          case "format" ->
              "is not a valid " + ("iri".equals(expected.asText()) ? "url" : expected.asText());
          case "not" ->
              expected != null && SCRIPT_SCHEME.equals(expected.path("pattern").asText())
                  ? "is not an allowed url: the schemes javascript:, data: and vbscript: run code or carry content where"
                      + " a link is expected; use an http(s) or other address"
                  : error.getMessage();
          case "type" ->
              "must be of type "
                  + expected.asText()
                  + ", not "
                  + SchemaTypes.typeOf(error.getInstanceNode());
          default -> error.getMessage();
        };
    JsonNode instance = error.getInstanceNode();
    if (instance != null && !instance.isContainerNode() && !"type".equals(keyword)) {
      return Problem.at(reason, path, message + " (got " + instance + ")");
    }
    return Problem.at(reason, path, message);
  }

  private static String listOf(JsonNode values) {
    if (values == null || !values.isArray()) {
      return String.valueOf(values);
    }
    List<String> items = new ArrayList<>();
    values.forEach(v -> items.add(v.isTextual() ? v.textValue() : v.toString()));
    return String.join(", ", items);
  }

  /** Rewrites Portolan's keywords into standard JSON Schema ones. */
  static JsonNode translate(JsonNode schema) {
    if (!(schema instanceof ObjectNode object)) {
      return schema;
    }
    ObjectNode out = object.deepCopy();
    JsonNode format = out.get("format");
    if (format != null && format.isTextual()) {
      switch (format.textValue()) {
        case "url" -> {
          // RFC 3987 (an IRI such as https://example.com/ü), but never a scheme that runs script
          // where the value becomes a link.
          out.put("format", "iri");
          out.putObject("not").put("pattern", SCRIPT_SCHEME);
        }
        case "markdown", "yaml" -> out.remove("format");
        default -> {}
      }
    }
    for (String bound : List.of("minimum", "maximum")) {
      JsonNode value = out.get(bound);
      if (value != null
          && value.isNumber()
          && value.doubleValue() == Math.rint(value.doubleValue())
          && Math.abs(value.doubleValue()) < 1e15) {
        out.put(bound, value.longValue());
      }
    }
    if (out.get("items") instanceof ObjectNode items) {
      out.set("items", translate(items));
    }
    if (out.get("properties") instanceof ObjectNode members) {
      ObjectNode translated = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        translated.set(member.getKey(), translate(member.getValue()));
      }
      out.set("properties", translated);
    }
    return out;
  }
}
