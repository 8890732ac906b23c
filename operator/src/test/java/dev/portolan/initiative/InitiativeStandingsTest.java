package dev.portolan.initiative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Problem;
import dev.portolan.model.Entity;
import dev.portolan.model.Initiative;
import dev.portolan.model.InitiativeSpec;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InitiativeStandingsTest {
  private static final List<String> LEVELS = List.of("Bronze", "Silver", "Gold");
  private final InitiativeCompiler compiler = new InitiativeCompiler(new CelEngine());

  private static Entity entity(
      String namespace, String name, String owner, String tier, String level) {
    return Fixtures.entity(
        """
        metadata: {name: %s, namespace: %s}
        spec: {blueprint: service, owner: "%s", properties: {tier: %s}}
        status:
          scorecards:
            readiness:
              level: %s
              rules:
                - {name: has-owner, level: Bronze, passed: true}
                - {name: has-oncall, level: Silver, passed: %s}
        """
            .formatted(
                name,
                namespace,
                owner,
                tier,
                level,
                level.equals("Silver") || level.equals("Gold")));
  }

  private static final List<Entity> CATALOG =
      List.of(
          entity("team-a", "api", "a", "backend", "Silver"),
          entity("team-a", "worker", "a", "backend", "Bronze"),
          entity("team-b", "ledger", "b", "backend", "Gold"),
          entity("team-b", "web", "b", "frontend", "None"),
          entity("team-c", "stale", "c", "backend", "Platinum"), // a level the spec no longer has
          Fixtures.entity(
              "metadata: {name: ungraded, namespace: team-a}\nspec: {blueprint: service}"));

  private CompiledInitiative compile(String spec) {
    // A comment first: fabric8 reads text that starts with a brace as JSON.
    return compiler.compile("i", Serialization.unmarshal("# spec\n" + spec, InitiativeSpec.class));
  }

  @Test
  void coversTheGradedEntitiesTheFilterKeepsAndCountsTheTargetLevelOrHigherAsPassing() {
    CompiledInitiative initiative =
        compile(
            "{scorecard: readiness, level: Silver, filter: \"entity.properties.tier == 'backend'\","
                + " startDate: 2026-01-01, deadline: 2026-06-30}");
    assertThat(initiative.problems()).isEmpty();
    InitiativeStandings standings =
        InitiativeStandings.of(initiative, LEVELS, CATALOG, blueprint -> Map.of());
    InitiativeStandings.Tally all = standings.tally(ns -> true);
    assertThat(all.total()).isEqualTo(new Counts(2, 2, 0)); // api, ledger pass; worker, stale fail
    assertThat(all.owners())
        .containsOnly(
            Map.entry("a", new Counts(1, 1, 0)),
            Map.entry("b", new Counts(1, 0, 0)),
            Map.entry("c", new Counts(0, 1, 0)));
    assertThat(all.namespaces()).containsExactly("team-a", "team-b", "team-c");

    InitiativeStandings.Tally onlyB = standings.tally(Set.of("team-b")::contains);
    assertThat(onlyB.total()).isEqualTo(new Counts(1, 0, 0));
    assertThat(onlyB.owners()).containsOnlyKeys("b");
    assertThat(onlyB.namespaces()).containsExactly("team-b");
  }

  @Test
  void standingsMadePerNamespaceAndCombinedAreThoseOfTheWholeCatalog() {
    CompiledInitiative initiative =
        compile(
            "{scorecard: readiness, level: Silver, filter: \"entity.properties.tier == 'backend'\","
                + " startDate: 2026-01-01, deadline: 2026-06-30}");
    InitiativeStandings whole =
        InitiativeStandings.of(initiative, LEVELS, CATALOG, blueprint -> Map.of());
    InitiativeStandings combined =
        InitiativeStandings.combine(
            java.util.stream.Stream.of("team-c", "team-a", "team-b")
                .map(
                    ns ->
                        InitiativeStandings.of(
                            initiative,
                            LEVELS,
                            CATALOG.stream()
                                .filter(e -> e.getMetadata().getNamespace().equals(ns))
                                .toList(),
                            blueprint -> Map.of()))
                .toList());

    assertThat(combined.tally(ns -> true)).isEqualTo(whole.tally(ns -> true));
    assertThat(combined.tally(Set.of("team-b")::contains))
        .isEqualTo(whole.tally(Set.of("team-b")::contains));
  }

  @Test
  void namedRulesMustAllPassAndOwnersNarrowTheCover() {
    CompiledInitiative initiative =
        compile(
            "{scorecard: readiness, rules: [has-oncall, has-owner], owners: [b],"
                + " startDate: 2026-01-01, deadline: 2026-06-30}");
    InitiativeStandings.Tally tally =
        InitiativeStandings.of(initiative, LEVELS, CATALOG, blueprint -> Map.of())
            .tally(ns -> true);
    assertThat(tally.total()).isEqualTo(new Counts(1, 1, 0)); // ledger passes, web fails
    assertThat(initiative.target().describe()).isEqualTo("2 rules");
  }

  @Test
  void aFilterThatFailsForAnEntityLeavesItOutAndCountsIt() {
    CompiledInitiative initiative =
        compile(
            "{scorecard: readiness, level: Bronze, filter: \"entity.properties.missing == 1\","
                + " startDate: 2026-01-01, deadline: 2026-06-30}");
    InitiativeStandings.Tally tally =
        InitiativeStandings.of(initiative, LEVELS, CATALOG, blueprint -> Map.of())
            .tally(ns -> true);
    assertThat(tally.total().covered()).isZero();
    assertThat(tally.notEvaluated()).isEqualTo(5);
  }

  @Test
  void badSpecsAreNamedByField() {
    assertThat(
            compile(
                    "{scorecard: readiness, level: Silver, rules: [a], filter: \"entity.nope(\","
                        + " startDate: 2026-02-30, deadline: 2026-01-01}")
                .problems())
        .extracting(Problem::field)
        .containsExactly("spec.level", "spec.filter", "spec.startDate");
    assertThat(
            compile(
                    "{scorecard: readiness, level: Silver, startDate: 2026-02-01, deadline: 2026-01-01}")
                .problems())
        .extracting(Problem::message)
        .containsExactly(
            "spec.deadline: 2026-01-01 is not after spec.startDate 2026-02-01; set a deadline"
                + " after the start");
    Scorecard readiness =
        Fixtures.scorecard(
            "metadata: {name: readiness}\nspec: {blueprint: service, levels: [Bronze, Silver],"
                + " rules: [{name: has-owner, level: Bronze, expression: 'true'}]}");
    assertThat(
            compile(
                    "{scorecard: readiness, level: Gold, startDate: 2026-01-01, deadline: 2026-02-01}")
                .problemsWith(readiness))
        .extracting(Problem::message)
        .containsExactly(
            "spec.level: 'Gold' is not a level of scorecard 'readiness'; use one of: Bronze,"
                + " Silver");
    assertThat(
            compile(
                    "{scorecard: readiness, rules: [has-owner, fast], startDate: 2026-01-01, deadline: 2026-02-01}")
                .problemsWith(readiness))
        .extracting(Problem::message)
        .containsExactly(
            "spec.rules: 'fast' is not a rule of scorecard 'readiness'; use its rule names:"
                + " has-owner");
    assertThat(
            compile("{scorecard: gone, level: Gold, startDate: 2026-01-01, deadline: 2026-02-01}")
                .problemsWith(null))
        .extracting(Problem::reason)
        .containsExactly("ScorecardNotFound");
  }

  @Test
  void theCompiledFormIsKeptPerGeneration() {
    Initiative initiative =
        Serialization.unmarshal(
            "# initiative\n{apiVersion: portolan.dev/v1alpha1, kind: Initiative, metadata: {name: i, generation: 1},"
                + " spec: {scorecard: readiness, level: Silver, startDate: 2026-01-01, deadline: 2026-06-30}}",
            Initiative.class);
    assertThat(compiler.compile(initiative)).isSameAs(compiler.compile(initiative));
  }
}
