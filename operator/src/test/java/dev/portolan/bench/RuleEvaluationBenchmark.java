package dev.portolan.bench;

import dev.portolan.cel.CelEngine;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import dev.portolan.scorecard.CompiledScorecard;
import dev.portolan.scorecard.ScorecardCompiler;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Scorecard rule evaluation on one thread, in rules per second: a 10-rule scorecard like the
 * example's graded over one service entity (level computed, results built), and a rule that fails
 * at run time (a missing key: the error path, which CEL reports with an exception).
 *
 * <p>Run: {@code mvn -q -pl operator test-compile exec:exec@rule-evaluation} (under a minute).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class RuleEvaluationBenchmark {
  static final int RULES = 10;

  private CompiledScorecard tenRules;
  private CompiledScorecard failingRule;
  private Map<String, Object> variables;

  @Setup
  public void setUp() {
    ScorecardCompiler compiler = new ScorecardCompiler(new CelEngine());
    tenRules = compiler.compile(scorecard("ten-rules", TEN_RULES));
    failingRule =
        compiler.compile(
            scorecard(
                "failing",
                """
          - {name: oncall-domain, level: Bronze, expression: "entity.properties.oncall.endsWith('@example.com')"}
        """));
    if (!tenRules.valid() || !failingRule.valid()) {
      throw new IllegalStateException(tenRules.problems() + " " + failingRule.problems());
    }
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put("name", "payments-api");
    entity.put("namespace", "team-payments");
    entity.put("blueprint", "service");
    entity.put("title", "Payments API");
    entity.put("owner", "payments");
    entity.put("description", "Takes card payments and refunds.");
    entity.put("labels", Map.of());
    entity.put(
        "properties",
        Map.of(
            "language",
            "java",
            "tier",
            "backend",
            "replicas",
            3L,
            "repo",
            "https://git.example.com/payments/payments-api",
            "tags",
            List.of("pci", "tier-1")));
    entity.put("relations", Map.of("system", "platform/billing", "dependsOn", List.of("ledger")));
    entity.put("mirrored", Map.of("lifecycle", "production", "owningTeam", "Payments team"));
    entity.put("calculated", Map.of("critical", false));
    variables = Map.of("entity", entity, "source", Map.of());
  }

  /** Ten rules of one scorecard over one entity: grade, level and results. */
  @Benchmark
  @OperationsPerInvocation(RULES)
  public ScorecardResult tenRuleScorecard() {
    return tenRules.grade(variables).orElseThrow();
  }

  /** One rule that fails at run time for this entity (no oncall property). */
  @Benchmark
  public ScorecardResult ruleThatFailsAtRunTime() {
    return failingRule.grade(variables).orElseThrow();
  }

  private static Scorecard scorecard(String name, String rules) {
    Scorecard scorecard =
        Serialization.unmarshal(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: Scorecard
        metadata: {name: %s, generation: 1}
        spec:
          blueprint: service
          levels: [Bronze, Silver, Gold]
          rules:
        %s"""
                .formatted(name, rules),
            Scorecard.class);
    return scorecard;
  }

  static final String TEN_RULES =
      """
          - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
          - {name: has-repo, level: Bronze, expression: "entity.properties.?repo.orValue('').startsWith('https://')"}
          - {name: has-language, level: Bronze, expression: "entity.properties.language in ['java', 'go', 'python']"}
          - {name: has-oncall, level: Silver, expression: "has(entity.properties.oncall)"}
          - {name: ha, level: Silver, expression: "entity.properties.?replicas.orValue(0) >= 2"}
          - {name: documented, level: Silver, expression: "entity.description != ''"}
          - {name: deps, level: Gold, expression: "entity.properties.tier != 'frontend' || size(entity.relations.?dependsOn.orValue([])) > 0"}
          - {name: production, level: Gold, expression: "entity.mirrored.?lifecycle.orValue('') == 'production'"}
          - {name: tagged, level: Gold, expression: "entity.properties.?tags.orValue([]).exists(t, t.startsWith('tier-'))"}
          - {name: not-critical, level: Gold, expression: "!entity.calculated.critical"}
        """;

  public static void main(String[] args) throws Exception {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(RuleEvaluationBenchmark.class.getName())
                    .shouldDoGC(true)
                    .build())
            .run();
    System.out.println();
    System.out.println("Scorecard rule evaluation benchmark (JMH, one thread)");
    System.out.printf(
        "  machine: %d cores, JVM %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark().replaceFirst(".*\\.", "");
      double[] iterations =
          result.getBenchmarkResults().stream()
              .flatMap(b -> b.getIterationResults().stream())
              .mapToDouble(i -> i.getPrimaryResult().getScore())
              .sorted()
              .toArray();
      double median =
          iterations.length % 2 == 1
              ? iterations[iterations.length / 2]
              : (iterations[iterations.length / 2 - 1] + iterations[iterations.length / 2]) / 2;
      System.out.printf(
          "  %-24s median %,12.0f rules/s  (mean %,.0f ± %,.0f; iterations %s)%n",
          name,
          median,
          result.getPrimaryResult().getScore(),
          result.getPrimaryResult().getScoreError(),
          Arrays.toString(Arrays.stream(iterations).mapToLong(Math::round).toArray()));
    }
  }
}
