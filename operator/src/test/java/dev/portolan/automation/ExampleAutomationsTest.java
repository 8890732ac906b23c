package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpressionException;
import dev.portolan.model.Automation;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import dev.portolan.model.PropertySchema;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped examples' automations evaluate: each compiles, and its condition, run inputs and
 * messages evaluate over an entity of its blueprint holding every property that blueprint declares,
 * so an example never fails every firing with {@code EvaluationFailed} (as one did that read {@code
 * entity.metadata.name}, which CEL's {@code entity} does not have: it is {@code entity.name}).
 */
class ExampleAutomationsTest {
  private static final Path EXAMPLES = Path.of("../examples");
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

  private final AutomationCompiler compiler = new AutomationCompiler(new CelEngine());

  @Test
  void everyExampleAutomationsExpressionsEvaluateOverAnEntityOfItsBlueprint() throws Exception {
    List<GenericKubernetesResource> documents = documents();
    Map<String, Blueprint> blueprints = new LinkedHashMap<>();
    Map<String, Scorecard> scorecards = new LinkedHashMap<>();
    List<Automation> automations = new ArrayList<>();
    for (GenericKubernetesResource document : documents) {
      String yaml = Serialization.asYaml(document);
      switch (document.getKind()) {
        case "Blueprint" ->
            blueprints.put(
                document.getMetadata().getName(), Serialization.unmarshal(yaml, Blueprint.class));
        case "Scorecard" ->
            scorecards.put(
                document.getMetadata().getName(), Serialization.unmarshal(yaml, Scorecard.class));
        case "Automation" -> automations.add(Serialization.unmarshal(yaml, Automation.class));
        default -> {}
      }
    }
    assertThat(automations).as("the examples ship automations").hasSizeGreaterThanOrEqualTo(4);

    for (Automation automation : automations) {
      String name = automation.getMetadata().getName();
      CompiledAutomation a =
          compiler.compile(
              automation.getMetadata().getNamespace(), name, "uid-" + name, automation.getSpec());
      assertThat(a.problems()).as(name).isEmpty();
      String blueprint =
          a.kind() == TriggerKind.SCORECARD_LEVEL_CHANGED
              ? scorecards.get(a.scorecard()).getSpec().blueprint
              : a.blueprint();
      assertThat(blueprints).as("%s's blueprint", name).containsKey(blueprint);
      Occurrence occurrence = occurrence(a, entity(blueprints.get(blueprint)));
      Map<String, Object> vars = new OccurrenceVariables(b -> Map.of()).of(occurrence);

      List<String> failures = new ArrayList<>();
      if (a.condition() != null) {
        evaluate(failures, "spec.condition", a.condition(), vars);
      }
      if (a.startAction() != null) {
        try {
          Effects.action(a, occurrence, vars);
        } catch (ExpressionException e) {
          failures.add(e.getMessage());
        }
      }
      if (a.event() != null) {
        evaluate(failures, "spec.effects.event.message", a.event().message(), vars);
      }
      if (a.notification() != null) {
        evaluate(failures, "spec.effects.notify.message", a.notification().message(), vars);
      }
      assertThat(failures).as("example automation %s", name).isEmpty();
    }
  }

  private static void evaluate(
      List<String> failures,
      String field,
      CompiledExpression expression,
      Map<String, Object> vars) {
    try {
      expression.evaluate(vars);
    } catch (ExpressionException e) {
      failures.add(field + ": " + e.getMessage());
    }
  }

  private static Occurrence occurrence(CompiledAutomation a, Entity entity) {
    boolean levels = a.kind() == TriggerKind.SCORECARD_LEVEL_CHANGED;
    return new Occurrence(
        "example/" + a.name(),
        a.kind(),
        NOW,
        entity,
        a.kind() == TriggerKind.ENTITY_UPDATED ? entity : null,
        levels ? "Silver" : null,
        levels ? "Bronze" : null,
        null);
  }

  /** An entity of the blueprint with a value of each declared property. */
  private static Entity entity(Blueprint blueprint) {
    Entity entity = new Entity();
    entity.getMetadata().setName("checkout");
    entity.getMetadata().setNamespace("team-checkout");
    entity.getMetadata().setUid("uid-checkout");
    EntitySpec spec = new EntitySpec();
    spec.blueprint = blueprint.getMetadata().getName();
    spec.owner = "team-checkout";
    spec.properties = new LinkedHashMap<>();
    blueprint
        .getSpec()
        .properties
        .forEach((property, schema) -> spec.properties.put(property, sample(schema)));
    entity.setSpec(spec);
    return entity;
  }

  private static JsonNode sample(PropertySchema schema) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    if (schema.enumValues != null && !schema.enumValues.isEmpty()) {
      return schema.enumValues.get(0);
    }
    String type = schema.type == null ? "string" : schema.type;
    return switch (type) {
      case "integer", "number" -> json.numberNode(1);
      case "boolean" -> json.booleanNode(true);
      case "array" -> json.arrayNode();
      case "object" -> json.objectNode();
      default -> json.textNode("date-time".equals(schema.format) ? NOW.toString() : "sample");
    };
  }

  private static List<GenericKubernetesResource> documents() throws IOException {
    List<GenericKubernetesResource> documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
          if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
            documents.add(Serialization.unmarshal(document, GenericKubernetesResource.class));
          }
        }
      }
    }
    return documents;
  }
}
