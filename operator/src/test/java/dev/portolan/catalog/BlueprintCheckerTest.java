package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlueprintCheckerTest {
  private final Fixtures.Catalog catalog = CatalogScenario.catalog();
  private final BlueprintCompiler compiler = new BlueprintCompiler(new CelEngine());

  private List<String> problems(Blueprint blueprint) {
    return BlueprintChecker.check(compiler.compile(blueprint), catalog).problems().stream()
        .map(Problem::message)
        .toList();
  }

  private static Blueprint blueprint(String spec) {
    return Fixtures.blueprint("metadata: {name: thing}\nspec:\n  title: Thing\n" + spec.indent(2));
  }

  @Test
  void theExampleBlueprintsAreValid() {
    assertThat(problems(CatalogScenario.SERVICE)).isEmpty();
    assertThat(problems(CatalogScenario.SYSTEM)).isEmpty();
  }

  @Test
  void aRelationToAMissingBlueprintNamesTheOnesThatExist() {
    assertThat(problems(blueprint("relations: {system: {target: systm}}")))
        .containsExactly(
            "spec.relations.system.target: blueprint 'systm' does not exist; create it or fix the name (blueprints: service, system, team)");
  }

  @Test
  void aCalculatedExpressionThatDoesNotCompileGivesItsPosition() {
    assertThat(
            problems(
                blueprint(
                    "calculated: {x: {type: boolean, expression: \"entity.properties.a ==\"}}")))
        .singleElement()
        .asString()
        .startsWith("spec.calculated.x.expression: line 1, column ");
  }

  @Test
  void aCalculatedExpressionOfTheWrongTypeIsRejected() {
    assertThat(problems(blueprint("calculated: {x: {type: boolean, expression: \"'yes'\"}}")))
        .containsExactly("spec.calculated.x.expression: returns string but must return boolean");
  }

  @Test
  void aCalculatedValueOfAnUnknownTypeIsRejected() {
    assertThat(problems(blueprint("calculated: {x: {type: bool, expression: \"true\"}}")))
        .containsExactly(
            "spec.calculated.x.type: 'bool' is not a type; use one of string, integer, number, boolean, array, object");
  }

  @Test
  void mirroredPathsMustResolveThroughRelationsToAField() {
    assertThat(
            problems(
                blueprint(
                    """
        relations: {system: {target: system}}
        mirrored:
          a: {path: system.team.slack}
          b: {path: system.properties.lifecycle}
          c: {path: system.owner}
          d: {path: system.colour}
          e: {path: owner.name}
        """)))
        .containsExactly(
            "spec.mirrored.d.path: 'colour' is neither a relation, a built-in field (blueprint, description, name, namespace, owner, title) nor a property of blueprint 'system'",
            "spec.mirrored.e.path: 'owner' is not a relation of blueprint 'thing'; a mirrored path starts with one of: system");
  }

  @Test
  void schemaProblemsAndRequiredNamesAreReported() {
    assertThat(
            problems(
                blueprint(
                    """
        properties: {a: {type: strng}}
        required: [a, b]
        """)))
        .containsExactly(
            "spec.properties.a.type: 'strng' is not a property type; use one of string, integer, number, boolean, array, object",
            "spec.required: names 'b', which is not declared under spec.properties; declare it or remove it from required");
  }

  @Test
  void compilesOncePerGeneration() {
    Blueprint blueprint = blueprint("calculated: {x: {type: boolean, expression: \"true\"}}");
    var first = compiler.compile(blueprint);
    assertThat(compiler.compile(blueprint)).isSameAs(first);
    blueprint.getMetadata().setGeneration(2L);
    assertThat(compiler.compile(blueprint)).isNotSameAs(first);
  }
}
