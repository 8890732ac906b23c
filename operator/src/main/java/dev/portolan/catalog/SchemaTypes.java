package dev.portolan.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** The names of the JSON Schema subset that blueprints and action inputs use. */
final class SchemaTypes {
  static final List<String> TYPES =
      List.of("string", "integer", "number", "boolean", "array", "object");
  static final List<String> FORMATS = List.of("url", "email", "date-time", "markdown", "yaml");
  static final Set<String> KEYWORDS =
      Set.of(
          "type",
          "format",
          "title",
          "description",
          "enum",
          "default",
          "minimum",
          "maximum",
          "minLength",
          "maxLength",
          "pattern",
          "minItems",
          "maxItems",
          "items",
          "properties",
          "required");

  private SchemaTypes() {}

  /** Whether a JSON value is of a schema type. */
  static boolean isOfType(JsonNode value, String type) {
    return switch (type) {
      case "string" -> value.isTextual();
      case "integer" ->
          value.isIntegralNumber()
              || (value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue()));
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      default -> false;
    };
  }

  /** The schema type of a JSON value, as a person would name it. */
  static String typeOf(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isArray()) {
      return "array";
    }
    return "object";
  }
}
