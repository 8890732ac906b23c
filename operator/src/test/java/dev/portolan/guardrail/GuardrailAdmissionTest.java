package dev.portolan.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.EntityRef;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Enforcement;
import dev.portolan.model.Entity;
import dev.portolan.model.RelationGrant;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Admission as a developer meets it: the example workloads of 60-workloads.yaml judged by the
 * example workload-readiness scorecard with an enforcement, through the same grader as the live
 * grade. The warnings are what kubectl prints after {@code Warning:}; the message is what it prints
 * for a refusal.
 */
class GuardrailAdmissionTest {
  private static final String WORKLOADS = "60-workloads.yaml";
  private final List<Blueprint> blueprints =
      ExampleManifests.blueprints("50-discovery-blueprints.yaml");
  private final Map<String, Scorecard> scorecards = new HashMap<>();
  private final GuardrailTally tally = new GuardrailTally();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> asked = new ArrayList<>();
  private boolean permitted;
  private final GuardrailAdmission admission =
      new GuardrailAdmission(
          lookup(),
          name -> Optional.ofNullable(scorecards.get(name)),
          new WorkloadGrader(new CelEngine(), "portolan-system"),
          (user, scorecard, namespace) -> {
            asked.add(user.username() + " exempt " + scorecard + " in " + namespace);
            return permitted;
          },
          namespace -> Map.of(),
          tally,
          new GuardrailMetrics(registry),
          (request, scorecard, decision) -> {},
          Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC));

  private CatalogLookup lookup() {
    return new CatalogLookup() {
      @Override
      public Optional<Blueprint> blueprint(String name) {
        return blueprints.stream().filter(b -> b.getMetadata().getName().equals(name)).findFirst();
      }

      @Override
      public Collection<Blueprint> blueprints() {
        return blueprints;
      }

      @Override
      public Optional<Entity> entity(EntityRef ref) {
        return Optional.empty();
      }

      @Override
      public List<Entity> entitiesOfBlueprint(String blueprint) {
        return List.of();
      }

      @Override
      public List<Entity> referrers(EntityRef target) {
        return List.of();
      }

      @Override
      public List<Scorecard> scorecardsOfBlueprint(String blueprint) {
        return scorecards.values().stream()
            .filter(s -> blueprint.equals(s.getSpec().blueprint))
            .toList();
      }

      @Override
      public List<RelationGrant> relationGrants(String namespace) {
        return List.of();
      }
    };
  }

  private void enforce(String mode, String level) {
    Scorecard scorecard = ExampleManifests.scorecards("70-workload-scorecard.yaml").get(0);
    scorecard.getSpec().enforcement = new Enforcement();
    scorecard.getSpec().enforcement.mode = mode;
    scorecard.getSpec().enforcement.level = level;
    scorecards.put(scorecard.getMetadata().getName(), scorecard);
  }

  private static GenericKubernetesResource ledger(String namespace, String... annotations) {
    GenericKubernetesResource ledger = ExampleManifests.object(WORKLOADS, "Deployment", "ledger");
    ledger.getMetadata().setNamespace(namespace);
    // Pinned, so that it reaches Bronze and fails only Silver's rules.
    Map<String, Object> container = firstContainer(ledger);
    container.put("image", "registry.example.com/payments/ledger:2.0.1");
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < annotations.length; i += 2) {
      map.put(annotations[i], annotations[i + 1]);
    }
    if (!map.isEmpty()) {
      ledger.getMetadata().setAnnotations(map);
    }
    return ledger;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> firstContainer(GenericKubernetesResource workload) {
    Map<String, Object> spec = (Map<String, Object>) workload.getAdditionalProperties().get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
    return ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
  }

  private static WorkloadRequest create(GenericKubernetesResource object, String user) {
    return new WorkloadRequest(
        "CREATE", object, null, new Requester(user, "u-1", List.of("developers"), null), false);
  }

  @Test
  void warnAdmitsAndWarnsOncePerFailingRuleWithItsTitle() {
    enforce("Warn", "Silver");
    GuardrailDecision decision =
        admission.judge("workload-readiness", create(ledger("team-warn"), "alice"));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.outcome()).isEqualTo(Outcome.WARNED);
    assertThat(decision.warnings())
        .containsExactly(
            "workload-readiness (Bronze, needs Silver): requests-and-limits: Every container sets"
                + " resource requests and limits. Fix: Set resources.requests and resources.limits"
                + " on every container (for example requests cpu 100m, memory 128Mi; limits memory"
                + " 256Mi).",
            "workload-readiness (Bronze, needs Silver): probes: Every container has liveness and"
                + " readiness probes. Fix: Add a livenessProbe and a readinessProbe to every"
                + " container.");
    assertThat(decision.warnings()).allMatch(w -> w.length() <= 256, "at most 256 characters");
    assertThat(tally.of("workload-readiness").warned()).isEqualTo(1);
    assertThat(tally.of("workload-readiness").judged()).isEqualTo(1);
  }

  @Test
  void denyRefusesNamingTheFailingRules() {
    enforce("Deny", "Silver");
    GuardrailDecision decision =
        admission.judge("workload-readiness", create(ledger("team-deny"), "alice"));
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.message())
        .isEqualTo(
            "Deployment team-deny/ledger is refused by scorecard workload-readiness (Bronze, needs"
                + " Silver): requests-and-limits: Every container sets resource requests and"
                + " limits. Fix: Set resources.requests and resources.limits on every container"
                + " (for example requests cpu 100m, memory 128Mi; limits memory 256Mi). probes:"
                + " Every container has liveness and readiness probes. Fix: Add a livenessProbe"
                + " and a readinessProbe to every container. Or exempt it with the annotation"
                + " portolan.dev/exempt: workload-readiness, if you may.");
    GuardrailTally.Counts counts = tally.of("workload-readiness");
    assertThat(counts.denied()).isEqualTo(1);
    assertThat(counts.lastDenied().object()).isEqualTo("Deployment team-deny/ledger");
    assertThat(counts.lastDenied().user()).isEqualTo("alice");
    assertThat(counts.lastDenied().time()).isEqualTo("2026-12-02T08:00:00Z");
  }

  @Test
  void aWorkloadThatReachesTheLevelPassesSilently() {
    enforce("Deny", "Silver");
    GuardrailDecision decision =
        admission.judge(
            "workload-readiness",
            create(ExampleManifests.object(WORKLOADS, "Deployment", "payments-api"), "alice"));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(decision.warnings()).isEmpty();
  }

  @Test
  void auditAdmitsSilentlyAndCounts() {
    enforce("Audit", "Silver");
    GuardrailDecision decision =
        admission.judge("workload-readiness", create(ledger("team-audit"), "alice"));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings()).isEmpty();
    assertThat(tally.of("workload-readiness").audited()).isEqualTo(1);
  }

  @Test
  void aDryRunIsJudgedButNotCounted() {
    enforce("Deny", "Silver");
    WorkloadRequest request =
        new WorkloadRequest(
            "CREATE", ledger("team-deny"), null, new Requester("alice", null, null, null), true);
    assertThat(admission.judge("workload-readiness", request).allowed()).isFalse();
    assertThat(tally.of("workload-readiness").judged()).isZero();
    assertThat(
            registry
                .get(GuardrailMetrics.ADMISSIONS)
                .tag("scorecard", "workload-readiness")
                .tag("outcome", "denied")
                .tag("dry_run", "true")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(registry.get(GuardrailMetrics.LATENCY).timer().count()).isEqualTo(1);
  }

  @Test
  void anExemptionByAPermittedUserAdmitsAndSaysSo() {
    enforce("Deny", "Silver");
    permitted = true;
    GuardrailDecision decision =
        admission.judge(
            "workload-readiness",
            create(
                ledger(
                    "team-deny",
                    Exemptions.EXEMPT,
                    "workload-readiness",
                    Exemptions.REASON,
                    "migrating to the new chart"),
                "lead"));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.outcome()).isEqualTo(Outcome.EXEMPTED);
    assertThat(decision.warnings())
        .containsExactly(
            "workload-readiness (Bronze, needs Silver): exempted by portolan.dev/exempt (migrating"
                + " to the new chart); failing: requests-and-limits, probes");
    assertThat(asked).containsExactly("lead exempt workload-readiness in team-deny");
    assertThat(tally.of("workload-readiness").exempted()).isEqualTo(1);
  }

  @Test
  void anExemptionByAUserWithoutThePermissionIsRefusedNamingIt() {
    enforce("Warn", "Silver");
    permitted = false;
    GuardrailDecision decision =
        admission.judge(
            "workload-readiness",
            create(ledger("team-warn", Exemptions.EXEMPT, "other, workload-readiness"), "mallory"));
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.message())
        .isEqualTo(
            "metadata.annotations[portolan.dev/exempt] names scorecard workload-readiness, but user"
                + " mallory may not exempt workloads from it in namespace team-warn: that needs"
                + " verb 'exempt' on scorecards.portolan.dev named workload-readiness (the chart's"
                + " guardrail-exempter ClusterRole, bound in team-warn); remove workload-readiness"
                + " from the annotation or ask someone who may");
  }

  @Test
  void anExemptionKeptFromBeforeAnUpdateAsksNobodyAgain() {
    enforce("Deny", "Silver");
    GenericKubernetesResource old = ledger("team-deny", Exemptions.EXEMPT, "workload-readiness");
    GenericKubernetesResource updated = Serialization.clone(old);
    firstContainer(updated).put("image", "registry.example.com/payments/ledger:2.0.2");
    GuardrailDecision decision =
        admission.judge(
            "workload-readiness",
            new WorkloadRequest(
                "UPDATE", updated, old, new Requester("ci-bot", null, null, null), false));
    assertThat(decision.outcome()).isEqualTo(Outcome.EXEMPTED);
    assertThat(asked).isEmpty();
  }

  @Test
  void aScorecardThatNoLongerEnforcesAdmitsUnjudged() {
    GuardrailDecision decision =
        admission.judge("workload-readiness", create(ledger("team-deny"), "alice"));
    assertThat(decision.outcome()).isEqualTo(Outcome.NOT_JUDGED);
    assertThat(decision.allowed()).isTrue();
    assertThat(tally.of("workload-readiness").judged()).isZero();
  }

  @Test
  void anObjectNoDiscoveryRuleMapsIsNotJudged() {
    enforce("Deny", "Silver");
    GenericKubernetesResource service =
        ExampleManifests.object(WORKLOADS, "Service", "payments-api");
    assertThat(admission.judge("workload-readiness", create(service, "alice")).outcome())
        .isEqualTo(Outcome.NOT_JUDGED);
  }
}
