package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.catalog.BlueprintCompiler;
import dev.portolan.catalog.EntityEvaluator;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.ScorecardResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Grading entities of a small catalog, with their calculated and mirrored values and sources. */
class ScorecardGraderTest {
  private final Fixtures.Catalog catalog = new Fixtures.Catalog()
      .add(Fixtures.blueprint("""
          metadata: {name: system}
          spec:
            title: System
            properties: {lifecycle: {type: string, default: production}}
          """))
      .add(Fixtures.blueprint("""
          metadata: {name: service}
          spec:
            title: Service
            properties:
              tier: {type: string, default: backend}
              replicas: {type: integer}
              oncall: {type: string}
            relations: {system: {target: system}}
            calculated:
              ha: {type: boolean, expression: "entity.properties.?replicas.orValue(0) >= 2"}
            mirrored:
              lifecycle: {path: system.lifecycle}
          """))
      .add(Fixtures.entity("""
          metadata: {name: billing, namespace: platform}
          spec: {blueprint: system, owner: payments}
          """))
      .grant("platform", "*")
      .add(Fixtures.scorecard("""
          metadata: {name: readiness}
          spec:
            blueprint: service
            filter: "entity.properties.tier != 'experimental'"
            levels: [Bronze, Silver, Gold]
            rules:
              - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
              - {name: ha, level: Silver, expression: "entity.calculated.ha"}
              - {name: production, level: Silver, expression: "entity.mirrored.?lifecycle.orValue('') == 'production'"}
              - {name: oncall, level: Gold, expression: "entity.properties.oncall.endsWith('@example.com')"}
          """))
      .add(Fixtures.scorecard("""
          metadata: {name: of-systems}
          spec:
            blueprint: system
            levels: [Ok]
            rules: [{name: any, level: Ok, expression: "true"}]
          """));
  private final Map<String, Map<String, Object>> sources = new HashMap<>();
  private final ScorecardGrader grader = grader(entity -> Optional.ofNullable(sources.get(entity.getMetadata().getName())));

  private ScorecardGrader grader(SourceObjects sourceObjects) {
    CelEngine cel = new CelEngine();
    return new ScorecardGrader(catalog, new ScorecardCompiler(cel), sourceObjects);
  }

  private Map<String, ScorecardResult> grade(Entity entity) {
    EntityEvaluator evaluator = new EntityEvaluator(catalog, new BlueprintCompiler(new CelEngine()));
    return grader.grade(entity, evaluator.evaluate(entity));
  }

  private static Entity service(String spec) {
    return Fixtures.entity("metadata: {name: payments-api, namespace: team-payments}\nspec:\n" + spec.indent(2));
  }

  private static List<String> rules(ScorecardResult result) {
    return result.rules.stream().map(r -> r.name + "=" + r.passed + (r.error == null ? "" : " (error)")).toList();
  }

  @Test
  void rulesReadCalculatedAndMirroredValues() {
    Map<String, ScorecardResult> results = grade(service("""
        blueprint: service
        owner: payments
        properties: {replicas: 3, oncall: pay@example.com}
        relations: {system: platform/billing}
        """));
    assertThat(results).containsOnlyKeys("readiness");
    assertThat(results.get("readiness").level).isEqualTo("Gold");
    assertThat(rules(results.get("readiness")))
        .containsExactly("has-owner=true", "ha=true", "production=true", "oncall=true");
  }

  @Test
  void aRuleErrorForThisEntityIsShownOnItsResult() {
    ScorecardResult result = grade(service("""
        blueprint: service
        owner: payments
        properties: {replicas: 1}
        """)).get("readiness");
    assertThat(result.level).isEqualTo("Bronze");
    assertThat(rules(result)).containsExactly("has-owner=true", "ha=false", "production=false", "oncall=false (error)");
    assertThat(result.rules.get(3).error).contains("oncall");
  }

  @Test
  void anEntityTheFilterLeavesOutIsNotGraded() {
    assertThat(grade(service("""
        blueprint: service
        owner: payments
        properties: {tier: experimental}
        """))).isEmpty();
  }

  @Test
  void anEntityWhoseBlueprintIsMissingIsNotGraded() {
    assertThat(grade(service("blueprint: nothing"))).isEmpty();
  }

  @Test
  void aScorecardWithProblemsGradesNobodyAndStopsNoOther() {
    catalog.add(Fixtures.scorecard("""
        metadata: {name: broken}
        spec:
          blueprint: service
          levels: [Bronze]
          rules: [{name: r, level: Bronze, expression: "entity.owner +"}]
        """));
    assertThat(grade(service("blueprint: service\nowner: payments"))).containsOnlyKeys("readiness");
  }

  @Test
  void sourceIsAnEmptyMapForAnEntityWithoutOneAndTheObjectOtherwise() {
    catalog.add(Fixtures.scorecard("""
        metadata: {name: from-source}
        spec:
          blueprint: service
          levels: [Bronze]
          rules:
            - {name: discovered, level: Bronze, expression: "has(source.spec)"}
            - {name: two-replicas, level: Bronze, expression: "source.?spec.?replicas.orValue(0) >= 2"}
        """));
    Entity entity = service("blueprint: service\nowner: payments");
    assertThat(rules(grade(entity).get("from-source"))).containsExactly("discovered=false", "two-replicas=false");

    sources.put("payments-api", Map.of("kind", "Deployment", "spec", Map.of("replicas", 3L)));
    ScorecardResult result = grade(entity).get("from-source");
    assertThat(rules(result)).containsExactly("discovered=true", "two-replicas=true");
    assertThat(result.level).isEqualTo("Bronze");
  }
}
