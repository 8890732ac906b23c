package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Blueprint and Entity reconcilers end to end against the in-memory API server: what a user
 * sees in status after applying resources, fixing them, and deleting what they point at.
 */
class CatalogReconciliationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private PortolanOperator operator;

  @BeforeEach
  void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    operator = new PortolanOperator(client, Clock.systemUTC(), null).start();
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
  }

  private void apply(String yaml) {
    cluster.apply(yaml);
  }

  private Entity entity(String namespace, String name) {
    return client.resources(Entity.class).inNamespace(namespace).withName(name).get();
  }

  private Optional<Condition> condition(Entity entity, String type) {
    return entity == null || entity.getStatus() == null
        ? Optional.empty()
        : Conditions.find(entity.getStatus().conditions, type);
  }

  private Condition awaitValid(String namespace, String name, String status, String reason) {
    return await()
        .atMost(WAIT)
        .until(
            () -> condition(entity(namespace, name), "Valid").orElse(null),
            c -> c != null && status.equals(c.getStatus()) && reason.equals(c.getReason()));
  }

  /** A system entity for the services of the tests to relate to. */
  private static final String BILLING =
      """
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Entity
      metadata: {name: billing, namespace: default}
      spec: {blueprint: system}
      """;

  private static final String BLUEPRINTS =
      """
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: system}
      spec:
        title: System
        properties: {lifecycle: {type: string, default: production}}
      ---
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: service}
      spec:
        title: Service
        properties:
          language: {type: string, enum: [java, go]}
          replicas: {type: integer, minimum: 0}
        required: [language]
        relations:
          system: {target: system, required: true}
        calculated:
          big: {type: boolean, expression: "entity.properties.replicas > 2"}
        mirrored:
          lifecycle: {path: system.lifecycle}
      """;

  @Test
  void validAndInvalidEntitiesShowTheirStatus() {
    apply(
        BLUEPRINTS
            + BILLING
            + """
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: payments, namespace: default}
        spec: {blueprint: service, properties: {language: java, replicas: 3}, relations: {system: billing}}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: broken, namespace: default}
        spec: {blueprint: service, properties: {language: cobol, replicas: -2}}
        """);
    awaitValid("default", "payments", "True", "Valid");
    Entity payments = entity("default", "payments");
    assertThat(payments.getStatus().calculated)
        .containsEntry("big", com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
    assertThat(payments.getStatus().mirrored.get("lifecycle").asText()).isEqualTo("production");
    assertThat(payments.getStatus().observedGeneration)
        .isEqualTo(payments.getMetadata().getGeneration());

    Condition broken = awaitValid("default", "broken", "False", "MultipleProblems");
    assertThat(broken.getMessage())
        .isEqualTo(
            "spec.properties.language: must be one of java, go (got \"cobol\"); "
                + "spec.properties.replicas: must be at least 0 (got -2); "
                + "spec.relations.system: is required by blueprint 'service'; set it to a reference to a 'system' entity");
    // The same problems as data, each with the field it blames, for tools and the portal.
    assertThat(entity("default", "broken").getStatus().problems)
        .extracting(p -> p.field, p -> p.reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("spec.properties.language", "InvalidProperties"),
            org.assertj.core.groups.Tuple.tuple("spec.properties.replicas", "InvalidProperties"),
            org.assertj.core.groups.Tuple.tuple("spec.relations.system", "MissingRelation"));
    assertThat(entity("default", "broken").getStatus().problems.get(1).message)
        .isEqualTo("spec.properties.replicas: must be at least 0 (got -2)");
    assertThat(payments.getStatus().problems).isEmpty();

    await()
        .atMost(WAIT)
        .until(
            () -> client.resources(Blueprint.class).withName("service").get().getStatus(),
            s ->
                s != null
                    && Integer.valueOf(2).equals(s.entities)
                    && Conditions.isTrue(s.conditions, "Ready"));
  }

  @Test
  void fixingAnEntityMakesItValid() {
    apply(
        BLUEPRINTS
            + BILLING
            + """
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: payments, namespace: default}
        spec: {blueprint: service, properties: {language: cobol}, relations: {system: billing}}
        """);
    awaitValid("default", "payments", "False", "InvalidProperties");
    apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: payments, namespace: default}
        spec: {blueprint: service, properties: {language: go}, relations: {system: billing}}
        """);
    awaitValid("default", "payments", "True", "Valid");
  }

  @Test
  void aGrantInTheTargetsNamespaceMakesARelationIntoItValidAndTakingItBackUndoesThat() {
    apply(
        BLUEPRINTS
            + """
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: billing, namespace: platform}
        spec: {blueprint: system}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: payments, namespace: team-a}
        spec: {blueprint: service, properties: {language: go}, relations: {system: platform/billing}}
        """);
    Condition refused = awaitValid("team-a", "payments", "False", "RelationNotGranted");
    assertThat(refused.getMessage())
        .startsWith(
            "spec.relations.system: namespace 'platform' does not let entities"
                + " of 'team-a' relate to its 'system' entities");

    apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: RelationGrant
        metadata: {name: team-a, namespace: platform}
        spec: {from: [{namespace: team-a}], blueprints: [system]}
        """);
    awaitValid("team-a", "payments", "True", "Valid");

    client
        .resources(dev.portolan.model.RelationGrant.class)
        .inNamespace("platform")
        .withName("team-a")
        .delete();
    awaitValid("team-a", "payments", "False", "RelationNotGranted");
  }

  @Test
  void aReferrerBecomesValidWhenItsTargetAppearsAndInvalidWhenItGoes() {
    apply(
        BLUEPRINTS
            + """
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: RelationGrant
        metadata: {name: everyone, namespace: platform}
        spec: {from: [{namespace: "*"}]}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: payments, namespace: team-a}
        spec: {blueprint: service, properties: {language: go}, relations: {system: platform/billing}}
        """);
    Condition missing = awaitValid("team-a", "payments", "False", "RelationTargetNotFound");
    assertThat(missing.getMessage())
        .isEqualTo(
            "spec.relations.system: entity 'platform/billing' does not exist; create it or fix the reference");
    String untouched = entity("team-a", "payments").getMetadata().getGeneration().toString();

    apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: billing, namespace: platform}
        spec: {blueprint: system, properties: {lifecycle: deprecated}}
        """);
    awaitValid("team-a", "payments", "True", "Valid");
    Entity payments = entity("team-a", "payments");
    assertThat(payments.getMetadata().getGeneration().toString()).isEqualTo(untouched);
    assertThat(payments.getStatus().mirrored.get("lifecycle").asText()).isEqualTo("deprecated");

    // A change of the target's spec reaches the mirrored value.
    apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: billing, namespace: platform}
        spec: {blueprint: system, properties: {lifecycle: production}}
        """);
    await()
        .atMost(WAIT)
        .until(
            () -> entity("team-a", "payments").getStatus().mirrored.get("lifecycle").asText(),
            "production"::equals);

    client.resources(Entity.class).inNamespace("platform").withName("billing").delete();
    awaitValid("team-a", "payments", "False", "RelationTargetNotFound");
  }

  @Test
  void aBlueprintChangeRechecksOnlyItsOwnEntities() {
    apply(
        BLUEPRINTS
            + BILLING
            + """
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: payments, namespace: default}
        spec: {blueprint: service, properties: {language: java}, relations: {system: billing}}
        """);
    awaitValid("default", "payments", "True", "Valid");
    awaitValid("default", "billing", "True", "Valid");
    String systemVersion = entity("default", "billing").getMetadata().getResourceVersion();

    // Narrow the enum: the service entity becomes invalid; the system entity is not rewritten.
    apply(BLUEPRINTS.replace("enum: [java, go]", "enum: [go]"));
    Condition invalid = awaitValid("default", "payments", "False", "InvalidProperties");
    assertThat(invalid.getMessage())
        .isEqualTo("spec.properties.language: must be one of go (got \"java\")");
    assertThat(entity("default", "billing").getMetadata().getResourceVersion())
        .isEqualTo(systemVersion);
  }

  @Test
  void aBadBlueprintIsReportedAndTheRestOfTheCatalogGoesOn() {
    apply(
        BLUEPRINTS
            + """
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: bad}
        spec:
          title: Bad
          properties: {size: {type: strng}}
          relations: {owner: {target: person}}
          calculated: {x: {type: boolean, expression: "entity.properties.size >"}}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: thing, namespace: default}
        spec: {blueprint: bad}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: billing, namespace: default}
        spec: {blueprint: system}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: orphan, namespace: default}
        spec: {blueprint: nothing}
        """);
    Blueprint bad =
        await()
            .atMost(WAIT)
            .until(
                () -> client.resources(Blueprint.class).withName("bad").get(),
                b -> b.getStatus() != null && !b.getStatus().conditions.isEmpty());
    Condition ready = Conditions.find(bad.getStatus().conditions, "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("MultipleProblems");
    assertThat(ready.getMessage())
        .contains("spec.properties.size.type: 'strng' is not a property type")
        .contains("spec.calculated.x.expression: line 1, column ")
        .contains("spec.relations.owner.target: blueprint 'person' does not exist");
    awaitValid("default", "thing", "False", "BlueprintNotReady");
    Condition orphan = awaitValid("default", "orphan", "False", "BlueprintNotFound");
    assertThat(orphan.getMessage())
        .isEqualTo(
            "spec.blueprint: blueprint 'nothing' does not exist; create it or use one of: bad, service, system");
    awaitValid("default", "billing", "True", "Valid");

    // Creating the missing blueprint makes the relation target resolve.
    apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: person}
        spec: {title: Person}
        """);
    await()
        .atMost(WAIT)
        .until(
            () ->
                Conditions.find(
                        client
                            .resources(Blueprint.class)
                            .withName("bad")
                            .get()
                            .getStatus()
                            .conditions,
                        "Ready")
                    .orElseThrow()
                    .getMessage(),
            m -> !m.contains("'person'"));
  }

  @Test
  void statusIsWrittenOnlyWhenItChanges() {
    apply(
        BLUEPRINTS
            + BILLING
            + """
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: payments, namespace: default}
        spec: {blueprint: service, properties: {language: java}, relations: {system: billing}}
        """);
    awaitValid("default", "payments", "True", "Valid");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(() -> operator.statusWriter().writes("Entity"), w -> true);
    double before = operator.statusWriter().writes("Entity");
    String version = entity("default", "payments").getMetadata().getResourceVersion();

    // A spec change that does not change the outcome re-runs the reconcile but writes nothing.
    apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: payments, namespace: default, labels: {touched: "yes"}}
        spec: {blueprint: service, properties: {language: java}, relations: {system: billing}, description: Pays}
        """);
    await()
        .atMost(WAIT)
        .until(
            () -> entity("default", "payments").getStatus().observedGeneration,
            g -> g.equals(entity("default", "payments").getMetadata().getGeneration()));
    assertThat(operator.statusWriter().writes("Entity") - before)
        .isEqualTo(1.0); // observedGeneration moved
    String afterSpecChange = entity("default", "payments").getMetadata().getResourceVersion();
    assertThat(afterSpecChange).isNotEqualTo(version);

    // Re-triggering it through its target (a spec change of billing) finds nothing to write.
    double settled = operator.statusWriter().writes("Entity");
    apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: billing, namespace: default}
        spec: {blueprint: system, description: Bills}
        """);
    await()
        .atMost(WAIT)
        .until(() -> entity("default", "billing").getStatus().observedGeneration, g -> g == 2L);
    await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
    // billing itself moves its observedGeneration: one write; payments: none.
    assertThat(operator.statusWriter().writes("Entity") - settled).isEqualTo(1.0);
    assertThat(entity("default", "payments").getMetadata().getResourceVersion())
        .isEqualTo(afterSpecChange);
  }

  @Test
  void theExamplesReachTheStatusTheReadmePromises() throws Exception {
    cluster.apply(
        dev.portolan.embedded.ExampleResources.load(client, java.nio.file.Path.of("../examples")));
    for (String ref :
        new String[] {
          "platform/payments",
          "platform/billing",
          "platform/warehouse",
          "team-payments/payments-api",
          "team-payments/ledger",
          "team-checkout/checkout-web",
          "team-checkout/cart"
        }) {
      String[] parts = ref.split("/");
      awaitValid(parts[0], parts[1], "True", "Valid");
    }
    Condition legacy = awaitValid("team-checkout", "legacy-reports", "False", "MultipleProblems");
    assertThat(legacy.getMessage())
        .isEqualTo(
            "spec.properties.language: must be one of java, go, python, node (got \"cobol\"); "
                + "spec.properties.replicas: must be at least 0 (got -1); "
                + "spec.properties.repo: is not a valid url (got \"not a url\"); "
                + "spec.relations.system: entity 'platform/reporting' does not exist; create it or fix the reference");
    Entity checkoutWeb = entity("team-checkout", "checkout-web");
    assertThat(checkoutWeb.getStatus().mirrored.get("owningTeam").asText())
        .isEqualTo("Checkout team");
    assertThat(checkoutWeb.getStatus().calculated.get("summary").asText())
        .isEqualTo("Checkout web (node, frontend)");

    // The production-readiness scorecard grades every service, the invalid one included.
    var scorecard =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    client
                        .resources(dev.portolan.model.Scorecard.class)
                        .withName("production-readiness")
                        .get()
                        .getStatus(),
                s ->
                    s != null
                        && Integer.valueOf(5).equals(s.entities)
                        && s.levels.get("Gold") == 1);
    assertThat(Conditions.isTrue(scorecard.conditions, "Ready")).isTrue();
    assertThat(scorecard.levels)
        .containsExactly(
            java.util.Map.entry("None", 2),
            java.util.Map.entry("Bronze", 1),
            java.util.Map.entry("Silver", 1),
            java.util.Map.entry("Gold", 1));
    assertThat(scorecard.rules)
        .extracting(r -> r.name + ":" + r.passed + "/" + r.failed)
        .containsExactly(
            "has-owner:5/0",
            "has-repo:3/2",
            "has-oncall:2/3",
            "highly-available:4/1",
            "documented:3/2",
            "frontend-has-dependencies:5/0",
            "production-system:4/1",
            "tagged:1/4");
    java.util.Map<String, String> levels = new java.util.TreeMap<>();
    for (Entity service : client.resources(Entity.class).inAnyNamespace().list().getItems()) {
      if ("service".equals(service.getSpec().blueprint)) {
        levels.put(
            service.getMetadata().getName(),
            service.getStatus().scorecards.get("production-readiness").level);
      }
    }
    assertThat(levels)
        .isEqualTo(
            java.util.Map.of(
                "payments-api",
                "Gold",
                "checkout-web",
                "Silver",
                "ledger",
                "Bronze",
                "cart",
                "None",
                "legacy-reports",
                "None"));
  }
}
