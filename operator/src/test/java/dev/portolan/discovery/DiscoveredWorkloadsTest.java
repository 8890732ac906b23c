package dev.portolan.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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

  private static Entity entity(String name) {
    Entity entity = new Entity();
    entity.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName(name).build());
    return entity;
  }

  @Test
  void aPlannedWorkloadCountsWithItsPlannedEntityWhateverTheCatalogHolds() {
    GenericKubernetesResource payments = deployment("team-a", "payments", "payments");
    assertThat(workloads.planned(payments, List.of(new EntityRef("team-a", "deployment-payments"))))
        .isTrue();

    // The catalog has no entity for it (deleted by hand, or not in the index yet).
    assertThat(workloads.of("team-a", List.of(payments), uid -> List.of()))
        .containsExactly(workload("deployment-payments", "payments", "payments"));
    assertThat(workloads.of("team-b", List.of(payments), uid -> List.of())).isEmpty();
  }

  @Test
  void aWorkloadNotPlannedYetCountsWithTheEntitiesMadeOfItEarlier() {
    GenericKubernetesResource payments = deployment("team-a", "payments", "payments");
    assertThat(
            workloads.of(
                "team-a",
                List.of(payments),
                uid ->
                    uid.equals("uid-payments")
                        ? List.of(entity("deployment-payments"))
                        : List.of()))
        .containsExactly(workload("deployment-payments", "payments", "payments"));
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
    assertThat(workloads.of("team-a", List.of(payments), uid -> List.of(entity("stale"))))
        .as("planned to make none: the catalog's stale entity does not count")
        .isEmpty();

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
