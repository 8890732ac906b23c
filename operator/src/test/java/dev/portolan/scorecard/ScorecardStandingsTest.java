package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ScorecardStandingsTest {
  private static final Scorecard READINESS =
      Fixtures.scorecard(
          """
      metadata: {name: readiness}
      spec:
        blueprint: service
        levels: [Bronze, Gold]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
      """);

  private static Entity graded(String namespace, String name, String owner, String level) {
    return Fixtures.entity(
        "metadata: {name: "
            + name
            + ", namespace: "
            + namespace
            + "}\nspec: {blueprint: service, owner: "
            + owner
            + "}\nstatus:\n  scorecards:\n    readiness:\n"
            + (level == null ? "" : "      level: " + level + "\n")
            + "      rules: [{name: has-owner, level: Bronze, passed: "
            + (level != null)
            + "}]\n");
  }

  private static final List<Entity> ENTITIES =
      List.of(
          graded("b", "b2", "web", "Bronze"),
          graded("a", "a2", "web", "Bronze"),
          graded("a", "a1", "pay", "Bronze"),
          graded("c", "c1", "pay", "Bronze"),
          graded("b", "b1", "ops", "Gold"),
          graded("c", "c2", "pay", "Platinum"), // graded under an earlier spec
          graded("a", "a3", "web", null),
          Fixtures.entity("metadata: {name: ungraded, namespace: a}\nspec: {blueprint: service}"));

  private static final ScorecardStandings STANDINGS =
      ScorecardStandings.of("readiness", READINESS.getSpec(), ENTITIES);

  private static final Predicate<String> A_AND_C = Set.of("a", "c")::contains;

  @Test
  void countsOnlyTheNamespacesTheCallerMaySee() {
    ScorecardStandings.Tally all = STANDINGS.tally(ns -> true);
    assertThat(all.graded()).isEqualTo(7);
    assertThat(all.levels())
        .containsExactly(
            java.util.Map.entry("None", 1),
            java.util.Map.entry("Bronze", 4),
            java.util.Map.entry("Gold", 1),
            java.util.Map.entry("Platinum", 1));
    ScorecardStandings.Tally some = STANDINGS.tally(A_AND_C);
    assertThat(some.graded()).isEqualTo(5);
    assertThat(some.levels())
        .as("every level is there, at zero when nothing visible is at it")
        .containsExactly(
            java.util.Map.entry("None", 1),
            java.util.Map.entry("Bronze", 3),
            java.util.Map.entry("Gold", 0),
            java.util.Map.entry("Platinum", 1));
    assertThat(some.passed()).containsEntry("has-owner", 4);
    assertThat(some.failed()).containsEntry("has-owner", 1);
    assertThat(STANDINGS.tally(ns -> false).graded()).isZero();
  }

  @Test
  void pagesALevelInNamespaceAndNameOrderAcrossNamespaces() {
    assertThat(names(STANDINGS.atLevel("Bronze", ns -> true, 0, 10)))
        .containsExactly("a1", "a2", "b2", "c1");
    assertThat(names(STANDINGS.atLevel("Bronze", ns -> true, 1, 2))).containsExactly("a2", "b2");
    assertThat(names(STANDINGS.atLevel("Bronze", A_AND_C, 1, 2))).containsExactly("a2", "c1");
    assertThat(STANDINGS.atLevel("Bronze", A_AND_C, 1, 2).total()).isEqualTo(3);
    assertThat(names(STANDINGS.atLevel("Bronze", A_AND_C, 3, 2))).isEmpty();
    assertThat(STANDINGS.atLevel("Gold", A_AND_C, 0, 10).total()).isZero();
    assertThat(names(STANDINGS.atLevel("None", ns -> true, 0, 0))).isEmpty();
  }

  @Test
  void countsTheOwnersTheCallerMaySee() {
    assertThat(STANDINGS.owners(ns -> true))
        .containsOnly(
            java.util.Map.entry("web", 3),
            java.util.Map.entry("pay", 3),
            java.util.Map.entry("ops", 1));
    assertThat(STANDINGS.owners(Set.of("b")::contains))
        .containsOnly(java.util.Map.entry("web", 1), java.util.Map.entry("ops", 1));
  }

  private static List<String> names(ScorecardStandings.LevelEntities entities) {
    return entities.page().stream().map(e -> e.getMetadata().getName()).toList();
  }

  @Test
  void standingsMadePerNamespaceAndCombinedAreThoseOfTheWholeCatalog() {
    ScorecardStandings combined =
        ScorecardStandings.combine(
            READINESS.getSpec(),
            java.util.stream.Stream.of("c", "a", "b")
                .map(
                    ns ->
                        ScorecardStandings.of(
                            "readiness",
                            READINESS.getSpec(),
                            ENTITIES.stream()
                                .filter(e -> e.getMetadata().getNamespace().equals(ns))
                                .toList()))
                .toList());

    assertThat(combined.tally(ns -> true)).isEqualTo(STANDINGS.tally(ns -> true));
    assertThat(combined.tally(A_AND_C)).isEqualTo(STANDINGS.tally(A_AND_C));
    assertThat(combined.namespaces()).containsExactly("a", "b", "c");
    assertThat(combined.atLevel("Bronze", ns -> true, 1, 2).page())
        .extracting(e -> e.getMetadata().getName())
        .containsExactly("a2", "b2");
    assertThat(combined.owners(ns -> true)).isEqualTo(STANDINGS.owners(ns -> true));
  }
}
