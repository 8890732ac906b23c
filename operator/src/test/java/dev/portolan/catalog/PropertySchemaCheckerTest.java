package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.kit.Problem;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PropertySchemaCheckerTest {
  private static List<String> check(String json) {
    JsonNode schema = Serialization.unmarshal(json, JsonNode.class);
    return PropertySchemaChecker.check("spec.properties.p", schema).stream()
        .map(Problem::message)
        .toList();
  }

  @Test
  void acceptsEveryKeywordOfTheSubsetUsedWell() {
    assertThat(
            check(
                "{\"type\":\"string\",\"format\":\"email\",\"pattern\":\"^o.*\",\"minLength\":1,\"maxLength\":20,"
                    + "\"enum\":[\"ops@example.com\"],\"default\":\"ops@example.com\",\"title\":\"T\",\"description\":\"D\"}"))
        .isEmpty();
    assertThat(check("{\"type\":\"integer\",\"minimum\":0,\"maximum\":10,\"default\":3}"))
        .isEmpty();
    assertThat(
            check(
                "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":1,\"maxItems\":3}"))
        .isEmpty();
    assertThat(
            check(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"boolean\"}},\"required\":[\"a\"]}"))
        .isEmpty();
  }

  @Test
  void namesAnUnknownTypeAndTheTypesToUse() {
    assertThat(check("{\"type\":\"strng\"}"))
        .containsExactly(
            "spec.properties.p.type: 'strng' is not a property type; use one of string, integer, number, boolean, array, object");
  }

  @Test
  void asksForAMissingType() {
    assertThat(check("{\"format\":\"url\"}"))
        .first()
        .asString()
        .startsWith("spec.properties.p.type: is missing");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"integer\",\"format\":\"url\"}|spec.properties.p.format: applies only to type string, not integer; remove it or change the type",
        "{\"type\":\"string\",\"minimum\":1}|spec.properties.p.minimum: applies only to type integer or number, not string; remove it or change the type",
        "{\"type\":\"string\",\"items\":{\"type\":\"string\"}}|spec.properties.p.items: applies only to type array, not string; remove it or change the type",
        "{\"type\":\"string\",\"format\":\"phone\"}|spec.properties.p.format: 'phone' is not a supported format; use one of url, email, date-time, markdown, yaml",
        "{\"type\":\"integer\",\"minimum\":5,\"maximum\":1}|spec.properties.p.minimum: minimum 5 is greater than maximum 1; lower minimum or raise maximum",
        "{\"type\":\"string\",\"minLength\":5,\"maxLength\":1}|spec.properties.p.minLength: minLength 5 is greater than maxLength 1; lower minLength or raise maxLength",
        "{\"type\":\"string\",\"enum\":[\"a\",3]}|spec.properties.p.enum[1]: 3 is a integer but the type is string; make every enum value a string",
        "{\"type\":\"string\",\"enum\":[]}|spec.properties.p.enum: must be a non-empty list of allowed values",
        "{\"type\":\"string\",\"enum\":[\"a\",\"b\"],\"default\":\"c\"}|spec.properties.p.default: must be one of a, b (got \"c\"); change the default or the schema",
        "{\"type\":\"integer\",\"default\":\"three\"}|spec.properties.p.default: must be of type integer, not string; change the default or the schema",
        "{\"type\":\"integer\",\"minimum\":0,\"default\":-1}|spec.properties.p.default: must be at least 0 (got -1); change the default or the schema",
        "{\"type\":\"array\",\"items\":{\"type\":\"strng\"}}|spec.properties.p.items.type: 'strng' is not a property type; use one of string, integer, number, boolean, array, object",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"b\"]}|spec.properties.p.required: names 'b', which is not declared under properties",
      })
  void explainsEachMisusedKeyword(String schema, String message) {
    assertThat(check(schema)).containsExactly(message);
  }

  @Test
  void reportsAPatternThatDoesNotCompile() {
    assertThat(check("{\"type\":\"string\",\"pattern\":\"([a-z\"}"))
        .singleElement()
        .asString()
        .startsWith("spec.properties.p.pattern: is not a valid regular expression:");
  }

  @Test
  void reportsUnknownKeywordsInNestedSchemas() {
    assertThat(
            check(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"minimun\":1}}}"))
        .singleElement()
        .asString()
        .startsWith("spec.properties.p.properties.a.minimun: is not a supported schema keyword");
  }

  @Test
  void listsEveryProblemNotOnlyTheFirst() {
    assertThat(
            check(
                "{\"type\":\"integer\",\"format\":\"url\",\"pattern\":\"x\",\"minimum\":3,\"maximum\":1}"))
        .hasSize(3);
  }
}
