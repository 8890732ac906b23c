package dev.portolan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portolan.embedded.EmbeddedCluster;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The definitions read from a cluster (the in-memory API server), and a cluster not there. */
class ClusterDefinitionsTest {
  @Test
  void theBlueprintsAndScorecardsAreListedFromTheCluster() throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      cluster.apply(Files.readString(Path.of("../examples/50-discovery-blueprints.yaml")));
      cluster.apply(Files.readString(Path.of("../examples/70-workload-scorecard.yaml")));
      Definitions definitions = ClusterDefinitions.read(cluster.client());
      assertThat(definitions.blueprints())
          .extracting(b -> b.getMetadata().getName())
          .containsExactlyInAnyOrder("namespace", "workload", "k8s-service");
      assertThat(definitions.scorecards())
          .extracting(s -> s.getMetadata().getName())
          .containsExactly("workload-readiness");
    }
  }

  @Test
  void aClusterThatCannotBeReachedIsAnErrorNamingTheFix() {
    try (var client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:1")
                    .withConnectionTimeout(2_000)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      assertThatThrownBy(() -> ClusterDefinitions.read(client))
          .isInstanceOf(UsageException.class)
          .hasMessageStartingWith(
              "cannot read the Blueprints and Scorecards from https://127.0.0.1:1/ (")
          .hasMessageEndingWith(
              "); check KUBECONFIG and that the cluster is up, or pass --blueprints PATH to grade"
                  + " with definitions from files");
    }
  }
}
