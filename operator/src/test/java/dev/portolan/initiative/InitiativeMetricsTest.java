package dev.portolan.initiative;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.Initiative;
import dev.portolan.model.InitiativeStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class InitiativeMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final InitiativeMetrics metrics = new InitiativeMetrics(registry);

  private static Initiative initiative(String phase, int passing, int failing, int waived) {
    Initiative initiative = new Initiative();
    initiative.setMetadata(new ObjectMetaBuilder().withName("silver-by-june").build());
    InitiativeStatus status = new InitiativeStatus();
    status.phase = phase;
    status.covered = passing + failing + waived;
    status.passing = passing;
    status.failing = failing;
    status.waived = waived;
    status.notEvaluated = 0;
    status.percent = 100 * passing / status.covered;
    status.expectedPercent = 60;
    status.daysLeft = 12;
    initiative.setStatus(status);
    return initiative;
  }

  @Test
  void showsTheWrittenFiguresAndTheCurrentPhase() {
    metrics.initiativeChanged(null, initiative("AtRisk", 1, 2, 1));
    assertThat(registry.scrape())
        .contains(
            "portolan_initiative_entities{initiative=\"silver-by-june\",outcome=\"passing\"} 1.0\n",
            "portolan_initiative_entities{initiative=\"silver-by-june\",outcome=\"failing\"} 2.0\n",
            "portolan_initiative_entities{initiative=\"silver-by-june\",outcome=\"waived\"} 1.0\n",
            "portolan_initiative_percent{initiative=\"silver-by-june\"} 25.0\n",
            "portolan_initiative_expected_percent{initiative=\"silver-by-june\"} 60.0\n",
            "portolan_initiative_days_left{initiative=\"silver-by-june\"} 12.0\n",
            "portolan_initiative_phase{initiative=\"silver-by-june\",phase=\"AtRisk\"} 1.0\n",
            "portolan_initiative_phase{initiative=\"silver-by-june\",phase=\"Met\"} 0.0\n");
  }

  @Test
  void movesWithTheStatusAndForgetsADeletedInitiative() {
    Initiative atRisk = initiative("AtRisk", 1, 2, 1);
    Initiative met = initiative("Met", 4, 0, 0);
    metrics.initiativeChanged(null, atRisk);
    metrics.initiativeChanged(atRisk, met);
    assertThat(registry.scrape())
        .contains(
            "portolan_initiative_phase{initiative=\"silver-by-june\",phase=\"Met\"} 1.0\n",
            "portolan_initiative_phase{initiative=\"silver-by-june\",phase=\"AtRisk\"} 0.0\n",
            "portolan_initiative_percent{initiative=\"silver-by-june\"} 100.0\n");

    metrics.initiativeChanged(met, null);
    assertThat(registry.scrape()).doesNotContain("silver-by-june");
  }

  @Test
  void anInitiativeWithoutFiguresHasNoSeries() {
    Initiative invalid = initiative("AtRisk", 1, 0, 0);
    invalid.getStatus().phase = null;
    metrics.initiativeChanged(null, invalid);
    assertThat(registry.scrape()).doesNotContain("portolan_initiative_");
  }
}
