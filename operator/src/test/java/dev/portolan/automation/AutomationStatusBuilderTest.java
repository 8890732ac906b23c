package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problem;
import dev.portolan.model.AutomationSpec;
import dev.portolan.model.AutomationStatus;
import dev.portolan.model.AutomationStatus.Firing;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tally and what the status makes of it. */
class AutomationStatusBuilderTest {
  private final AutomationStatusBuilder builder =
      new AutomationStatusBuilder(
          new Conditions(Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC)));
  private final CompiledAutomation automation =
      new AutomationCompiler(new CelEngine())
          .compile(
              "team-a",
              "fixer",
              "u",
              Serialization.unmarshal(
                  "serviceAccountName: sa\ntrigger: {scorecardLevelChanged: {scorecard: readiness}}\n"
                      + "effects: {startAction: {definition: fix}}\n",
                  AutomationSpec.class));

  /** A watermark after every firing these tests record. */
  private static final Instant LATER = Instant.parse("2026-12-02T11:00:00Z");

  private static void record(
      FiringTally tally, String automation, Firing f, boolean started, boolean notified) {
    tally.record(automation, Instant.parse(f.time), f, started, notified);
  }

  private static Firing firing(int i, String result, String reason) {
    Firing f = new Firing();
    f.occurrence = "level/u" + i + "/readiness/t";
    f.time = Instant.parse("2026-12-02T10:00:00Z").plusSeconds(i).toString();
    f.result = result;
    f.reason = reason;
    return f;
  }

  @Test
  void theTallyGoesOnFromTheStatusItFoundAndKeepsTheNewestTwenty() {
    FiringTally tally = new FiringTally();
    AutomationStatus found = new AutomationStatus();
    found.counts = new AutomationStatus.Counts();
    found.counts.fired = 5L;
    found.counts.runsStarted = 5L;
    found.recent = List.of(firing(0, Firing.STARTED, null));
    tally.seed("team-a/fixer", found);
    tally.seed("team-a/fixer", found); // once only
    for (int i = 1; i <= 25; i++) {
      record(tally, "team-a/fixer", firing(i, Firing.STARTED, null), true, false);
    }
    record(tally, "team-a/fixer", firing(26, Firing.SKIPPED, StormGuard.REASON), false, false);
    record(tally, "team-a/fixer", firing(27, Firing.FAILED, "Forbidden"), false, false);
    FiringTally.Snapshot snapshot = tally.snapshot("team-a/fixer", LATER);
    assertThat(snapshot.counts().fired).isEqualTo(5L + 25 + 1);
    assertThat(snapshot.counts().runsStarted).isEqualTo(30L);
    assertThat(snapshot.counts().skipped).isEqualTo(1L);
    assertThat(snapshot.counts().failed).isEqualTo(1L);
    assertThat(snapshot.recent()).hasSize(20);
    assertThat(snapshot.recent().get(0).occurrence)
        .as("newest first")
        .isEqualTo("level/u27/readiness/t");
    assertThat(snapshot.lastFired()).isEqualTo("2026-12-02T10:00:27Z");
  }

  @Test
  void theOccurrencesInWorkHoldTheWatermarkBack() {
    FiringTally tally = new FiringTally();
    Instant t = Instant.parse("2026-12-02T09:00:00Z");
    tally.begin("k", t.plusSeconds(5));
    tally.begin("k", t);
    tally.begin("k", t);
    assertThat(tally.oldestWorking("k")).isEqualTo(t);
    tally.end("k", t);
    assertThat(tally.oldestWorking("k")).isEqualTo(t);
    tally.end("k", t);
    assertThat(tally.oldestWorking("k")).isEqualTo(t.plusSeconds(5));
  }

  @Test
  void readyNamesWhatItWatchesOrTheProblemsWithTheirFields() {
    FiringTally tally = new FiringTally();
    record(tally, "team-a/fixer", firing(1, Firing.STARTED, null), true, false);
    AutomationStatus ok =
        builder.build(
            null,
            automation,
            List.of(),
            tally.snapshot("team-a/fixer", LATER),
            "2026-12-02T09:59:50Z",
            List.of(),
            3L);
    assertThat(ok.trigger).isEqualTo("ScorecardLevelChanged");
    assertThat(ok.processedThrough).isEqualTo("2026-12-02T09:59:50Z");
    assertThat(ok.lastFired).isEqualTo("2026-12-02T10:00:01Z");
    assertThat(ok.counts.runsStarted).isEqualTo(1L);
    assertThat(ok.conditions.get(0).getStatus()).isEqualTo("True");
    assertThat(ok.conditions.get(0).getMessage())
        .isEqualTo("Acts on level changes on scorecard readiness, as ServiceAccount sa");

    AutomationStatus refused =
        builder.build(
            ok,
            automation,
            List.of(
                Problem.at(
                    "NamespaceRefused",
                    "spec.namespaceSelector",
                    "the ServiceAccount may not list entities in team-b")),
            null,
            null,
            List.of("team-z"),
            4L);
    assertThat(refused.conditions.get(0).getStatus()).isEqualTo("False");
    assertThat(refused.conditions.get(0).getReason()).isEqualTo("NamespaceRefused");
    assertThat(refused.problems)
        .singleElement()
        .satisfies(p -> assertThat(p.field).isEqualTo("spec.namespaceSelector"));
    assertThat(refused.counts.runsStarted)
        .as("a replica with no tally keeps the counts")
        .isEqualTo(1L);
    assertThat(refused.processedThrough).isEqualTo("2026-12-02T09:59:50Z");
    assertThat(refused.deniedNamespaces).containsExactly("team-z");
  }
}
