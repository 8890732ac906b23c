package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

/** Which changes re-grade which entities, and which re-aggregate which scorecards. */
class ScorecardMappersTest {
  private static final Blueprint SERVICE =
      Fixtures.blueprint("metadata: {name: service}\nspec: {title: Service}");
  private static final Blueprint DATABASE =
      Fixtures.blueprint("metadata: {name: database}\nspec: {title: Database}");

  private final Fixtures.Catalog catalog =
      new Fixtures.Catalog()
          .add(SERVICE)
          .add(DATABASE)
          .add(Fixtures.entity("metadata: {name: api, namespace: a}\nspec: {blueprint: service}"))
          .add(Fixtures.entity("metadata: {name: web, namespace: b}\nspec: {blueprint: service}"))
          .add(Fixtures.entity("metadata: {name: db, namespace: a}\nspec: {blueprint: database}"))
          .add(scorecard("readiness", "service", 1L, "true"))
          .add(scorecard("backups", "database", 1L, "true"));

  private static Scorecard scorecard(
      String name, String blueprint, long generation, String expression) {
    Scorecard scorecard =
        Fixtures.scorecard(
            "metadata: {name: "
                + name
                + "}\nspec:\n  blueprint: "
                + blueprint
                + "\n  levels: [Ok]\n  rules: [{name: r, level: Ok, expression: \""
                + expression
                + "\"}]");
    scorecard.getMetadata().setGeneration(generation);
    return scorecard;
  }

  private static Entity withResult(Entity entity, String blueprint, String results) {
    String yaml =
        "metadata: {name: "
            + entity.getMetadata().getName()
            + ", namespace: "
            + entity.getMetadata().getNamespace()
            + "}\nspec: {blueprint: "
            + blueprint
            + "}\n"
            + (results == null ? "" : "status:\n  scorecards:\n" + results.indent(4));
    return Fixtures.entity(yaml);
  }

  @Test
  void aScorecardSpecChangeReGradesTheEntitiesOfItsBlueprintOnly() {
    var mapper = new ScorecardChangeToEntitiesMapper(catalog);
    assertThat(
            mapper.map(
                scorecard("readiness", "service", 1L, "true"),
                scorecard("readiness", "service", 2L, "false")))
        .containsExactlyInAnyOrder(new ResourceID("api", "a"), new ResourceID("web", "b"));
    assertThat(mapper.map(null, scorecard("backups", "database", 1L, "true")))
        .containsExactly(new ResourceID("db", "a"));
    assertThat(mapper.map(scorecard("backups", "database", 1L, "true"), null))
        .containsExactly(new ResourceID("db", "a"));
  }

  @Test
  void aScorecardMovedToAnotherBlueprintReGradesTheEntitiesOfBoth() {
    var mapper = new ScorecardChangeToEntitiesMapper(catalog);
    assertThat(
            mapper.map(
                scorecard("readiness", "service", 1L, "true"),
                scorecard("readiness", "database", 2L, "true")))
        .containsExactlyInAnyOrder(
            new ResourceID("api", "a"), new ResourceID("web", "b"), new ResourceID("db", "a"));
  }

  @Test
  void aStatusOnlyUpdateOfAScorecardReGradesNobody() {
    Scorecard before = scorecard("readiness", "service", 3L, "true");
    Scorecard after = scorecard("readiness", "service", 3L, "true");
    after.setStatus(new dev.portolan.model.ScorecardStatus());
    after.getStatus().entities = 2;
    assertThat(new ScorecardChangeToEntitiesMapper(catalog).map(before, after)).isEmpty();
  }

  @Test
  void aChangedGradeReAggregatesItsScorecardOnly() {
    var mapper = new EntityGradeChangeToScorecardsMapper();
    Entity api = catalog.entitiesOfBlueprint("service").get(0);
    String silver =
        "readiness: {level: Silver, rules: [{name: r, level: Silver, passed: true}]}\n"
            + "style: {level: Ok, rules: [{name: s, level: Ok, passed: true}]}";
    String bronze =
        "readiness: {level: Bronze, rules: [{name: r, level: Silver, passed: false}]}\n"
            + "style: {level: Ok, rules: [{name: s, level: Ok, passed: true}]}";
    assertThat(mapper.map(withResult(api, "service", silver), withResult(api, "service", bronze)))
        .containsExactly(new ResourceID("readiness"));
    assertThat(mapper.map(withResult(api, "service", silver), withResult(api, "service", silver)))
        .isEmpty();
    assertThat(mapper.map(withResult(api, "service", null), withResult(api, "service", null)))
        .isEmpty();
  }

  @Test
  void anEntityThatComesGoesOrMovesWithResultsReAggregatesThoseScorecards() {
    var mapper = new EntityGradeChangeToScorecardsMapper();
    Entity api = catalog.entitiesOfBlueprint("service").get(0);
    String graded = "readiness: {level: Ok, rules: [{name: r, level: Ok, passed: true}]}";
    assertThat(mapper.map(withResult(api, "service", graded), null))
        .containsExactly(new ResourceID("readiness"));
    assertThat(mapper.map(null, withResult(api, "service", graded)))
        .containsExactly(new ResourceID("readiness"));
    assertThat(mapper.map(withResult(api, "service", graded), withResult(api, "database", graded)))
        .containsExactly(new ResourceID("readiness"));
    assertThat(mapper.map(withResult(api, "service", graded), withResult(api, "service", null)))
        .containsExactly(new ResourceID("readiness"));
  }

  @Test
  void aBlueprintThatAppearsOrGoesRechecksTheScorecardsThatNameIt() {
    var mapper = new BlueprintChangeToScorecardsMapper(catalog);
    assertThat(mapper.map(null, SERVICE)).containsExactly(new ResourceID("readiness"));
    assertThat(mapper.map(DATABASE, null)).containsExactly(new ResourceID("backups"));
    assertThat(mapper.map(SERVICE, SERVICE)).isEmpty();
  }
}
