package dev.portolan.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portolan.model.ActionDefinitionSpec;
import dev.portolan.model.PropertySchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionFormsTest {
  private static PropertySchema schema(String type) {
    PropertySchema schema = new PropertySchema();
    schema.type = type;
    return schema;
  }

  private static ActionDefinitionSpec.Inputs inputs() {
    ActionDefinitionSpec.Inputs inputs = new ActionDefinitionSpec.Inputs();
    PropertySchema reason = schema("string");
    reason.title = "Reason";
    reason.minLength = 5L;
    reason.pattern = "^[a-z ]+$";
    inputs.properties.put("reason", reason);
    PropertySchema replicas = schema("integer");
    replicas.minimum = 1.0;
    replicas.maximum = 9.0;
    replicas.defaultValue = JsonNodeFactory.instance.numberNode(2);
    inputs.properties.put("replicas", replicas);
    PropertySchema language = schema("string");
    language.enumValues = List.of(JsonNodeFactory.instance.textNode("go"));
    language.defaultValue = JsonNodeFactory.instance.textNode("go");
    inputs.properties.put("language", language);
    inputs.properties.put("confirm", schema("boolean"));
    inputs.properties.put("notes", new PropertySchema()); // no type: a string
    inputs.required.add("reason");
    return inputs;
  }

  @Test
  void fieldsFollowTheTypedSchemaWithDefaultsValuesAndErrors() {
    List<ActionForms.Field> fields =
        ActionForms.fields(
            inputs(), Map.of("reason", "no"), Map.of("reason", "must be at least 5 characters"));

    assertThat(fields)
        .extracting(ActionForms.Field::name)
        .containsExactly("reason", "replicas", "language", "confirm", "notes");
    ActionForms.Field reason = fields.get(0);
    assertThat(reason.label()).isEqualTo("Reason");
    assertThat(reason.kind()).isEqualTo("text");
    assertThat(reason.required()).isTrue();
    assertThat(reason.minLength()).isEqualTo(5);
    assertThat(reason.pattern()).isEqualTo("^[a-z ]+$");
    assertThat(reason.value()).isEqualTo("no");
    assertThat(reason.error()).isEqualTo("must be at least 5 characters");
    ActionForms.Field replicas = fields.get(1);
    assertThat(replicas.kind()).isEqualTo("number");
    assertThat(replicas.min()).isEqualTo("1.0");
    assertThat(replicas.max()).isEqualTo("9.0");
    assertThat(replicas.step()).isEqualTo("1");
    assertThat(replicas.value()).isEqualTo("2");
    assertThat(replicas.label()).isEqualTo("replicas");
    assertThat(fields.get(2).kind()).isEqualTo("select");
    assertThat(fields.get(2).options()).containsExactly("go");
    assertThat(fields.get(2).value()).isEqualTo("go");
    assertThat(fields.get(3).kind()).isEqualTo("checkbox");
    assertThat(fields.get(4).kind()).isEqualTo("text");
    assertThat(fields.get(4).step()).isEqualTo("any");
  }

  @Test
  void aPatternIsWrittenSoThatABrowsersVFlagCompilesIt() {
    assertThat(ActionForms.htmlPattern("^[a-z][a-z0-9-]{2,40}$"))
        .isEqualTo("^[a-z][a-z0-9\\-]{2,40}$");
    assertThat(ActionForms.htmlPattern("[-a-z]+")).isEqualTo("[\\-a-z]+");
    assertThat(ActionForms.htmlPattern("[^-a(b)]")).isEqualTo("[^\\-a\\(b\\)]");
    assertThat(ActionForms.htmlPattern("(a|b)[x\\]y]")).isEqualTo("(a|b)[x\\]y]");
    assertThat(ActionForms.htmlPattern("^[a-z ]+$")).isEqualTo("^[a-z ]+$");
    assertThat(ActionForms.htmlPattern(null)).isNull();
  }

  @Test
  void aSubmittedFormIsReadAsValuesOfTheSchemasTypes() {
    var read =
        ActionForms.inputs(
            inputs(),
            Map.of(
                "input.reason", List.of("stale cache"),
                "input.replicas", List.of(" 3 "),
                "input.confirm", List.of("false", "true"),
                "input.notes", List.of("  ")));

    assertThat(read.toString())
        .isEqualTo("{\"reason\":\"stale cache\",\"replicas\":3,\"confirm\":true}");
    assertThat(ActionForms.inputs(inputs(), Map.of("input.replicas", List.of("many"))).toString())
        .as("a value that is not of its type goes on as text, for the server to name")
        .isEqualTo("{\"replicas\":\"many\"}");
  }
}
