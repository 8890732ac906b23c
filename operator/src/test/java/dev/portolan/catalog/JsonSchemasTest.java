package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.Fixtures;
import dev.portolan.kit.Problem;
import dev.portolan.model.BlueprintSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
  private static final BlueprintSpec SERVICE =
      Fixtures.blueprint(
              """
      metadata: {name: service}
      spec:
        title: Service
        properties:
          language: {type: string, enum: [java, go]}
          replicas: {type: integer, minimum: 0, maximum: 10}
          ratio: {type: number, maximum: 1.5}
          repo: {type: string, format: url}
          oncall: {type: string, format: email}
          since: {type: string, format: date-time}
          slack: {type: string, pattern: "^#[a-z]+$"}
          code: {type: string, minLength: 2, maxLength: 3}
          tags: {type: array, items: {type: string, maxLength: 3}, maxItems: 2}
          readme: {type: string, format: markdown}
          public: {type: boolean}
        required: [language]
      """)
          .getSpec();

  private static List<String> validate(String properties) {
    var schema = JsonSchemas.forProperties(SERVICE.properties, SERVICE.required);
    return JsonSchemas.validate(
            schema,
            Serialization.unmarshal(properties, JsonNode.class),
            "spec.properties",
            "InvalidProperties")
        .stream()
        .map(Problem::message)
        .toList();
  }

  @Test
  void acceptsValuesThatFollowTheSchema() {
    assertThat(
            validate(
                """
        {"language": "java", "replicas": 3, "ratio": 1.2, "repo": "https://git.example.com/a",
         "oncall": "a@example.com", "since": "2026-01-02T03:04:05Z", "slack": "#pay", "code": "ab",
         "tags": ["a", "b"], "readme": "# Title", "public": true}
        """))
        .isEmpty();
  }

  @Test
  void namesEveryBrokenValueWithItsPathAndTheRule() {
    assertThat(
            validate(
                """
        {"language": "cobol", "replicas": -1, "ratio": 2, "repo": "not a url", "oncall": "nobody",
         "since": "yesterday", "slack": "pay", "code": "abcd", "tags": ["abcd", "b", "c"],
         "public": "yes", "colour": "red"}
        """))
        .containsExactlyInAnyOrder(
            "spec.properties.language: must be one of java, go (got \"cobol\")",
            "spec.properties.replicas: must be at least 0 (got -1)",
            "spec.properties.ratio: must be at most 1.5 (got 2)",
            "spec.properties.repo: is not a valid url (got \"not a url\")",
            "spec.properties.oncall: is not a valid email (got \"nobody\")",
            "spec.properties.since: is not a valid date-time (got \"yesterday\")",
            "spec.properties.slack: must match the pattern \"^#[a-z]+$\" (got \"pay\")",
            "spec.properties.code: must be at most 3 characters long (got \"abcd\")",
            "spec.properties.tags[0]: must be at most 3 characters long (got \"abcd\")",
            "spec.properties.tags: must have at most 2 items but found 3",
            "spec.properties.public: must be of type boolean, not string",
            "spec.properties.colour: is not declared by the blueprint; remove it or declare it under the blueprint's spec.properties");
  }

  @Test
  void reportsAMissingRequiredProperty() {
    assertThat(validate("{}"))
        .containsExactly("spec.properties.language: is required by the blueprint but not set");
  }

  @Test
  void treatsAWholeNumberWrittenAsDecimalAsAnInteger() {
    assertThat(validate("{\"language\": \"go\", \"replicas\": 2.0}")).isEmpty();
    assertThat(validate("{\"language\": \"go\", \"replicas\": 2.5}"))
        .containsExactly("spec.properties.replicas: must be of type integer, not number");
  }

  @Test
  void aUrlIsAnIriAndNeverAScriptScheme() {
    String base = "{\"language\": \"java\", \"repo\": %s}";
    for (String ok :
        List.of(
            "https://example.com/ü",
            "https://例え.jp/パス?q=ü#frag",
            "http://git.example.com/a",
            "mailto:team@example.com",
            "ssh://git@example.com/repo.git")) {
      assertThat(validate(base.formatted(Serialization.asJson(ok)))).as(ok).isEmpty();
    }
    for (String script :
        List.of(
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)")) {
      // " javascript:" is no IRI either, and is reported as both.
      assertThat(validate(base.formatted(Serialization.asJson(script))))
          .as(script)
          .contains(
              "spec.properties.repo: is not an allowed url: the schemes javascript:, data: and vbscript: run code or"
                  + " carry content where a link is expected; use an http(s) or other address (got "
                  + Serialization.asJson(script)
                  + ")");
    }
    assertThat(validate(base.formatted("\"not a url\"")))
        .containsExactly("spec.properties.repo: is not a valid url (got \"not a url\")");
  }
}
