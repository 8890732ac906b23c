package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.model.ActionDefinitionSpec;
import dev.portolan.model.PropertySchema;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The form of an action, generated from its input schema, and the way back: form fields read as
 * typed input values. The browser checks what HTML can say (required, lengths, pattern, bounds);
 * the server checks the whole schema again and its messages are shown at the fields.
 */
public final class ActionForms {
  private ActionForms() {}

  /** One action offered on a page, with its form. */
  public record Offer(
      String definition,
      String title,
      String description,
      String operation,
      boolean approvalRequired,
      String actionHref,
      List<Field> fields,
      String error) {
    public String formId() {
      return "action-" + definition;
    }
  }

  /**
   * One input. {@code kind} is text, textarea, number, checkbox or select; {@code step} is "1" for
   * integers and "any" for numbers.
   */
  public record Field(
      String name,
      String label,
      String description,
      String kind,
      boolean required,
      List<String> options,
      Integer minLength,
      Integer maxLength,
      String pattern,
      String min,
      String max,
      String step,
      String value,
      String error) {
    public String id(String definition) {
      return "input-" + definition + "-" + name;
    }

    public String errorId(String definition) {
      return id(definition) + "-error";
    }
  }

  /** The form fields of an input schema, with values and errors to show. */
  static List<Field> fields(
      ActionDefinitionSpec.Inputs inputs, Map<String, String> values, Map<String, String> errors) {
    List<Field> fields = new ArrayList<>();
    List<String> required = inputs.required == null ? List.of() : inputs.required;
    for (Map.Entry<String, PropertySchema> entry : properties(inputs).entrySet()) {
      String name = entry.getKey();
      PropertySchema schema = entry.getValue() == null ? new PropertySchema() : entry.getValue();
      String type = typeOf(schema);
      List<String> options = new ArrayList<>();
      if (schema.enumValues != null) {
        schema.enumValues.forEach(v -> options.add(v.isTextual() ? v.textValue() : v.toString()));
      }
      String kind =
          switch (type) {
            case "integer", "number" -> options.isEmpty() ? "number" : "select";
            case "boolean" -> "checkbox";
            case "array", "object" -> "textarea";
            default ->
                options.isEmpty()
                    ? ("markdown".equals(schema.format) ? "textarea" : "text")
                    : "select";
          };
      JsonNode defaultValue = schema.defaultValue;
      String fallback =
          defaultValue == null
              ? null
              : defaultValue.isTextual() ? defaultValue.textValue() : defaultValue.toString();
      String value = values.containsKey(name) ? values.get(name) : fallback;
      fields.add(
          new Field(
              name,
              schema.title == null ? name : schema.title,
              schema.description,
              kind,
              required.contains(name),
              options,
              schema.minLength == null ? null : schema.minLength.intValue(),
              schema.maxLength == null ? null : schema.maxLength.intValue(),
              schema.pattern,
              schema.minimum == null ? null : String.valueOf(schema.minimum),
              schema.maximum == null ? null : String.valueOf(schema.maximum),
              "integer".equals(type) ? "1" : "any",
              value,
              errors.get(name)));
    }
    return fields;
  }

  /**
   * Reads a submitted form as input values, typed by the schema. A value that cannot be read as its
   * type is passed on as text, so the server's schema check names it.
   */
  static ObjectNode inputs(ActionDefinitionSpec.Inputs schema, Map<String, List<String>> form) {
    ObjectNode inputs = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, PropertySchema> entry : properties(schema).entrySet()) {
      String name = entry.getKey();
      String type = typeOf(entry.getValue());
      List<String> submitted = form.get("input." + name);
      if ("boolean".equals(type)) {
        // The hidden "false" comes first, the checked box's "true" after it.
        if (submitted != null && !submitted.isEmpty()) {
          inputs.put(name, "true".equals(submitted.get(submitted.size() - 1)));
        }
        continue;
      }
      String text = submitted == null || submitted.isEmpty() ? null : submitted.get(0);
      if (text == null || text.isBlank()) {
        continue;
      }
      try {
        switch (type) {
          case "integer" -> inputs.put(name, Long.parseLong(text.strip()));
          case "number" -> inputs.put(name, new java.math.BigDecimal(text.strip()));
          case "array", "object" -> inputs.set(name, Serialization.jsonMapper().readTree(text));
          default -> inputs.put(name, text);
        }
      } catch (Exception e) {
        inputs.put(name, text);
      }
    }
    return inputs;
  }

  private static Map<String, PropertySchema> properties(ActionDefinitionSpec.Inputs inputs) {
    return inputs.properties == null ? Map.of() : inputs.properties;
  }

  /** The input's type; an input that declares none is a string. */
  private static String typeOf(PropertySchema schema) {
    return schema == null || schema.type == null ? "string" : schema.type;
  }
}
