package dev.portolan.initiative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.IndexedItemStore;
import dev.portolan.model.Entity;
import dev.portolan.model.Initiative;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InitiativeMappersTest {
  private final CatalogIndex index = CatalogIndex.create(null);
  private final IndexedItemStore<Initiative> initiatives = index.claim(Initiative.class);
  private final EntityChangeToInitiativesMapper entities =
      new EntityChangeToInitiativesMapper(index);
  private final ScorecardChangeToInitiativesMapper scorecards =
      new ScorecardChangeToInitiativesMapper(index);

  @AfterEach
  void close() {
    index.close();
  }

  private void initiative(String name, String scorecard) {
    Initiative initiative =
        Serialization.unmarshal(
            "# initiative\n{apiVersion: portolan.dev/v1alpha1, kind: Initiative, metadata: {name: "
                + name
                + "}, spec: {scorecard: "
                + scorecard
                + ", level: Gold, startDate: 2026-01-01, deadline: 2026-12-31}}",
            Initiative.class);
    initiatives.put(initiatives.getKey(initiative), initiative);
  }

  private static Entity entity(String labels, String level, String calculated) {
    return Fixtures.entity(
        "metadata: {name: api, namespace: team-a, labels: {"
            + labels
            + "}}\nspec: {blueprint: service, owner: a}\nstatus:\n  calculated: {"
            + calculated
            + "}\n  scorecards:\n    readiness: {level: "
            + level
            + "}\n");
  }

  @Test
  void anEntityChangeReachesTheInitiativesOfItsScorecardsOnlyWhenWhatTheyCountChanged() {
    Entity before = entity("", "Bronze", "ha: false");
    assertThat(entities.map(before, entity("", "Gold", "ha: false")))
        .as("no initiative counts readiness yet")
        .isEmpty();
    initiative("gold", "readiness");
    initiative("other", "backups");
    assertThat(entities.map(before, entity("", "Gold", "ha: false")))
        .containsExactly(new ResourceID("gold"));
    assertThat(entities.map(before, entity("tier: backend", "Bronze", "ha: false")))
        .as("a label the filter may read")
        .containsExactly(new ResourceID("gold"));
    assertThat(entities.map(before, entity("", "Bronze", "ha: true")))
        .as("a calculated value the filter may read")
        .containsExactly(new ResourceID("gold"));
    assertThat(entities.map(before, entity("", "Bronze", "ha: false")))
        .as("a status write that changes nothing counted")
        .isEmpty();
    assertThat(entities.map(null, before)).containsExactly(new ResourceID("gold"));
    assertThat(entities.map(before, null)).containsExactly(new ResourceID("gold"));
  }

  @Test
  void aScorecardReachesItsInitiativesWhenItsSpecChangesOrItComesOrGoes() {
    initiative("gold", "readiness");
    Scorecard v1 =
        Fixtures.scorecard(
            "metadata: {name: readiness, generation: 1}\nspec: {blueprint: service, levels: [Gold],"
                + " rules: [{name: a, level: Gold, expression: 'true'}]}");
    Scorecard v1Status =
        Fixtures.scorecard(
            "metadata: {name: readiness, generation: 1, resourceVersion: '9'}\nspec: {blueprint:"
                + " service, levels: [Gold], rules: [{name: a, level: Gold, expression: 'true'}]}");
    Scorecard v2 =
        Fixtures.scorecard(
            "metadata: {name: readiness, generation: 2}\nspec: {blueprint: service, levels: [Gold],"
                + " rules: [{name: a, level: Gold, expression: 'false'}]}");
    assertThat(scorecards.map(v1, v1Status)).isEmpty();
    assertThat(scorecards.map(v1, v2)).containsExactly(new ResourceID("gold"));
    assertThat(scorecards.map(null, v1)).containsExactly(new ResourceID("gold"));
    assertThat(scorecards.map(v2, null)).containsExactly(new ResourceID("gold"));
  }
}
