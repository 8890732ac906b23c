package dev.portolan.guardrail;

import dev.portolan.catalog.CatalogListener;
import dev.portolan.model.Scorecard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * The guardrail webhook's meters: {@code
 * portolan_guardrail_admissions_total{scorecard,outcome,dry_run}} (outcome: passed, warned,
 * audited, denied, exempted; {@code dry_run="true"} for server-side dry runs, which GitOps tools'
 * diffs send in numbers, so that they can be told from real admissions) and the latency histogram
 * {@code portolan_guardrail_webhook_seconds{scorecard}} from reading a request to answering it.
 */
public final class GuardrailMetrics implements CatalogListener {
  static final String ADMISSIONS = "portolan.guardrail.admissions";
  static final String LATENCY = "portolan.guardrail.webhook";

  private final MeterRegistry registry;

  public GuardrailMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void judged(String scorecard, Outcome outcome, boolean dryRun, Duration took) {
    if (outcome != Outcome.NOT_JUDGED) {
      Counter.builder(ADMISSIONS)
          .description("Workload admissions judged by a scorecard's guardrail, by outcome")
          .tag("scorecard", scorecard)
          .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
          .tag("dry_run", String.valueOf(dryRun))
          .register(registry)
          .increment();
    }
    Timer.builder(LATENCY)
        .description("Time the guardrail webhook took to judge a request")
        .tag("scorecard", scorecard)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(took);
  }

  @Override
  public void scorecardChanged(Scorecard before, Scorecard after) {
    if (after == null) {
      forget(before.getMetadata().getName());
    }
  }

  /** Removes a deleted scorecard's meters. */
  public void forget(String scorecard) {
    registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("portolan.guardrail."))
        .filter(m -> scorecard.equals(m.getId().getTag("scorecard")))
        .forEach(registry::remove);
  }
}
