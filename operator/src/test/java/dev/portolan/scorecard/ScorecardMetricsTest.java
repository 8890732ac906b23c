package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardStatus.RuleSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ScorecardMetrics metrics = new ScorecardMetrics(registry);

  private static ScorecardTally tally(Map<String, Integer> levels, String... rules) {
    List<RuleSummary> summaries = new java.util.ArrayList<>();
    for (String rule : rules) {
      String[] parts = rule.split("[:/]");
      RuleSummary summary = new RuleSummary();
      summary.name = parts[0];
      summary.passed = Integer.valueOf(parts[1]);
      summary.failed = Integer.valueOf(parts[2]);
      summary.waived = parts.length > 3 ? Integer.valueOf(parts[3]) : 0;
      summaries.add(summary);
    }
    return new ScorecardTally(
        levels.values().stream().mapToInt(Integer::intValue).sum(), levels, summaries, 0);
  }

  private static Map<String, Integer> levels(Object... pairs) {
    Map<String, Integer> levels = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      levels.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return levels;
  }

  @Test
  void showsEntitiesPerLevelAndPassesPerRule() {
    metrics.record(
        "readiness", tally(levels("None", 1, "Bronze", 0, "Gold", 2), "has-owner:3/0", "ha:2/1/1"));
    assertThat(registry.scrape())
        .contains(
            "portolan_scorecard_rule_waived{rule=\"ha\",scorecard=\"readiness\"} 1.0\n",
            "portolan_scorecard_rule_waived{rule=\"has-owner\",scorecard=\"readiness\"} 0.0\n",
            "portolan_scorecard_entities{level=\"None\",scorecard=\"readiness\"} 1.0\n",
            "portolan_scorecard_entities{level=\"Bronze\",scorecard=\"readiness\"} 0.0\n",
            "portolan_scorecard_entities{level=\"Gold\",scorecard=\"readiness\"} 2.0\n",
            "portolan_scorecard_rule_passed{rule=\"ha\",scorecard=\"readiness\"} 2.0\n",
            "portolan_scorecard_rule_failed{rule=\"ha\",scorecard=\"readiness\"} 1.0\n",
            "portolan_scorecard_rule_failed{rule=\"has-owner\",scorecard=\"readiness\"} 0.0\n");
  }

  @Test
  void followsTheAggregateAndDropsLevelsAndRulesThatAreGone() {
    metrics.record("readiness", tally(levels("None", 1, "Gold", 2), "has-owner:3/0", "ha:2/1"));
    metrics.record("readiness", tally(levels("None", 3, "Platinum", 0), "has-owner:1/2"));
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "portolan_scorecard_entities{level=\"None\",scorecard=\"readiness\"} 3.0\n",
            "portolan_scorecard_entities{level=\"Platinum\",scorecard=\"readiness\"} 0.0\n",
            "portolan_scorecard_rule_failed{rule=\"has-owner\",scorecard=\"readiness\"} 2.0\n");
    assertThat(scrape).doesNotContain("level=\"Gold\"").doesNotContain("rule=\"ha\"");
  }

  @Test
  void aDeletedScorecardLeavesNoSeries() {
    metrics.record("readiness", tally(levels("None", 1), "has-owner:1/0"));
    metrics.record("backups", tally(levels("None", 0, "Ok", 4), "daily:4/0"));
    metrics.forget("readiness");
    assertThat(registry.scrape())
        .doesNotContain("scorecard=\"readiness\"")
        .contains("portolan_scorecard_entities{level=\"Ok\",scorecard=\"backups\"} 4.0\n");
  }

  @Test
  void aScorecardTheIndexSawDeletedLeavesNoSeries() {
    metrics.record("readiness", tally(levels("None", 1), "has-owner:1/0"));
    Scorecard readiness = Fixtures.scorecard("metadata: {name: readiness}\nspec: {}\n");
    metrics.scorecardChanged(readiness, readiness);
    assertThat(registry.scrape()).contains("scorecard=\"readiness\"");
    metrics.scorecardChanged(readiness, null);
    assertThat(registry.scrape()).doesNotContain("scorecard=\"readiness\"");
  }

  @Test
  void showsEachOwnersLevelsAndDropsOwnersThatAreGone() {
    metrics.recordOwners(
        "readiness",
        new OwnerLevels(
            Map.of(
                "team-a", levels("None", 1, "Gold", 2), "team-b", levels("None", 0, "Gold", 1))));
    assertThat(registry.scrape())
        .contains(
            "portolan_scorecard_owner_entities{level=\"Gold\",owner=\"team-a\",scorecard=\"readiness\"} 2.0\n",
            "portolan_scorecard_owner_entities{level=\"None\",owner=\"team-b\",scorecard=\"readiness\"} 0.0\n");
    metrics.recordOwners(
        "readiness", new OwnerLevels(Map.of("team-b", levels("None", 1, "Gold", 0))));
    String scrape = registry.scrape();
    assertThat(scrape).doesNotContain("owner=\"team-a\"");
    assertThat(scrape)
        .contains(
            "portolan_scorecard_owner_entities{level=\"None\",owner=\"team-b\",scorecard=\"readiness\"} 1.0\n");
    metrics.forget("readiness");
    assertThat(registry.scrape()).doesNotContain("portolan_scorecard_owner_entities{");
  }
}
