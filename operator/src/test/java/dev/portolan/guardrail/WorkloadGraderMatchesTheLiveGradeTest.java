package dev.portolan.guardrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.cel.CelEngine;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grader and the operator agree: the example workloads applied to the in-memory API server are
 * discovered and graded live, and each entity's {@code status.scorecards} has the level and the
 * failing rules the grader computes from the manifest alone, with the definitions read back from
 * the server.
 */
class WorkloadGraderMatchesTheLiveGradeTest {
  private static final String SCORECARD = "workload-readiness";

  @Test
  void theExampleWorkloadsGetTheLevelsAndFailingRulesTheirEntitiesShow() throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      for (String file :
          List.of(
              "00-namespaces.yaml",
              "50-discovery-blueprints.yaml",
              "60-workloads.yaml",
              "70-workload-scorecard.yaml")) {
        cluster.apply(Files.readString(Path.of("../examples", file)));
      }
      var client = cluster.client();
      try (PortolanOperator operator =
          new PortolanOperator(client, Clock.systemUTC(), null).start()) {
        List<Blueprint> blueprints = client.resources(Blueprint.class).list().getItems();
        List<Scorecard> scorecards = client.resources(Scorecard.class).list().getItems();
        WorkloadGrader grader = new WorkloadGrader(new CelEngine(), "portolan-system");
        int graded = 0;
        for (GenericKubernetesResource manifest : ExampleManifests.objects("60-workloads.yaml")) {
          for (WorkloadVerdict verdict :
              grader.grade(blueprints, scorecards, manifest, namespace -> Map.of())) {
            ScorecardResult live =
                await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> liveResult(client, verdict), r -> r != null && r.level != null);
            assertThat(verdict.level()).as("level of %s", verdict.entity()).isEqualTo(live.level);
            assertThat(verdict.failed())
                .extracting(FailedRule::rule)
                .as("failing rules of %s", verdict.entity())
                .containsExactlyElementsOf(
                    live.rules.stream()
                        .filter(r -> !Boolean.TRUE.equals(r.passed))
                        .map(r -> r.name)
                        .toList());
            graded++;
          }
        }
        assertThat(graded).isEqualTo(4); // two Deployments, a StatefulSet and a CronJob
      }
    }
  }

  private static ScorecardResult liveResult(
      io.fabric8.kubernetes.client.KubernetesClient client, WorkloadVerdict verdict) {
    Entity entity =
        client
            .resources(Entity.class)
            .inNamespace(verdict.entityNamespace())
            .withName(verdict.entityName())
            .get();
    return entity == null || entity.getStatus() == null
        ? null
        : entity.getStatus().scorecards.get(SCORECARD);
  }
}
