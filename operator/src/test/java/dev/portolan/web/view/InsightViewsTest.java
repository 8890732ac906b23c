package dev.portolan.web.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portolan.Fixtures;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.IndexedItemStore;
import dev.portolan.model.Action;
import dev.portolan.model.ActionSpec;
import dev.portolan.model.ActionStatus;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import dev.portolan.model.EntityStatus;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardStatus;
import dev.portolan.web.error.ApiException;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InsightViewsTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CatalogIndex index = CatalogIndex.create(null);
  private final IndexedItemStore<Entity> entities = index.claim(Entity.class);
  private final IndexedItemStore<Scorecard> scorecards = index.claim(Scorecard.class);
  private final IndexedItemStore<Action> actions = index.claim(Action.class);
  private final InsightViews views =
      new InsightViews(index, new ScorecardViews(index), null, true, NOW);

  private static final String[][] RULES = {
    {"owner", "Bronze"}, {"runbook", "Silver"}, {"alerts", "Silver"}
  };

  @AfterEach
  void close() {
    index.close();
  }

  private static Scorecard readiness(int historyDays) {
    Scorecard scorecard =
        Fixtures.scorecard(
            """
            metadata: {name: readiness, resourceVersion: "1"}
            spec:
              blueprint: service
              levels: [Bronze, Silver]
              rules:
                - {name: owner, level: Bronze, expression: "true"}
                - {name: runbook, level: Silver, expression: "true"}
                - {name: alerts, level: Silver, expression: "true"}
            """);
    scorecard.setStatus(new ScorecardStatus());
    scorecard.getStatus().history = new ArrayList<>();
    LocalDate today = LocalDate.of(2026, 12, 2);
    for (int i = historyDays - 1; i >= 0; i--) {
      ScorecardStatus.HistoryPoint point = new ScorecardStatus.HistoryPoint();
      point.date = today.minusDays(i).toString();
      point.entities = 100;
      point.levels = Map.of("None", 10, "Bronze", 40, "Silver", 50);
      scorecard.getStatus().history.add(point);
    }
    return scorecard;
  }

  private void put(String namespace, String name, String owner, String level, String... failing) {
    Entity entity = new Entity();
    entity.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withResourceVersion("1")
            .build());
    entity.setSpec(new EntitySpec());
    entity.getSpec().blueprint = "service";
    entity.getSpec().owner = owner;
    entity.setStatus(new EntityStatus());
    EntityStatus.ScorecardResult result = new EntityStatus.ScorecardResult();
    result.level = level;
    result.rules = new ArrayList<>();
    for (String[] rule : RULES) {
      EntityStatus.RuleResult r = new EntityStatus.RuleResult();
      r.name = rule[0];
      r.level = rule[1];
      r.passed = !List.of(failing).contains(rule[0]);
      result.rules.add(r);
    }
    entity.getStatus().scorecards.put("readiness", result);
    entities.put(entities.getKey(entity), entity);
  }

  private void run(String namespace, String name, String entity, String phase) {
    Action action = new Action();
    action.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withCreationTimestamp("2026-12-01T10:00:00Z")
            .build());
    action.setSpec(new ActionSpec());
    action.getSpec().definition = "restart";
    action.getSpec().entity = entity;
    action.setStatus(new ActionStatus());
    action.getStatus().phase = phase;
    action.getStatus().completionTime = "2026-12-01T10:02:00Z";
    actions.put(namespace + "/" + name, action);
  }

  @Test
  void countsOnlyTheNamespacesTheCallerMaySeeAndATeamsOwnEntities() {
    scorecards.put("readiness", readiness(3));
    put("team-a", "api", "a", "Bronze", "runbook");
    put("team-a", "worker", "a", "Silver");
    put("team-b", "web", "b", "None", "owner");
    put("team-b", "stray", "a", "Bronze", "runbook", "alerts"); // a's, in b's namespace
    run("team-a", "r1", "api", "Succeeded");
    run("team-b", "r2", "web", "Failed");

    InsightsView all = views.overview(ns -> true);
    assertThat(all.entities()).isEqualTo(4);
    assertThat(all.teams())
        .containsExactly(new InsightsView.Team("a", 3), new InsightsView.Team("b", 1));
    assertThat(all.scorecards().get(0).scope()).isEqualTo(ScorecardHistoryView.CLUSTER);
    assertThat(all.scorecards().get(0).points()).hasSize(3);
    assertThat(all.actions().totals().runs()).isEqualTo(2);

    InsightsView onlyA = views.overview(Set.of("team-a")::contains);
    assertThat(onlyA.entities()).isEqualTo(2);
    assertThat(onlyA.blueprints())
        .containsExactly(new InsightsView.BlueprintTotal("service", "service", 2));
    assertThat(onlyA.teams()).containsExactly(new InsightsView.Team("a", 2));
    assertThat(onlyA.scorecards().get(0).scope()).isEqualTo(ScorecardHistoryView.NAMESPACES);
    assertThat(onlyA.scorecards().get(0).points()).hasSize(1);
    assertThat(onlyA.actions().totals().runs()).isEqualTo(1);
    assertThat(onlyA.actions().byTeam()).extracting(s -> s.name()).containsExactly("a");

    TeamInsightsView a = views.team("a", ns -> true);
    assertThat(a.entities()).isEqualTo(3);
    TeamInsightsView.Scorecard card = a.scorecards().get(0);
    assertThat(card.levels())
        .containsExactly(Map.entry("None", 0), Map.entry("Bronze", 2), Map.entry("Silver", 1));
    assertThat(card.nextLevelRules())
        .extracting(b -> b.rule() + " " + b.oneRuleAway() + "/" + b.blocked())
        .containsExactly("runbook 1/2", "alerts 0/1");
    assertThat(a.actions().totals().runs()).isEqualTo(1); // only the run on a's entity

    TeamInsightsView aSeenFromA = views.team("a", Set.of("team-a")::contains);
    assertThat(aSeenFromA.entities()).isEqualTo(2);
    assertThat(aSeenFromA.scorecards().get(0).nextLevelRules())
        .extracting(b -> b.rule() + " " + b.oneRuleAway() + "/" + b.blocked())
        .containsExactly("runbook 1/1");
    assertThat(aSeenFromA.scorecards().get(0).trend().withheld()).contains("1 namespace(s)");
    assertThatThrownBy(() -> views.team("b", Set.of("team-a")::contains))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("no entity you may see is owned by 'b'");

    put("team-a", "api", "a", "Silver"); // fixed: the counts follow the cache
    assertThat(views.team("a", ns -> true).scorecards().get(0).levels()).containsEntry("Silver", 2);
    assertThat(views.overview(ns -> true).entities()).isEqualTo(4);
  }

  /**
   * The bound: 50,000 entities of 2,000 owners in 20 namespaces, a year of history and
   * 5,000 runs. The answers stay under 1 MB; the time of a warm request is printed (the benchmark's
   * 200 ms is for a quiet machine; this asserts a bound a loaded CI machine keeps).
   */
  @Test
  void atFiftyThousandEntitiesAndTwoThousandOwnersTheAnswersStayUnderOneMegabyte()
      throws Exception {
    scorecards.put("readiness", readiness(400));
    String[] levels = {"None", "Bronze", "Silver"};
    for (int i = 0; i < 50_000; i++) {
      String level = levels[i % 3];
      String[] failing =
          switch (level) {
            case "None" -> new String[] {"owner"};
            case "Bronze" ->
                i % 2 == 0 ? new String[] {"runbook"} : new String[] {"runbook", "alerts"};
            default -> new String[0];
          };
      put("ns-" + (i % 20), "svc-" + i, "team-" + (i % 2000), level, failing);
    }
    for (int i = 0; i < 5_000; i++) {
      run(
          "ns-" + (i % 20),
          "run-" + i,
          "svc-" + (i * 7 % 50_000),
          i % 4 == 0 ? "Failed" : "Succeeded");
    }
    views.overview(ns -> true); // builds the remembered counts
    long start = System.nanoTime();
    InsightsView overview = views.overview(ns -> true);
    long overviewMs = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    TeamInsightsView team = views.team("team-7", ns -> true);
    long teamMs = (System.nanoTime() - start) / 1_000_000;
    int overviewBytes = JSON.writeValueAsBytes(overview).length;
    int teamBytes = JSON.writeValueAsBytes(team).length;
    put("ns-3", "svc-3", "team-3", "Silver"); // one change: its namespace alone is counted again
    start = System.nanoTime();
    InsightsView changed = views.overview(ns -> true);
    long changedMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "insights at 50,000 entities: overview %d ms, %d bytes; after one change %d ms;"
            + " team %d ms, %d bytes%n",
        overviewMs, overviewBytes, changedMs, teamMs, teamBytes);
    assertThat(changed.entities()).isEqualTo(50_000);
    assertThat(changedMs).isLessThan(1_000);
    assertThat(overview.entities()).isEqualTo(50_000);
    assertThat(overview.teams()).hasSize(ScorecardViews.OWNER_CHOICES);
    assertThat(overview.teamsLeftOut()).isEqualTo(2000 - ScorecardViews.OWNER_CHOICES);
    assertThat(overview.scorecards().get(0).points()).hasSize(400);
    assertThat(overview.actions().byTeam()).hasSize(20);
    assertThat(team.entities()).isEqualTo(25);
    assertThat(overviewBytes).isLessThan(1_000_000);
    assertThat(teamBytes).isLessThan(1_000_000);
    assertThat(overviewMs).isLessThan(1_000);
    assertThat(teamMs).isLessThan(1_000);
  }
}
