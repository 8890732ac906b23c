package dev.portolan.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import dev.portolan.kit.Problem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Checks one schema of Portolan's JSON Schema subset (a blueprint property or an action input),
 * items and nested members included, and says what is wrong with each keyword and how to fix it.
 */
public final class PropertySchemaChecker {
  public static final String REASON = "InvalidSchema";

  private PropertySchemaChecker() {}

  /**
   * @param path where the schema stands, for messages: {@code spec.properties.tier}
   * @param schema the schema as JSON
   */
  public static List<Problem> check(String path, JsonNode schema) {
    List<Problem> problems = new ArrayList<>();
    checkInto(path, schema, problems);
    return problems;
  }

  private static void checkInto(String path, JsonNode schema, List<Problem> problems) {
    if (schema == null || !schema.isObject()) {
      problems.add(problem(path, "must be a schema object such as {type: string}"));
      return;
    }
    for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
      String keyword = names.next();
      if (!SchemaTypes.KEYWORDS.contains(keyword)) {
        problems.add(
            problem(
                path + "." + keyword,
                "is not a supported schema keyword; use "
                    + String.join(", ", SchemaTypes.KEYWORDS.stream().sorted().toList())));
      }
    }
    JsonNode typeNode = schema.get("type");
    if (typeNode == null || typeNode.isNull()) {
      problems.add(
          problem(
              path + ".type", "is missing; set one of " + String.join(", ", SchemaTypes.TYPES)));
      return;
    }
    String type = typeNode.asText();
    if (!SchemaTypes.TYPES.contains(type)) {
      problems.add(
          problem(
              path + ".type",
              "'"
                  + type
                  + "' is not a property type; use one of "
                  + String.join(", ", SchemaTypes.TYPES)));
      return;
    }
    int before = problems.size();
    checkKeywordsApply(path, schema, type, problems);
    checkBounds(path, schema, "minimum", "maximum", problems);
    checkBounds(path, schema, "minLength", "maxLength", problems);
    checkBounds(path, schema, "minItems", "maxItems", problems);

    JsonNode format = schema.get("format");
    if (format != null && !SchemaTypes.FORMATS.contains(format.asText())) {
      problems.add(
          problem(
              path + ".format",
              "'"
                  + format.asText()
                  + "' is not a supported format; use one of "
                  + String.join(", ", SchemaTypes.FORMATS)));
    }
    JsonNode pattern = schema.get("pattern");
    if (pattern != null) {
      try {
        java.util.regex.Pattern.compile(pattern.asText());
      } catch (PatternSyntaxException e) {
        problems.add(
            problem(
                path + ".pattern",
                "is not a valid regular expression: "
                    + e.getDescription()
                    + " at index "
                    + e.getIndex()));
      }
    }
    JsonNode enumValues = schema.get("enum");
    if (enumValues != null) {
      if (!enumValues.isArray() || enumValues.isEmpty()) {
        problems.add(problem(path + ".enum", "must be a non-empty list of allowed values"));
      } else {
        for (int i = 0; i < enumValues.size(); i++) {
          JsonNode value = enumValues.get(i);
          if (!SchemaTypes.isOfType(value, type)) {
            problems.add(
                problem(
                    path + ".enum[" + i + "]",
                    value
                        + " is a "
                        + SchemaTypes.typeOf(value)
                        + " but the type is "
                        + type
                        + "; make every enum value a "
                        + type));
          }
        }
      }
    }
    JsonNode items = schema.get("items");
    if (items != null && "array".equals(type)) {
      checkInto(path + ".items", items, problems);
    }
    JsonNode members = schema.get("properties");
    if (members != null && "object".equals(type)) {
      if (!members.isObject()) {
        problems.add(problem(path + ".properties", "must map member names to schemas"));
      } else {
        for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> member = it.next();
          checkInto(path + ".properties." + member.getKey(), member.getValue(), problems);
        }
        JsonNode required = schema.get("required");
        if (required != null) {
          required.forEach(
              name -> {
                if (!members.has(name.asText())) {
                  problems.add(
                      problem(
                          path + ".required",
                          "names '" + name.asText() + "', which is not declared under properties"));
                }
              });
        }
      }
    }
    // The default is checked against the whole schema only once the schema itself is sound.
    JsonNode defaultValue = schema.get("default");
    if (defaultValue != null && problems.size() == before) {
      Schema compiled = JsonSchemas.forValue(schema);
      for (Problem p : JsonSchemas.validate(compiled, defaultValue, path + ".default", REASON)) {
        problems.add(
            new Problem(REASON, p.field(), p.message() + "; change the default or the schema"));
      }
    }
  }

  private static void checkKeywordsApply(
      String path, JsonNode schema, String type, List<Problem> problems) {
    onlyFor(path, schema, type, "format", List.of("string"), problems);
    onlyFor(path, schema, type, "pattern", List.of("string"), problems);
    onlyFor(path, schema, type, "minLength", List.of("string"), problems);
    onlyFor(path, schema, type, "maxLength", List.of("string"), problems);
    onlyFor(path, schema, type, "minimum", List.of("integer", "number"), problems);
    onlyFor(path, schema, type, "maximum", List.of("integer", "number"), problems);
    onlyFor(path, schema, type, "items", List.of("array"), problems);
    onlyFor(path, schema, type, "minItems", List.of("array"), problems);
    onlyFor(path, schema, type, "maxItems", List.of("array"), problems);
    onlyFor(path, schema, type, "properties", List.of("object"), problems);
    onlyFor(path, schema, type, "required", List.of("object"), problems);
  }

  private static void onlyFor(
      String path,
      JsonNode schema,
      String type,
      String keyword,
      List<String> types,
      List<Problem> problems) {
    if (schema.has(keyword) && !types.contains(type)) {
      problems.add(
          problem(
              path + "." + keyword,
              "applies only to type "
                  + String.join(" or ", types)
                  + ", not "
                  + type
                  + "; remove it or change the type"));
    }
  }

  private static void checkBounds(
      String path, JsonNode schema, String low, String high, List<Problem> problems) {
    JsonNode min = schema.get(low);
    JsonNode max = schema.get(high);
    for (JsonNode bound : new JsonNode[] {min, max}) {
      if (bound != null && !bound.isNumber()) {
        problems.add(
            problem(path + "." + (bound == min ? low : high), "must be a number, got " + bound));
        return;
      }
    }
    if (min != null && max != null && min.doubleValue() > max.doubleValue()) {
      problems.add(
          problem(
              path + "." + low,
              low
                  + " "
                  + min
                  + " is greater than "
                  + high
                  + " "
                  + max
                  + "; lower "
                  + low
                  + " or raise "
                  + high));
    }
  }

  private static Problem problem(String path, String message) {
    return Problem.at(REASON, path, message);
  }
}
