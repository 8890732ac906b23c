package dev.portolan.initiative;

import dev.portolan.catalog.CatalogListener;
import dev.portolan.kit.GaugeSet;
import dev.portolan.kit.GaugeSet.Series;
import dev.portolan.model.Initiative;
import dev.portolan.model.InitiativeStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;

/**
 * The initiatives' gauges for dashboards, read from each initiative's written status (so every
 * replica shows what the leader wrote): {@code portolan_initiative_entities{initiative,outcome}}
 * (covered entities passing, failing, waived and not evaluated), {@code
 * portolan_initiative_percent{initiative}} and {@code
 * portolan_initiative_expected_percent{initiative}}, {@code
 * portolan_initiative_days_left{initiative}} and {@code
 * portolan_initiative_phase{initiative,phase}} (1 for the phase it is in, 0 for the others). One
 * series per initiative and outcome or phase: per-owner progress stays in the status, where it is
 * bounded. An initiative without figures (its spec not Ready) has no series; a deleted one loses
 * them.
 */
public final class InitiativeMetrics implements CatalogListener {
  static final String ENTITIES = "portolan.initiative.entities";
  static final String PERCENT = "portolan.initiative.percent";
  static final String EXPECTED = "portolan.initiative.expected.percent";
  static final String DAYS_LEFT = "portolan.initiative.days.left";
  static final String PHASE = "portolan.initiative.phase";

  private final MeterRegistry registry;
  private final Map<String, GaugeSet> gauges = new HashMap<>();

  public InitiativeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public synchronized void initiativeChanged(Initiative before, Initiative after) {
    Initiative initiative = after == null ? before : after;
    String name = initiative.getMetadata().getName();
    if (after == null) {
      GaugeSet group = gauges.remove(name);
      if (group != null) {
        group.clear();
      }
      return;
    }
    gauges
        .computeIfAbsent(name, n -> new GaugeSet(registry, InitiativeMetrics::description))
        .set(series(name, after.getStatus()));
  }

  static Map<Series, Long> series(String initiative, InitiativeStatus status) {
    Map<Series, Long> wanted = new HashMap<>();
    if (status == null || status.phase == null) {
      return wanted;
    }
    Tags tags = Tags.of("initiative", initiative);
    put(wanted, ENTITIES, tags.and("outcome", "passing"), status.passing);
    put(wanted, ENTITIES, tags.and("outcome", "failing"), status.failing);
    put(wanted, ENTITIES, tags.and("outcome", "waived"), status.waived);
    put(wanted, ENTITIES, tags.and("outcome", "not_evaluated"), status.notEvaluated);
    put(wanted, PERCENT, tags, status.percent);
    put(wanted, EXPECTED, tags, status.expectedPercent);
    put(wanted, DAYS_LEFT, tags, status.daysLeft);
    for (Phase phase : Phase.values()) {
      wanted.put(
          new Series(PHASE, tags.and("phase", phase.name())),
          phase.name().equals(status.phase) ? 1L : 0L);
    }
    return wanted;
  }

  private static void put(Map<Series, Long> wanted, String meter, Tags tags, Integer value) {
    if (value != null) {
      wanted.put(new Series(meter, tags), value.longValue());
    }
  }

  private static String description(String meter) {
    return switch (meter) {
      case ENTITIES -> "Entities an initiative covers, by outcome against its target";
      case PERCENT -> "Percent of an initiative's covered entities that pass its target";
      case EXPECTED -> "Percent an initiative should have reached today on a straight line";
      case DAYS_LEFT -> "Whole days left until an initiative's deadline (UTC), 0 after it";
      default -> "1 for the phase an initiative is in (OnTrack, AtRisk, Missed, Met), 0 otherwise";
    };
  }
}
