package dev.portolan.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelEngineTest {
  private final CelEngine cel = new CelEngine();
  private final Map<String, Object> entity =
      Map.of(
          "entity",
          Map.of(
              "name",
              "payments",
              "owner",
              "",
              "properties",
              Map.of("tier", "data", "replicas", 3L, "ratio", 1.5, "tags", List.of("pci")),
              "labels",
              Map.of("team", "pay")));

  @Test
  void evaluatesOverMapsWithTheStandardMacrosAndOptionals() throws Exception {
    assertThat(
            cel.compile("entity.properties.tier == 'data'", CelScope.ENTITY, ExpectedType.BOOLEAN)
                .evaluate(entity))
        .isEqualTo(true);
    assertThat(
            cel.compile("has(entity.properties.oncall)", CelScope.ENTITY, ExpectedType.BOOLEAN)
                .evaluate(entity))
        .isEqualTo(false);
    assertThat(
            cel.compile(
                    "entity.properties.tags.exists(t, t == 'pci')",
                    CelScope.ENTITY,
                    ExpectedType.BOOLEAN)
                .evaluate(entity))
        .isEqualTo(true);
    assertThat(
            cel.compile(
                    "entity.labels[?'team'].orValue('none')", CelScope.ENTITY, ExpectedType.STRING)
                .evaluate(entity))
        .isEqualTo("pay");
    assertThat(
            cel.compile("entity.properties.replicas >= 2.5", CelScope.ENTITY, ExpectedType.BOOLEAN)
                .evaluate(entity))
        .isEqualTo(true);
    assertThat(
            cel.compile("entity.name.upperAscii()", CelScope.ENTITY, ExpectedType.STRING)
                .evaluate(entity))
        .isEqualTo("PAYMENTS");
  }

  @Test
  void reportsASyntaxErrorWithItsLineAndColumn() {
    assertThatThrownBy(
            () -> cel.compile("entity.properties.tier ==", CelScope.ENTITY, ExpectedType.BOOLEAN))
        .isInstanceOf(ExpressionException.class)
        .hasMessageStartingWith("line 1, column ");
  }

  @Test
  void reportsAVariableTheScopeDoesNotHave() {
    assertThatThrownBy(
            () -> cel.compile("object.metadata.name", CelScope.ENTITY, ExpectedType.STRING))
        .hasMessageContaining("undeclared reference to 'object'");
  }

  @Test
  void rejectsAResultOfTheWrongTypeAtCompileTime() {
    assertThatThrownBy(() -> cel.compile("'yes'", CelScope.ENTITY, ExpectedType.BOOLEAN))
        .hasMessage("returns string but must return boolean");
  }

  @Test
  void rejectsADynamicResultOfTheWrongTypeWhenEvaluated() throws Exception {
    CompiledExpression expression =
        cel.compile("entity.properties.tier", CelScope.ENTITY, ExpectedType.INTEGER);
    assertThatThrownBy(() -> expression.evaluate(entity))
        .hasMessage("returned string but must return integer");
  }

  @Test
  void reportsAMissingKeyAtRunTime() throws Exception {
    CompiledExpression expression =
        cel.compile("entity.properties.oncall != ''", CelScope.ENTITY, ExpectedType.BOOLEAN);
    assertThatThrownBy(() -> expression.evaluate(entity))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("oncall");
  }
}
