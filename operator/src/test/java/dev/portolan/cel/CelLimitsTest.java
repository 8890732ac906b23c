package dev.portolan.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The budgets of {@link CelLimits}: refused before running, or stopped while running. */
public class CelLimitsTest {
  private final CelEngine cel = new CelEngine();

  /** The string doubling: {@code [...].map(v, v + v)[0]} nested, about 750 bytes for 30 levels. */
  public static String doubling(int levels) {
    String e = "entity.name";
    for (int i = 0; i < levels; i++) {
      e = "[" + e + "].map(v, v + v)[0]";
    }
    return "size(" + e + ") > 0";
  }

  /** The nest of all() over a 10-element list: six levels are about 184 characters. */
  public static String nestedAll(int levels) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      s.append("[0,1,2,3,4,5,6,7,8,9].all(v").append(i).append(", ");
    }
    s.append("v0 >= 0");
    s.append(")".repeat(levels));
    return s.toString();
  }

  private static Map<String, Object> entity(Map<String, Object> properties, String description) {
    return Map.of("entity", Map.of("name", "payments", "description", description, "properties", properties));
  }

  @Test
  void refusesTheStringDoublingAtCompileTimeNamingTheLimit() {
    String filter = doubling(30);
    assertThat(filter.length()).isBetween(550, 900);
    long start = System.nanoTime();
    assertThatThrownBy(() -> cel.compile(filter, CelScope.ENTITY, ExpectedType.BOOLEAN))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessageStartingWith("line 1, column ")
        .hasMessageContaining("over the limit of 1,000,000")
        .hasMessageContaining("concatenat");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void acceptsAFewDoublings() throws Exception {
    CompiledExpression few = cel.compile(doubling(3), CelScope.ENTITY, ExpectedType.BOOLEAN);
    assertThat(few.test(entity(Map.of(), ""))).isTrue();
  }

  @Test
  void refusesTheNestOfAllAtCompileTimeNamingTheBudget() {
    String filter = nestedAll(6);
    assertThat(filter.length()).isBetween(180, 200);
    long start = System.nanoTime();
    assertThatThrownBy(() -> cel.compile(filter, CelScope.ENTITY, ExpectedType.BOOLEAN))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessageStartingWith("line 1, column 26: too expensive: an estimated 7,777,772 evaluation steps, over the"
            + " budget of 1,000,000")
        .hasMessageContaining("nest fewer of them");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void refusesAHugeListLiteral() {
    String filter = "size([" + String.join(",", Collections.nCopies(1_500, "1")) + "]) > 0";
    assertThatThrownBy(() -> cel.compile(filter, CelScope.ENTITY, ExpectedType.BOOLEAN))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessageContaining("a list literal of 1500 entries; at most 1000 are allowed");
  }

  @Test
  void refusesAnExpressionLongerThanTheLimit() {
    String filter = "entity.name == '" + "a".repeat(5_000) + "'";
    assertThatThrownBy(() -> cel.compile(filter, CelScope.ENTITY, ExpectedType.BOOLEAN))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessage("the expression is 5,017 characters long, over the limit of 4,096; shorten it");
  }

  @Test
  void refusesNestedComprehensionsOverThreeInputLists() {
    String rule = "entity.properties.a.all(x, entity.properties.b.all(y, entity.properties.c.all(z, x + y + z > 0)))";
    assertThatThrownBy(() -> cel.compile(rule, CelScope.ENTITY, ExpectedType.BOOLEAN))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessageContaining("too expensive");
  }

  @Test
  void acceptsTheShapesTheExamplesUse() throws Exception {
    // The default k8s-service blueprint's relation: two comprehensions deep over inputs.
    cel.compile("object.spec.?selector.orValue({}).size() == 0 ? [] : workloads.filter(w, object.spec.selector"
        + ".all(k, k in w.podLabels && w.podLabels[k] == object.spec.selector[k])).map(w, w.entity)",
        CelScope.DISCOVERY, ExpectedType.ARRAY);
    cel.compile("object.spec.template.spec.containers.map(c, {'name': c.name, 'image': c.image,"
        + " 'requests': c.?resources.requests.orValue({})})", CelScope.DISCOVERY, ExpectedType.ARRAY);
    cel.compile(nestedAll(4), CelScope.ENTITY, ExpectedType.BOOLEAN);
  }

  @Test
  void stopsAtRunTimeWhatIsLargerThanTheEstimateAssumed() throws Exception {
    // Two comprehensions deep is within budget for lists of 100; this one has 5,000 entries.
    String source = "entity.properties.tags.all(a, entity.properties.tags.all(b, a + b >= 0))";
    Map<String, Object> large = entity(Map.of("tags", new ArrayList<>(Collections.nCopies(5_000, 1L))), "");
    CompiledExpression rule = cel.compile(source, CelScope.ENTITY, ExpectedType.BOOLEAN);
    long start = System.nanoTime();
    assertThatThrownBy(() -> rule.test(large))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessageContaining("the limit for one evaluation");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));

    // Which limit comes first depends on the machine: each one on its own.
    CelLimits d = CelLimits.DEFAULT;
    CelLimits stepsOnly = new CelLimits(d.maxSourceLength(), d.maxNodes(), d.maxDepth(), d.maxLiteralEntries(),
        d.maxEstimatedCost(), d.maxEstimatedSize(), d.assumedInputSize(), 100_000, d.maxIterations(),
        d.maxValueSize(), Duration.ofMinutes(1));
    assertThatThrownBy(() -> new CelEngine(stepsOnly).compile(source, CelScope.ENTITY, ExpectedType.BOOLEAN)
        .test(large))
        .hasMessage("the evaluation took more than 100,000 steps, the limit for one evaluation; make the expression"
            + " cheaper (fewer or shallower comprehensions)");
    CelLimits timeOnly = new CelLimits(d.maxSourceLength(), d.maxNodes(), d.maxDepth(), d.maxLiteralEntries(),
        d.maxEstimatedCost(), d.maxEstimatedSize(), d.assumedInputSize(), Long.MAX_VALUE, Integer.MAX_VALUE,
        d.maxValueSize(), Duration.ofMillis(50));
    assertThatThrownBy(() -> new CelEngine(timeOnly).compile(source, CelScope.ENTITY, ExpectedType.BOOLEAN)
        .test(large))
        .hasMessage("the evaluation took longer than 50 ms, the limit for one evaluation; make the expression cheaper");
  }

  @Test
  void stopsAtRunTimeAStringThatGrowsPastTheLimit() throws Exception {
    CompiledExpression rule = cel.compile("size(entity.description + entity.description) > 0",
        CelScope.ENTITY, ExpectedType.BOOLEAN);
    assertThat(rule.test(entity(Map.of(), "short"))).isTrue();
    assertThatThrownBy(() -> rule.test(entity(Map.of(), "x".repeat(600_000))))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessageContaining("made a value of 1,200,000 characters or entries, over the limit of 1,000,000");
  }

  @Test
  void aStopIsNotAbsorbedByAShortCircuit() throws Exception {
    // CEL makes `error || true` true; a stopped evaluation must stay stopped.
    CompiledExpression rule = cel.compile("size(entity.description + entity.description) > 0 || true",
        CelScope.ENTITY, ExpectedType.BOOLEAN);
    assertThatThrownBy(() -> rule.test(entity(Map.of(), "x".repeat(600_000))))
        .isInstanceOf(ExpressionLimitException.class);
  }

  @Test
  void replaceAndJoinRefuseToBuildAnOversizedStringButWorkOtherwise() throws Exception {
    CompiledExpression replace = cel.compile("entity.description.replace('', entity.description)",
        CelScope.ENTITY, ExpectedType.STRING);
    assertThat(replace.evaluate(entity(Map.of(), "ab"))).isEqualTo("abaabbab");
    assertThatThrownBy(() -> replace.evaluate(entity(Map.of(), "y".repeat(20_000))))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessage("replace() would make a string of 400,040,000 characters, over the limit of 1,000,000;"
            + " concatenate or replace less");
    assertThat(cel.compile("'a-b-c'.replace('-', '+', 1)", CelScope.ENTITY, ExpectedType.STRING)
        .evaluate(entity(Map.of(), ""))).isEqualTo("a+b-c");
    assertThat(cel.compile("['a', 'b'].join(', ')", CelScope.ENTITY, ExpectedType.STRING)
        .evaluate(entity(Map.of(), ""))).isEqualTo("a, b");
    assertThat(cel.compile("['a', 'b'].join()", CelScope.ENTITY, ExpectedType.STRING)
        .evaluate(entity(Map.of(), ""))).isEqualTo("ab");
    CompiledExpression join = cel.compile("entity.properties.parts.join()", CelScope.ENTITY, ExpectedType.STRING);
    assertThatThrownBy(() -> join.evaluate(entity(Map.of("parts", Collections.nCopies(20_000, "z".repeat(100))), "")))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessageContaining("join() would make a string of more than 1,000,000 characters");
  }

  @Test
  void aRequestDeadlineStopsEvaluationsAndSaysSo() throws Exception {
    CompiledExpression rule = cel.compile("entity.properties.tags.all(a, entity.properties.tags.all(b, a + b >= 0))",
        CelScope.ENTITY, ExpectedType.BOOLEAN);
    Map<String, Object> small = entity(Map.of("tags", List.of(1L, 2L)), "");
    assertThat(rule.test(small, CelDeadline.in(Duration.ofSeconds(5)))).isTrue();
    CelDeadline passed = CelDeadline.in(Duration.ZERO);
    List<Object> tags = new ArrayList<>(Collections.nCopies(900, 1L));
    assertThatThrownBy(() -> rule.test(entity(Map.of("tags", tags), ""), passed))
        .isInstanceOf(ExpressionLimitException.class)
        .hasMessageContaining("ran out of time: the limit is 0 ms for all of a request's evaluations together");
    AtomicBoolean gone = new AtomicBoolean(true);
    assertThatThrownBy(() -> rule.test(entity(Map.of("tags", tags), ""),
        CelDeadline.in(Duration.ofSeconds(5), gone::get)))
        .hasMessageContaining("given up by its client");
  }

  @Test
  void comprehensionIterationsAreBoundedByCelOptions() throws Exception {
    CelLimits roomy = new CelLimits(4_096, 2_000, 100, 1_000, 1_000_000, 1_000_000, 100, Long.MAX_VALUE, 1_000,
        1_000_000, Duration.ofSeconds(5));
    CompiledExpression rule = new CelEngine(roomy).compile("entity.properties.tags.all(a, a >= 0)",
        CelScope.ENTITY, ExpectedType.BOOLEAN);
    assertThatThrownBy(() -> rule.test(entity(Map.of("tags", Collections.nCopies(2_000, 1L)), "")))
        .hasMessageContaining("1000");
  }
}
