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
}
