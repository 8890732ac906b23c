package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.model.Entity;
import dev.portolan.model.ScorecardSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnerLevelsTest {
  private static final ScorecardSpec SPEC =
      Fixtures.scorecard(
              "metadata: {name: readiness}\nspec: {blueprint: service, levels: [Bronze, Gold],"
                  + " rules: []}")
          .getSpec();

  private static Entity entity(String name, String owner, String level) {
    return Fixtures.entity(
        "metadata: {name: "
            + name
            + ", namespace: ns}\nspec: {blueprint: service"
            + (owner == null ? "" : ", owner: " + owner)
            + "}\nstatus:\n  scorecards:\n    readiness: {level: "
            + level
            + "}\n");
  }

  @Test
  void countsEachOwnersLevelsWithEveryLevelPresent() {
    OwnerLevels owners =
        OwnerLevels.of(
            "readiness",
            SPEC,
            List.of(
                entity("a", "team-a", "Gold"),
                entity("b", "team-a", "None"),
                entity("c", null, "Bronze")));
    assertThat(owners.byOwner().get("team-a"))
        .containsExactly(
            java.util.Map.entry("None", 1),
            java.util.Map.entry("Bronze", 0),
            java.util.Map.entry("Gold", 1));
    assertThat(owners.byOwner().get(OwnerLevels.NO_OWNER)).containsEntry("Bronze", 1);
  }

  @Test
  void pastTheCapTheSmallestOwnersAreSummedUnderOther() {
    List<Entity> entities = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entities.add(entity("big-" + i, "big", "Gold"));
    }
    entities.add(entity("m1", "mid", "Bronze"));
    entities.add(entity("m2", "mid", "Bronze"));
    entities.add(entity("s1", "small-1", "None"));
    entities.add(entity("s2", "small-2", "Gold"));
    OwnerLevels owners = OwnerLevels.of("readiness", SPEC, entities, 3);
    assertThat(owners.byOwner()).containsOnlyKeys("big", "mid", OwnerLevels.OTHER);
    assertThat(owners.byOwner().get(OwnerLevels.OTHER))
        .containsEntry("None", 1)
        .containsEntry("Gold", 1);
    assertThat(OwnerLevels.of("readiness", SPEC, entities, 4).byOwner())
        .containsOnlyKeys("big", "mid", "small-1", "small-2");
  }
}
