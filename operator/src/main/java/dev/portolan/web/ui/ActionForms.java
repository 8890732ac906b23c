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

  /**
   * One action offered on a page, with its form. A Create action, which names no entity, also asks
   * for the namespace to run in: {@code namespaces} to choose from and the one chosen (both null on
   * an entity's page).
   */
  public record Offer(
      String definition,
      String title,
      String description,
      String operation,
      boolean approvalRequired,
      String actionHref,
      List<Field> fields,
      String error,
      List<String> namespaces,
      String namespace) {
    /** An action on an entity's page, run in the entity's namespace. */
    public Offer(
        String definition,
        String title,
        String description,
        String operation,
        boolean approvalRequired,
        String actionHref,
        List<Field> fields,
        String error) {
      this(
          definition,
          title,
          description,
          operation,
          approvalRequired,
          actionHref,
          fields,
          error,
          null,
          null);
    }

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
              htmlPattern(schema.pattern),
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

  /**
   * A schema's pattern (ECMA-262) as an HTML {@code pattern} attribute, which browsers compile with
   * the {@code v} flag: there a literal {@code -} at the edge of a character class, and {@code ( )
   * [ { } / |} inside one, must be escaped, or the browser throws instead of checking the field
   * ({@code [a-z0-9-]}). The server checks the schema's own pattern again.
   */
  static String htmlPattern(String pattern) {
    if (pattern == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(pattern.length() + 8);
    boolean inClass = false;
    int classStart = -1; // where the class's first member is in the pattern
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        out.append(c).append(pattern.charAt(++i));
        continue;
      }
      if (!inClass) {
        if (c == '[') {
          inClass = true;
          classStart = i + 1 < pattern.length() && pattern.charAt(i + 1) == '^' ? i + 2 : i + 1;
          out.append(c);
          if (classStart == i + 2) {
            out.append('^');
            i++;
          }
          continue;
        }
        out.append(c);
        continue;
      }
      if (c == ']') {
        inClass = false;
        out.append(c);
      } else if (c == '-'
          && (i == classStart || i + 1 < pattern.length() && pattern.charAt(i + 1) == ']')) {
        out.append("\\-");
      } else if ("(){}/|[".indexOf(c) >= 0) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The values a refused form is shown again with, by input name. */
  static Map<String, String> submitted(Map<String, List<String>> form) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    form.forEach(
        (k, v) -> {
          if (k.startsWith("input.") && !v.isEmpty()) {
            values.put(k.substring(6), v.get(0));
          }
        });
    return values;
  }

  /**
   * Why a run was refused, as the form shows it: the message of each input at its field, and the
   * message over the form.
   */
  record Refusal(Map<String, String> errors, String message) {
    /** Where the run's inputs are in the API's request body, which names the fields it blames. */
    private static final String INPUTS = "inputs.";

    static Refusal of(dev.portolan.web.error.ApiException e) {
      Map<String, String> errors = new java.util.LinkedHashMap<>();
      String message = e.body().message();
      if ("InvalidInputs".equals(e.body().error())) {
        for (dev.portolan.web.error.ApiError.FieldProblem problem : e.body().problems()) {
          if (problem.field() != null && problem.field().startsWith(INPUTS)) {
            errors.merge(
                problem.field().substring(INPUTS.length()),
                problem.detail(),
                (x, y) -> x + "; " + y);
          }
        }
        message = "Some inputs need fixing; see the messages at the fields.";
      }
      return new Refusal(errors, message);
    }
  }

  private static Map<String, PropertySchema> properties(ActionDefinitionSpec.Inputs inputs) {
    return inputs.properties == null ? Map.of() : inputs.properties;
  }

  /** The input's type; an input that declares none is a string. */
  private static String typeOf(PropertySchema schema) {
    return schema == null || schema.type == null ? "string" : schema.type;
  }
}
