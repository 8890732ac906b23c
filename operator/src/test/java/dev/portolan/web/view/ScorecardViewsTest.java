package dev.portolan.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.IndexedItemStore;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScorecardViewsTest {
  private final CatalogIndex index = CatalogIndex.create(null);
  private final IndexedItemStore<Entity> entities = index.claim(Entity.class);
  private final IndexedItemStore<Scorecard> scorecards = index.claim(Scorecard.class);
  private final ScorecardViews views = new ScorecardViews(index);

  private static final Scorecard READINESS =
      Fixtures.scorecard(
          """
      metadata: {name: readiness, resourceVersion: "1"}
      spec:
        blueprint: service
        levels: [Bronze, Gold]
        rules:
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
      """);

  @AfterEach
  void close() {
    index.close();
  }

  private void put(String namespace, String name, String owner, String level, String version) {
    Entity entity =
        Fixtures.entity(
            "metadata: {name: "
                + name
                + ", namespace: "
                + namespace
                + ", resourceVersion: \""
                + version
                + "\"}\nspec: {blueprint: service, owner: "
                + owner
                + "}\nstatus:\n  scorecards:\n    readiness:\n      level: "
                + level
                + "\n      rules: [{name: has-owner, level: Bronze, passed: true}]\n");
    entities.put(entities.getKey(entity), entity);
  }

  @Test
  void countsWhatEachCallerMaySeeAndFollowsEveryChange() {
    scorecards.put("readiness", READINESS);
    put("team-a", "api", "a", "Gold", "1");
    put("team-b", "web", "b", "Bronze", "1");
    ScorecardView all = views.one(READINESS, ns -> true);
    assertThat(all.entities()).isEqualTo(2);
    ScorecardView onlyA = views.one(READINESS, Set.of("team-a")::contains);
    assertThat(onlyA.entities()).isEqualTo(1);
    assertThat(onlyA.levels()).containsEntry("Bronze", 0).containsEntry("Gold", 1);
    assertThat(onlyA.entitiesByLevel().get("Bronze")).isEmpty();
    assertThat(onlyA.entitiesByLevel().get("Gold")).extracting("name").containsExactly("api");
    assertThat(views.owners(READINESS, Set.of("team-a")::contains)).containsOnlyKeys("a");

    put("team-b", "web", "b", "Gold", "2"); // regraded
    put("team-a", "worker", "a", "Bronze", "1"); // added
    ScorecardView after = views.one(READINESS, ns -> true);
    assertThat(after.entities()).isEqualTo(3);
    assertThat(after.levels()).containsEntry("Bronze", 1).containsEntry("Gold", 2);
    assertThat(after.entitiesByLevel().get("Gold"))
        .extracting("name")
        .containsExactly("api", "web");
    entities.remove("team-a/api");
    assertThat(views.one(READINESS, ns -> true).levels()).containsEntry("Gold", 1);
    assertThat(views.list(ns -> true).items()).extracting("entities").containsExactly(2);
  }

  @Test
  void narrowedToAnOwnerCountsOnlyTheirEntities() {
    scorecards.put("readiness", READINESS);
    put("team-a", "api", "a", "Gold", "1");
    put("team-a", "web", "b", "Bronze", "1");
    ScorecardView ofB = views.one(READINESS, ns -> true, "b", LevelPage.FIRST);
    assertThat(ofB.entities()).isEqualTo(1);
    assertThat(ofB.levels()).containsEntry("Gold", 0).containsEntry("Bronze", 1);
    assertThat(views.one(READINESS, ns -> false, "b", LevelPage.FIRST).entities()).isZero();
  }

  @Test
  void theHistoryGoesOnlyToCallersWhoMaySeeEveryGradedNamespace() {
    Scorecard withHistory =
        Fixtures.scorecard(
            """
        metadata: {name: readiness, resourceVersion: "2"}
        spec:
          blueprint: service
          levels: [Bronze, Gold]
          rules:
            - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
        status:
          history:
            - {date: "2026-12-01", entities: 1, levels: {None: 0, Bronze: 1, Gold: 0}}
            - {date: "2026-12-02", entities: 2, levels: {None: 0, Bronze: 1, Gold: 1}}
        """);
    scorecards.put("readiness", withHistory);
    put("team-a", "api", "a", "Gold", "1");
    put("team-b", "web", "b", "Bronze", "1");

    ScorecardHistoryView all = views.history(withHistory, ns -> true);
    assertThat(all.scope()).isEqualTo("cluster");
    assertThat(all.withheld()).isNull();
    assertThat(all.levels()).containsExactly("None", "Bronze", "Gold");
    assertThat(all.points()).extracting("date").containsExactly("2026-12-01", "2026-12-02");
    assertThat(all.points().get(1).levels()).containsEntry("Gold", 1);

    ScorecardHistoryView onlyA = views.history(withHistory, Set.of("team-a")::contains);
    assertThat(onlyA.scope()).isEqualTo("namespaces");
    assertThat(onlyA.points()).hasSize(1);
    assertThat(onlyA.points().get(0).entities()).as("team-b's entity is not counted").isEqualTo(1);
    assertThat(onlyA.points().get(0).levels()).containsEntry("Gold", 1).containsEntry("Bronze", 0);
    assertThat(onlyA.withheld()).contains("1 namespace(s) you may not list entities in");
  }
}
