package dev.portolan.catalog;

import dev.portolan.kit.Problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portolan.Fixtures;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.Entity;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityEvaluatorTest {
  private final Fixtures.Catalog catalog = CatalogScenario.catalog();
  private final EntityEvaluator evaluator = new EntityEvaluator(catalog, new BlueprintCompiler(new CelEngine()));

  private static Entity service(String spec) {
    return Fixtures.entity("metadata: {name: payments-api, namespace: team-payments}\nspec:\n" + spec.indent(2));
  }

  private static List<String> messages(EntityEvaluator.Evaluation evaluation) {
    return evaluation.problems().stream().map(Problem::message).toList();
  }

  @Test
  void aRelationIntoANamespaceThatGrantsNothingIsRefusedWithoutSayingWhetherItsTargetExists() {
    catalog.add(Fixtures.entity("""
        metadata: {name: secret-system, namespace: team-secret}
        spec: {blueprint: system, relations: {team: platform/payments}}
        """));
    var evaluation = evaluator.evaluate(service("""
        blueprint: service
        properties: {language: java, replicas: 3}
        relations: {system: team-secret/secret-system}
        """));
    assertThat(messages(evaluation)).containsExactly("spec.relations.system: namespace 'team-secret' does not let"
        + " entities of 'team-payments' relate to its 'system' entities, so 'team-secret/secret-system' cannot be"
        + " used; its owners can allow it with a RelationGrant in 'team-secret' (spec.from: [{namespace:"
        + " team-payments}]), or relate to an entity of 'team-payments'");
    assertThat(evaluation.reason()).isEqualTo("RelationNotGranted");
    // Nothing of the other namespace's entity reaches this one's status.
    assertThat(evaluation.mirrored()).doesNotContainKeys("teamSlack", "lifecycle");
    var missing = evaluator.evaluate(service("""
        blueprint: service
        properties: {language: java, replicas: 3}
        relations: {system: team-secret/no-such-system}
        """));
    assertThat(missing.reason()).as("the same answer whether or not it exists").isEqualTo("RelationNotGranted");
  }

  @Test
  void aGrantOpensItsNamespaceToTheNamespacesAndBlueprintsItNames() {
    catalog.add(Fixtures.entity("""
        metadata: {name: secret-system, namespace: team-secret}
        spec: {blueprint: system, relations: {team: platform/payments}}
        """));
    String spec = """
        blueprint: service
        properties: {language: java, replicas: 3}
        relations: {system: team-secret/secret-system}
        """;
    catalog.grant("team-secret", "team-other");
    assertThat(evaluator.evaluate(service(spec)).reason()).isEqualTo("RelationNotGranted");
    catalog.grant("team-secret", "team-payments", "team");
    assertThat(evaluator.evaluate(service(spec)).reason()).as("granted for teams, not systems")
        .isEqualTo("RelationNotGranted");
    catalog.grant("team-secret", "team-payments", "system");
    var granted = evaluator.evaluate(service(spec));
    assertThat(granted.problems()).isEmpty();
    // And through the granted hop, two relations away, back into platform (which grants everyone).
    assertThat(granted.mirrored()).containsEntry("teamSlack", JsonNodeFactory.instance.textNode("#pay"));
  }

  @Test
  void aValidEntityGetsItsCalculatedAndMirroredValues() {
    var evaluation = evaluator.evaluate(service("""
        blueprint: service
        properties: {language: java, replicas: 3}
        relations: {system: platform/billing, dependsOn: [ledger]}
        """));
    assertThat(evaluation.valid()).isTrue();
    assertThat(evaluation.reason()).isEqualTo("Valid");
    assertThat(evaluation.computeErrors()).isEmpty();
    var nodes = JsonNodeFactory.instance;
    assertThat(evaluation.calculated()).containsEntry("critical", nodes.booleanNode(false))
        .containsEntry("replicasTimesTwo", nodes.numberNode(6L));
    assertThat(evaluation.mirrored())
        .containsEntry("lifecycle", nodes.textNode("production")) // the system's default
        .containsEntry("teamSlack", nodes.textNode("#pay"))       // two hops away
        .containsEntry("dependencyLanguages", nodes.arrayNode().add("go"));
    assertThat(evaluation.computeErrors()).isEmpty();
  }

  @Test
  void anUnknownBlueprintIsNamedWithTheOnesThatExist() {
    var evaluation = evaluator.evaluate(service("blueprint: servce"));
    assertThat(evaluation.reason()).isEqualTo("BlueprintNotFound");
    assertThat(messages(evaluation)).containsExactly(
        "spec.blueprint: blueprint 'servce' does not exist; create it or use one of: service, system, team");
  }

  @Test
  void listsEveryProblemOfPropertiesAndRelations() {
    var evaluation = evaluator.evaluate(service("""
        blueprint: service
        properties: {language: cobol, replicas: -1, colour: red}
        relations: {dependsOn: [ledger, missing, Not-A-Ref], owner: someone}
        """));
    assertThat(evaluation.reason()).isEqualTo("MultipleProblems");
    assertThat(messages(evaluation)).containsExactlyInAnyOrder(
        "spec.properties.language: must be one of java, go (got \"cobol\")",
        "spec.properties.replicas: must be at least 0 (got -1)",
        "spec.properties.colour: is not declared by the blueprint; remove it or declare it under the blueprint's spec.properties",
        "spec.relations.owner: blueprint 'service' declares no relation 'owner'; use one of: system, dependsOn",
        "spec.relations.system: is required by blueprint 'service'; set it to a reference to a 'system' entity",
        "spec.relations.dependsOn[1]: entity 'team-payments/missing' does not exist; create it or fix the reference",
        "spec.relations.dependsOn[2]: 'Not-A-Ref' is not an entity reference; write name or namespace/name in lower case");
  }

  @Test
  void aRelationToAnEntityOfAnotherBlueprintIsInvalid() {
    var evaluation = evaluator.evaluate(service("""
        blueprint: service
        properties: {language: go}
        relations: {system: platform/payments}
        """));
    assertThat(evaluation.reason()).isEqualTo("RelationTargetWrongBlueprint");
    assertThat(messages(evaluation)).containsExactly(
        "spec.relations.system: entity 'platform/payments' is a 'team' but relation 'system' needs a 'system'");
  }

  @Test
  void aSingleRelationGivenAListIsInvalid() {
    var evaluation = evaluator.evaluate(service("""
        blueprint: service
        properties: {language: go}
        relations: {system: [platform/billing, platform/billing]}
        """));
    assertThat(messages(evaluation)).containsExactly(
        "spec.relations.system: takes a single reference but has a list of 2; give one reference, or set many: true on the blueprint's relation");
  }

  @Test
  void aManyRelationAcceptsASingleReference() {
    var evaluation = evaluator.evaluate(service("""
        blueprint: service
        properties: {language: go}
        relations: {system: platform/billing, dependsOn: ledger}
        """));
    assertThat(evaluation.valid()).isTrue();
  }

  @Test
  void becomesValidOnceTheTargetExists() {
    Entity entity = service("""
        blueprint: service
        properties: {language: go}
        relations: {system: platform/later}
        """);
    assertThat(evaluator.evaluate(entity).reason()).isEqualTo("RelationTargetNotFound");
    catalog.add(Fixtures.entity("""
        metadata: {name: later, namespace: platform}
        spec: {blueprint: system, relations: {team: payments}}
        """));
    assertThat(evaluator.evaluate(entity).valid()).isTrue();
  }

  @Test
  void aCalculatedValueThatFailsIsReportedAndTheOthersStillComputed() {
    var evaluation = evaluator.evaluate(service("""
        blueprint: service
        properties: {language: go}
        relations: {system: platform/billing}
        """));
    assertThat(evaluation.valid()).isTrue();
    assertThat(evaluation.calculated()).containsKey("critical").doesNotContainKey("replicasTimesTwo");
    assertThat(evaluation.computeErrors()).singleElement().asString()
        .startsWith("spec.calculated.replicasTimesTwo: ").contains("replicas");
  }

  @Test
  void anEntityOfABrokenBlueprintSaysTheBlueprintIsNotReady() {
    catalog.add(Fixtures.blueprint("""
        metadata: {name: broken}
        spec:
          title: Broken
          relations:
            owner: {target: nobody}
        """));
    var evaluation = evaluator.evaluate(service("blueprint: broken"));
    assertThat(evaluation.reason()).isEqualTo("BlueprintNotReady");
    assertThat(evaluation.evaluated()).isFalse();
    assertThat(messages(evaluation)).singleElement().asString()
        .startsWith("spec.blueprint: blueprint 'broken' is not ready (spec.relations.owner.target: blueprint 'nobody' does not exist");
  }

  @Test
  void mirroredValuesThroughAMissingTargetAreLeftOut() {
    catalog.removeEntity("platform", "billing");
    var evaluation = evaluator.evaluate(service("""
        blueprint: service
        properties: {language: java}
        relations: {system: platform/billing}
        """));
    assertThat(evaluation.mirrored()).doesNotContainKeys("lifecycle", "teamSlack");
    assertThat(evaluation.reason()).isEqualTo("RelationTargetNotFound");
  }
}
