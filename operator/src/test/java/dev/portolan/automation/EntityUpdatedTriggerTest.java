package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.AutomationSpec;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which changes of an entity are an {@code entityUpdated} occurrence: those that change what CEL
 * sees of it, never the operator's own status bookkeeping (on the real control plane every new
 * entity got one, from the status write that marks it Valid).
 */
class EntityUpdatedTriggerTest {
  private final Triggers triggers =
      new Triggers(
          null,
          new NamespaceScope(namespace -> Map.of(), (user, namespace) -> true, Clock.systemUTC()),
          new Floors(),
          Clock.systemUTC());

  private final CompiledAutomation automation =
      new AutomationCompiler(new CelEngine())
          .compile(
              "team-a",
              "on-update",
              "u",
              Serialization.unmarshal(
                  "serviceAccountName: sa\n"
                      + "trigger: {entityUpdated: {blueprint: service}}\n"
                      + "effects: {event: {reason: Updated, message: \"'x'\"}}\n",
                  AutomationSpec.class));

  private static Entity api(String resourceVersion, String properties, String status) {
    return Fixtures.entity(
        "metadata: {name: api, namespace: team-a, uid: uid-api, resourceVersion: '"
            + resourceVersion
            + "'}\nspec: {blueprint: service, properties: "
            + properties
            + "}\nstatus: "
            + status
            + "\n");
  }

  @Test
  void theOperatorsStatusWriteIsNoUpdate() {
    Entity created = api("1", "{language: go}", "{}");
    Entity marked =
        api(
            "2",
            "{language: go}",
            "{observedGeneration: 1, conditions: [{type: Valid, status: 'True', reason: Valid}]}");
    assertThat(triggers.updated(automation, created, marked)).isEmpty();
  }

  @Test
  void aChangedPropertyOrCalculatedValueIsAnUpdate() {
    Entity before = api("2", "{language: go}", "{}");
    assertThat(triggers.updated(automation, before, api("3", "{language: java}", "{}")))
        .get()
        .extracting(Occurrence::id)
        .isEqualTo("updated/uid-api/3");
    assertThat(
            triggers.updated(
                automation, before, api("3", "{language: go}", "{calculated: {tier: gold}}")))
        .as("a calculated value is what CEL sees too")
        .isPresent();
  }
}
