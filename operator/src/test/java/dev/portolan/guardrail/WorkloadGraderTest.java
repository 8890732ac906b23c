package dev.portolan.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grader over the examples: the workloads of 60-workloads.yaml mapped by the default blueprints
 * of 50-discovery-blueprints.yaml and graded by 70-workload-scorecard.yaml.
 */
class WorkloadGraderTest {
  private static final String WORKLOADS = "60-workloads.yaml";
  private final WorkloadGrader grader = new WorkloadGrader(new CelEngine(), "portolan-system");
  private final List<Blueprint> blueprints =
      ExampleManifests.blueprints("50-discovery-blueprints.yaml");
  private final List<Scorecard> scorecards =
      ExampleManifests.scorecards("70-workload-scorecard.yaml");

  private List<WorkloadVerdict> grade(GenericKubernetesResource object) {
    return grader.grade(blueprints, scorecards, object, namespace -> Map.of());
  }

  private WorkloadVerdict only(GenericKubernetesResource object) {
    List<WorkloadVerdict> verdicts = grade(object);
    assertThat(verdicts).hasSize(1);
    return verdicts.get(0);
  }

  private static List<String> failedRules(WorkloadVerdict verdict) {
    return verdict.failed().stream().map(FailedRule::rule).toList();
  }

  @Test
  void aDeploymentWithLimitsProbesAndTwoReplicasIsGold() {
    WorkloadVerdict verdict =
        only(ExampleManifests.object(WORKLOADS, "Deployment", "payments-api"));
    assertThat(verdict.blueprint()).isEqualTo("workload");
    assertThat(verdict.entity()).isEqualTo("team-payments/deployment-payments-api");
    assertThat(verdict.scorecard()).isEqualTo("workload-readiness");
    assertThat(verdict.levels()).containsExactly("Bronze", "Silver", "Gold");
    assertThat(verdict.level()).isEqualTo("Gold");
    assertThat(verdict.failed()).isEmpty();
    assertThat(verdict.problems()).isEmpty();
    assertThat(verdict.reaches("Silver")).isTrue();
    assertThat(verdict.reaches("Gold")).isTrue();
  }

  @Test
  void aDeploymentOnTheLatestTagIsNoneAndEachFailingRuleSaysHowToFixIt() {
    WorkloadVerdict verdict = only(ExampleManifests.object(WORKLOADS, "Deployment", "ledger"));
    assertThat(verdict.level()).isEqualTo("None");
    assertThat(verdict.reaches("Bronze")).isFalse();
    assertThat(verdict.failed())
        .containsExactly(
            new FailedRule(
                "pinned-images",
                "Bronze",
                "No image is tagged latest or untagged",
                "Tag every container image with a version (image:1.4.2) or pin it by digest"
                    + " (image@sha256:...), never latest."),
            new FailedRule(
                "requests-and-limits",
                "Silver",
                "Every container sets resource requests and limits",
                "Set resources.requests and resources.limits on every container (for example"
                    + " requests cpu 100m, memory 128Mi; limits memory 256Mi)."),
            new FailedRule(
                "probes",
                "Silver",
                "Every container has liveness and readiness probes",
                "Add a livenessProbe and a readinessProbe to every container."),
            new FailedRule(
                "highly-available",
                "Gold",
                "Runs at least two replicas",
                "Set spec.replicas to 2 or more."));
  }

  @Test
  void aStatefulSetWithoutProbesAndACronJobWithoutLimitsAreBronze() {
    WorkloadVerdict redis = only(ExampleManifests.object(WORKLOADS, "StatefulSet", "cart-redis"));
    assertThat(redis.entity()).isEqualTo("team-checkout/statefulset-cart-redis");
    assertThat(redis.level()).isEqualTo("Bronze");
    assertThat(failedRules(redis)).containsExactly("probes", "highly-available");

    WorkloadVerdict report = only(ExampleManifests.object(WORKLOADS, "CronJob", "nightly-report"));
    assertThat(report.entity()).isEqualTo("team-checkout/cronjob-nightly-report");
    assertThat(report.level()).isEqualTo("Bronze");
    assertThat(failedRules(report))
        .containsExactly("requests-and-limits", "probes", "highly-available");
    assertThat(report.reaches("Bronze")).isTrue();
    assertThat(report.reaches("Silver")).isFalse();
    assertThat(report.reaches("Platinum")).isFalse();
  }

  @Test
  void aServiceIsMappedButItsBlueprintHasNoScorecardSoItGetsNoVerdict() {
    assertThat(grade(ExampleManifests.object(WORKLOADS, "Service", "payments-api"))).isEmpty();
  }

  @Test
  void anObjectNoRuleMapsOrOneExcludedGetsNoVerdict() {
    GenericKubernetesResource configMap =
        Serialization.unmarshal(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: team-a}\n",
            GenericKubernetesResource.class);
    assertThat(grade(configMap)).isEmpty();

