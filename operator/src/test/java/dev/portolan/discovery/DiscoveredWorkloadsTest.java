package dev.portolan.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.catalog.EntityRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoveredWorkloadsTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private final DiscoveredWorkloads workloads = new DiscoveredWorkloads();

  private static GenericKubernetesResource deployment(String namespace, String name, String app) {
    return YAML.unmarshal(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s, uid: uid-%s}
        spec:
          template:
            metadata: {labels: {app: %s}}
        """
            .formatted(name, namespace, name, app),
        GenericKubernetesResource.class);
  }

  private static Map<String, Object> workload(String entity, String name, String app) {
    return Map.of(
        "entity", entity, "kind", "Deployment", "name", name, "podLabels", Map.of("app", app));
  }

  @Test
  void aPlannedWorkloadCountsWithItsPlannedEntityWhateverTheCatalogHolds() {
    GenericKubernetesResource payments = deployment("team-a", "payments", "payments");
    assertThat(workloads.planned(payments, List.of(new EntityRef("team-a", "deployment-payments"))))
        .isTrue();

    // The catalog has no entity for it (deleted by hand, or not in the index yet).
    assertThat(workloads.of("team-a", List.of(payments), object -> List.of()))
        .containsExactly(workload("deployment-payments", "payments", "payments"));
    assertThat(workloads.of("team-b", List.of(payments), object -> List.of())).isEmpty();
  }

  @Test
  void aWorkloadNotPlannedYetIsPlannedOnTheSpot() {
    GenericKubernetesResource payments = deployment("team-a", "payments", "payments");
    assertThat(
            workloads.of(
                "team-a",
                List.of(payments),
                object ->
                    List.of(
                        new EntityRef("team-a", "deployment-" + object.getMetadata().getName()))))
        .containsExactly(workload("deployment-payments", "payments", "payments"));

    workloads.planned(payments, List.of());
    assertThat(
            workloads.of("team-a", List.of(payments), object -> List.of(new EntityRef("a", "b"))))
        .as("once planned, the plan counts")
        .isEmpty();
  }

  @Test
  void onlyAChangeOfWhatAWorkloadContributesCounts() {
    GenericKubernetesResource payments = deployment("team-a", "payments", "payments");
    List<EntityRef> entities = List.of(new EntityRef("team-a", "deployment-payments"));
    assertThat(workloads.planned(payments, entities)).isTrue();
    assertThat(workloads.planned(payments, entities)).as("planned the same again").isFalse();
    assertThat(workloads.planned(deployment("team-a", "payments", "billing"), entities))
        .as("its Pod labels changed")
        .isTrue();
    assertThat(workloads.planned(payments, List.of())).as("it no longer makes an entity").isTrue();

    assertThat(workloads.gone("uid-payments")).as("it made none").isFalse();
    workloads.planned(payments, entities);
    assertThat(workloads.gone("uid-payments")).isTrue();
    assertThat(workloads.gone("uid-payments")).isFalse();
  }

  @Test
  void onlyDeploymentsStatefulSetsAndDaemonSetsAreWorkloads() {
    assertThat(DiscoveredWorkloads.isWorkload(new SourceKind("apps/v1", "StatefulSet"))).isTrue();
    assertThat(DiscoveredWorkloads.isWorkload(new SourceKind("batch/v1", "CronJob"))).isFalse();
  }
}
