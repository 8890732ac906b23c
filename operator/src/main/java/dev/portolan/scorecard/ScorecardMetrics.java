package dev.portolan.scorecard;

import dev.portolan.catalog.CatalogListener;
import dev.portolan.kit.GaugeSet;
import dev.portolan.kit.GaugeSet.Series;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardStatus.RuleSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scorecard gauges for dashboards, set from each scorecard's aggregate: {@code
 * portolan_scorecard_entities{scorecard,level}}, {@code
 * portolan_scorecard_rule_passed{scorecard,rule}} and {@code
 * portolan_scorecard_rule_failed{scorecard,rule}}, and per owner {@code
 * portolan_scorecard_owner_entities{scorecard,owner,level}} (at most {@link OwnerLevels#MAX_OWNERS}
 * owners per scorecard, the rest summed under {@link OwnerLevels#OTHER}). Gauges of levels and
 * rules a scorecard no longer has, and of deleted scorecards, are removed, so a dashboard never
 * shows a stale series.
 */
public final class ScorecardMetrics implements CatalogListener {
  static final String ENTITIES = "portolan.scorecard.entities";
  static final String RULE_PASSED = "portolan.scorecard.rule.passed";
  static final String RULE_FAILED = "portolan.scorecard.rule.failed";
  static final String OWNER_ENTITIES = "portolan.scorecard.owner.entities";
  static final String RULE_WAIVED = "portolan.scorecard.rule.waived";

  private final MeterRegistry registry;

  /** By scorecard name: its gauges. */
  private final Map<String, GaugeSet> gauges = new HashMap<>();

  /** By scorecard name: its per-owner gauges. */
  private final Map<String, GaugeSet> ownerGauges = new HashMap<>();

  public ScorecardMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Sets the per-owner gauges of one scorecard; those of owners no longer there are removed. */
  public synchronized void recordOwners(String scorecard, OwnerLevels owners) {
    Map<Series, Long> wanted = new HashMap<>();
    owners
        .byOwner()
        .forEach(
            (owner, levels) ->
                levels.forEach(
                    (level, count) ->
                        wanted.put(
                            new Series(
                                OWNER_ENTITIES,
                                Tags.of("scorecard", scorecard, "owner", owner, "level", level)),
                            count.longValue())));
    groupOf(ownerGauges, scorecard).set(wanted);
  }

  /** Sets the gauges of one scorecard to its aggregate. */
  public synchronized void record(String scorecard, ScorecardTally tally) {
    Map<Series, Long> wanted = new HashMap<>();
    tally
        .levels()
        .forEach(
            (level, count) ->
                wanted.put(
                    new Series(ENTITIES, Tags.of("scorecard", scorecard, "level", level)),
                    count.longValue()));
    for (RuleSummary rule : tally.rules()) {
      Tags tags = Tags.of("scorecard", scorecard, "rule", rule.name);
      wanted.put(new Series(RULE_PASSED, tags), rule.passed.longValue());
      wanted.put(new Series(RULE_FAILED, tags), rule.failed.longValue());
      wanted.put(new Series(RULE_WAIVED, tags), rule.waived == null ? 0L : rule.waived.longValue());
    }
    groupOf(gauges, scorecard).set(wanted);
  }

  private GaugeSet groupOf(Map<String, GaugeSet> groups, String scorecard) {
    return groups.computeIfAbsent(
        scorecard, s -> new GaugeSet(registry, ScorecardMetrics::description));
  }

  /** Removes every gauge of a deleted scorecard. */
  public synchronized void forget(String scorecard) {
    for (Map<String, GaugeSet> all : List.of(gauges, ownerGauges)) {
      GaugeSet group = all.remove(scorecard);
      if (group != null) {
        group.clear();
      }
    }
  }

  /** Removes the gauges of a scorecard the index saw deleted. */
  @Override
  public void scorecardChanged(Scorecard before, Scorecard after) {
    if (after == null) {
      forget(before.getMetadata().getName());
    }
  }

  private static String description(String meter) {
    return switch (meter) {
      case ENTITIES ->
          "Entities graded by a scorecard, by the level they reach (None below the first)";
      case RULE_PASSED -> "Graded entities that pass a scorecard rule";
      case OWNER_ENTITIES ->
          "Entities of one owner graded by a scorecard, by level (_other sums the owners past the"
              + " cap, _none those without an owner)";
      case RULE_WAIVED -> "Graded entities that fail a scorecard rule an active Waiver excuses";
      default -> "Graded entities that fail a scorecard rule, errors included";
    };
  }
}