    GenericKubernetesResource ledger = ExampleManifests.object(WORKLOADS, "Deployment", "ledger");
    ledger.getMetadata().setAnnotations(Map.of("portolan.dev/exclude", "true"));
    assertThat(grade(ledger)).isEmpty();
    GenericKubernetesResource system = ExampleManifests.object(WORKLOADS, "Deployment", "ledger");
    system.getMetadata().setNamespace("kube-system");
    assertThat(grade(system)).isEmpty(); // the rule's when leaves kube-* namespaces out
  }

  @Test
  void theOwnerAnnotationRaisesTheGradeAsDiscoveryReadsIt() {
    GenericKubernetesResource ledger = ExampleManifests.object(WORKLOADS, "Deployment", "ledger");
    ledger.getMetadata().getLabels().remove("team");
    assertThat(failedRules(only(ledger))).contains("has-owner");
    ledger.getMetadata().setAnnotations(Map.of("portolan.dev/owner", "payments"));
    assertThat(failedRules(only(ledger))).doesNotContain("has-owner");
  }

  private static Scorecard scorecard(String rules) {
    return Fixtures.scorecard(
        """
        metadata: {name: extra}
        spec:
          blueprint: workload
          levels: [Bronze, Silver]
        """
            + rules);
  }

  @Test
  void aRuleThatFailsToEvaluateCountsAsFailedWithItsErrorAsAProblem() {
    List<Scorecard> withBroken = new ArrayList<>(scorecards);
    withBroken.add(
        scorecard(
            """
              rules:
                - {name: first-port, level: Bronze, expression: "entity.properties.containers[3].name == 'x'"}
            """));
    List<WorkloadVerdict> verdicts =
        grader.grade(
            blueprints,
            withBroken,
            ExampleManifests.object(WORKLOADS, "Deployment", "payments-api"),
            namespace -> Map.of());
    assertThat(verdicts).extracting(WorkloadVerdict::scorecard).contains("extra");
    WorkloadVerdict extra =
        verdicts.stream().filter(v -> v.scorecard().equals("extra")).findFirst().orElseThrow();
    assertThat(extra.level()).isEqualTo("None");
    assertThat(extra.failed())
        .containsExactly(new FailedRule("first-port", "Bronze", "first-port", null));
    assertThat(extra.problems()).hasSize(1);
    Problem problem = extra.problems().get(0);
    assertThat(problem.reason()).isEqualTo("RuleError");
    assertThat(problem.field()).isEqualTo("spec.rules[0].expression");
    assertThat(problem.message()).startsWith("spec.rules[0].expression (rule 'first-port'): ");
  }

  @Test
  void aScorecardWithProblemsGradesNothingAndTheVerdictSaysWhy() {
    WorkloadVerdict verdict =
        grader
            .grade(
                blueprints,
                List.of(
                    scorecard(
                        """
                          rules:
                            - {name: bad, level: Bronze, expression: "entity.properties.replicas +"}
                        """)),
                ExampleManifests.object(WORKLOADS, "Deployment", "ledger"),
                namespace -> Map.of())
            .get(0);
    assertThat(verdict.graded()).isFalse();
    assertThat(verdict.level()).isNull();
    assertThat(verdict.reaches("Bronze")).isFalse();
    assertThat(verdict.problems())
        .extracting(Problem::field)
        .containsExactly("spec.rules[0].expression");
  }

  @Test
  void aScorecardWhoseFilterLeavesTheEntityOutGivesNoVerdict() {
    Scorecard filtered =
        scorecard(
            """
              filter: "entity.properties.kind == 'CronJob'"
              rules:
                - {name: any, level: Bronze, expression: "true"}
            """);
    assertThat(
            grader.grade(
                blueprints,
                List.of(filtered),
                ExampleManifests.object(WORKLOADS, "Deployment", "ledger"),
                namespace -> Map.of()))
        .isEmpty();
    assertThat(
            grader.grade(
                blueprints,
                List.of(filtered),
                ExampleManifests.object(WORKLOADS, "CronJob", "nightly-report"),
                namespace -> Map.of()))
        .extracting(WorkloadVerdict::level)
        .containsExactly("Silver"); // Silver has no rules: reached once Bronze is
  }

  @Test
  void aRuleReadsTheObjectItselfAsSource() {
    Scorecard bySource =
        scorecard(
            """
              rules:
                - name: rolling
                  level: Bronze
                  expression: "source.spec.?strategy.?type.orValue('RollingUpdate') == 'RollingUpdate'"
            """);
    GenericKubernetesResource ledger = ExampleManifests.object(WORKLOADS, "Deployment", "ledger");
    List<WorkloadVerdict> verdicts =
        grader.grade(blueprints, List.of(bySource), ledger, namespace -> Map.of());
    assertThat(verdicts).extracting(WorkloadVerdict::level).containsExactly("Silver");
    ledger.getAdditionalProperties().put("spec", withRecreate(ledger));
    assertThat(grader.grade(blueprints, List.of(bySource), ledger, namespace -> Map.of()))
        .extracting(WorkloadVerdict::level)
        .containsExactly("None");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withRecreate(GenericKubernetesResource deployment) {
    Map<String, Object> spec =
        (Map<String, Object>) deployment.getAdditionalProperties().get("spec");
    spec.put("strategy", Map.of("type", "Recreate"));
    return spec;
  }

  @Test
  void aRuleThatCannotMapTheObjectGivesAVerdictWithoutAScorecard() {
    GenericKubernetesResource noContainers =
        Serialization.unmarshal(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: empty, namespace: team-a, labels: {team: a}}
            spec: {template: {spec: {}}}
            """,
            GenericKubernetesResource.class);
    List<WorkloadVerdict> verdicts = grade(noContainers);
    // The images and containers mappings fail (no containers); the entity is still made and
    // graded without them, as discovery writes it.
    assertThat(verdicts).hasSize(1);
    WorkloadVerdict verdict = verdicts.get(0);
    assertThat(verdict.problems())
        .extracting(Problem::field)
        .contains("spec.discovery[0].properties.images", "spec.discovery[0].properties.containers");
    assertThat(failedRules(verdict)).contains("pinned-images");

    Blueprint badName =
        Fixtures.blueprint(
            """
            metadata: {name: broken}
            spec:
              discovery:
                - resource: {apiVersion: apps/v1, kind: Deployment}
                  name: "object.metadata.labels.missing"
            """);
    WorkloadVerdict unmapped =
        grader
            .grade(
                List.of(badName),
                List.of(),
                ExampleManifests.object(WORKLOADS, "Deployment", "ledger"),
                namespace -> Map.of())
            .get(0);
    assertThat(unmapped.blueprint()).isEqualTo("broken");
    assertThat(unmapped.entityName()).isNull();
    assertThat(unmapped.scorecard()).isNull();
    assertThat(unmapped.problems())
        .extracting(Problem::field)
        .containsExactly("spec.discovery[0].name");
  }

  @Test
  void aRuleWithANamespaceSelectorReadsTheNamespacesLabels() {
    Blueprint selective =
        Fixtures.blueprint(
            """
            metadata: {name: workload}
            spec:
              properties: {kind: {type: string}}
              discovery:
                - resource: {apiVersion: apps/v1, kind: Deployment}
                  namespaceSelector: {matchLabels: {tier: prod}}
                  name: "'deployment-' + object.metadata.name"
                  properties: {kind: "object.kind"}
            """);
    Scorecard any =
        scorecard(
            """
              rules:
                - {name: any, level: Bronze, expression: "true"}
            """);
    GenericKubernetesResource ledger = ExampleManifests.object(WORKLOADS, "Deployment", "ledger");
    assertThat(grader.grade(List.of(selective), List.of(any), ledger, ns -> Map.of())).isEmpty();
    assertThat(grader.grade(List.of(selective), List.of(any), ledger, ns -> Map.of("tier", "prod")))
        .extracting(WorkloadVerdict::level)
        .containsExactly("Silver");
  }

  @Test
  void theDefinitionsAreCompiledOncePerSetAndAgainWhenOneChanges() {
    GradingDefinitions first = grader.definitions(blueprints, scorecards);
    assertThat(grader.definitions(blueprints, scorecards)).isSameAs(first);
    // Read again from the files (no uid, no generation): the same content is the same set.
    assertThat(
            grader.definitions(
                ExampleManifests.blueprints("50-discovery-blueprints.yaml"),
                ExampleManifests.scorecards("70-workload-scorecard.yaml")))
        .isSameAs(first);

    List<Scorecard> changed = ExampleManifests.scorecards("70-workload-scorecard.yaml");
    changed.get(0).getSpec().rules.remove(4); // no highly-available rule: Silver is the top
    GradingDefinitions second = grader.definitions(blueprints, changed);
    assertThat(second).isNotSameAs(first);

    // From a cluster: uid and generation say it; a status write (a new resourceVersion) does not.
    List<Scorecard> live = ExampleManifests.scorecards("70-workload-scorecard.yaml");
    live.get(0).getMetadata().setUid("u-1");
    live.get(0).getMetadata().setGeneration(3L);
    live.get(0).getMetadata().setResourceVersion("100");
    GradingDefinitions third = grader.definitions(blueprints, live);
    live.get(0).getMetadata().setResourceVersion("101");
    assertThat(grader.definitions(blueprints, live)).isSameAs(third);
    live.get(0).getMetadata().setGeneration(4L);
    assertThat(grader.definitions(blueprints, live)).isNotSameAs(third);
  }

  @Test
  void theDiscoveryRulesThatDoNotCompileAreReported() {
    Blueprint broken =
        Fixtures.blueprint(
            """
            metadata: {name: broken}
            spec:
              discovery:
                - resource: {apiVersion: apps/v1, kind: Deployment}
                  name: "object.metadata.name +"
            """);
    GradingDefinitions definitions = grader.definitions(List.of(broken), List.of());
    assertThat(definitions.discoveryProblems()).containsOnlyKeys("broken");
    assertThat(definitions.kinds()).isEmpty();
  }
}
