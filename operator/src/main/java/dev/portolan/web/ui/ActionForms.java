package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
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

  /**
   * The form fields of an input schema ({@code {properties, required}}), with values and errors to
   * show.
   */
  static List<Field> fields(
      JsonNode inputs, Map<String, String> values, Map<String, String> errors) {
    List<Field> fields = new ArrayList<>();
    JsonNode properties = inputs.path("properties");
    List<String> required = new ArrayList<>();
    inputs.path("required").forEach(r -> required.add(r.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      var entry = it.next();
      String name = entry.getKey();
      JsonNode schema = entry.getValue();
      String type = schema.path("type").asText("string");
      List<String> options = new ArrayList<>();
      schema.path("enum").forEach(v -> options.add(v.isTextual() ? v.textValue() : v.toString()));
      String kind =
          switch (type) {
            case "integer", "number" -> options.isEmpty() ? "number" : "select";
            case "boolean" -> "checkbox";
            case "array", "object" -> "textarea";
            default ->
                options.isEmpty()
                    ? ("markdown".equals(schema.path("format").asText()) ? "textarea" : "text")
                    : "select";
          };
      String fallback =
          schema.has("default")
              ? (schema.get("default").isTextual()
                  ? schema.get("default").textValue()
                  : schema.get("default").toString())
              : null;
      String value = values.containsKey(name) ? values.get(name) : fallback;
      fields.add(
          new Field(
              name,
              schema.path("title").asText(name),
              schema.path("description").asText(null),
              kind,
              required.contains(name),
              options,
              schema.has("minLength") ? schema.get("minLength").asInt() : null,
              schema.has("maxLength") ? schema.get("maxLength").asInt() : null,
              schema.path("pattern").asText(null),
              schema.has("minimum") ? schema.get("minimum").asText() : null,
              schema.has("maximum") ? schema.get("maximum").asText() : null,
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
  static ObjectNode inputs(JsonNode schema, Map<String, List<String>> form) {
    ObjectNode inputs = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        it.hasNext(); ) {
      var entry = it.next();
      String name = entry.getKey();
      String type = entry.getValue().path("type").asText("string");
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
}
