package dev.portolan.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery end to end against the in-memory API server, with the default blueprints. */
class DiscoveryReconciliationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private PortolanOperator operator;

  @BeforeEach
  void start() throws Exception {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    apply(Files.readString(Path.of("../helm/portolan/files/default-blueprints.yaml")));
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build())
        .create();
    operator = new PortolanOperator(client, Clock.systemUTC(), null).start();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    cluster.close();
  }

  private void apply(String yaml) {
    cluster.apply(yaml);
  }

  private Entity entity(String namespace, String name) {
    return client.resources(Entity.class).inNamespace(namespace).withName(name).get();
  }

  private static boolean settled(Entity entity) {
    return entity != null
        && entity.getStatus() != null
        && Conditions.isTrue(entity.getStatus().conditions, "Valid");
  }

  private static String deployment(String name, int replicas, String annotations) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: team-a
          labels: {team: payments}
          annotations: {%s}
        spec:
          replicas: %d
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers: [{name: main, image: "example/%s:1.0"}]
        """
        .formatted(name, annotations, replicas, name, name, name);
  }

  @Test
  void aDeploymentsEntityFollowsItThroughScalingExclusionAndDeletion() {
    apply(deployment("payments", 2, ""));
    Entity entity =
        await()
            .atMost(WAIT)
            .until(
                () -> entity("team-a", "deployment-payments"),
                e -> e != null && e.getStatus() != null && e.getStatus().source != null);
    assertThat(entity.getSpec().properties.get("replicas").asInt()).isEqualTo(2);
    assertThat(entity.getSpec().owner).isEqualTo("payments");
    assertThat(entity.getStatus().source.kind).isEqualTo("Deployment");
    assertThat(entity.getStatus().source.namespace).isEqualTo("team-a");
    assertThat(entity.getStatus().source.name).isEqualTo("payments");
    // Valid once the namespace's own entity, which its relation names, has been discovered too.
    await()
        .atMost(WAIT)
        .until(
            () ->
                Conditions.isTrue(
                    entity("team-a", "deployment-payments").getStatus().conditions, "Valid"));

    client.apps().deployments().inNamespace("team-a").withName("payments").scale(5);
    await()
        .atMost(WAIT)
        .until(
            () ->
                entity("team-a", "deployment-payments").getSpec().properties.get("replicas").asInt()
                    == 5);

    apply(deployment("payments", 5, "portolan.dev/exclude: \"true\""));
    await().atMost(WAIT).until(() -> entity("team-a", "deployment-payments") == null);
    apply(deployment("payments", 5, "portolan.dev/title: Payments"));
    await()
        .atMost(WAIT)
        .until(
            () -> entity("team-a", "deployment-payments"),
            e -> e != null && "Payments".equals(e.getSpec().title));

    client.apps().deployments().inNamespace("team-a").withName("payments").delete();
    await().atMost(WAIT).until(() -> entity("team-a", "deployment-payments") == null);
  }

  /** The Service selecting app=payments, once its entity relates to deployment-payments. */
  private void applyPaymentsServiceAndAwaitItsWorkload() {
    apply(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: payments, namespace: team-a}
        spec: {selector: {app: payments}, ports: [{port: 80}]}
        """);
    await()
        .atMost(WAIT)
        .until(
            () -> entity("team-a", "service-payments"),
            e ->
                e != null
                    && "[\"deployment-payments\"]"
                        .equals(String.valueOf(e.getSpec().relations.get("workloads"))));
  }

  @Test
  void aDiscoveredEntityDeletedByHandComesBackFromItsSourceAndTheServiceKeepsItsRelation() {
    apply(deployment("payments", 2, ""));
    applyPaymentsServiceAndAwaitItsWorkload();
    Entity before = entity("team-a", "deployment-payments");
    // Every version of the service's entity from here on (the mock server moves generation on
    // status writes too, so the spec itself is what is watched).
    java.util.List<String> serviceWorkloads = new java.util.concurrent.CopyOnWriteArrayList<>();
    var watch =
        client
            .resources(Entity.class)
            .inNamespace("team-a")
            .withName("service-payments")
            .watch(
                new io.fabric8.kubernetes.client.Watcher<Entity>() {
                  @Override
                  public void eventReceived(Action action, Entity entity) {
                    serviceWorkloads.add(
                        String.valueOf(entity.getSpec().relations.get("workloads")));
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                });

    client.resource(before).delete();

    Entity restored =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> entity("team-a", "deployment-payments"),
                e -> e != null && !e.getMetadata().getUid().equals(before.getMetadata().getUid()));
    assertThat(restored.getSpec().properties.get("replicas").asInt()).isEqualTo(2);
    assertThat(restored.getSpec().owner).isEqualTo("payments");
    // The service that relates to it was never rewritten without it.
    Entity service = entity("team-a", "service-payments");
    assertThat(String.valueOf(service.getSpec().relations.get("workloads")))
        .isEqualTo("[\"deployment-payments\"]");
    await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
    watch.close();
    assertThat(serviceWorkloads).allMatch("[\"deployment-payments\"]"::equals);
  }

  @Test
  void aDiscoveredEntityEditedByHandIsRestoredFromItsSource() {
    apply(deployment("payments", 2, ""));
    await().atMost(WAIT).until(() -> entity("team-a", "deployment-payments"), e -> e != null);
    // As kubectl patch --type=merge would: the spec only, with no resource version to conflict with
    // the status writer's.
    Entity edited =
        client
            .resources(Entity.class)
            .inNamespace("team-a")
            .withName("deployment-payments")
            .patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"owner\":\"mallory\",\"properties\":{\"replicas\":7}}}");
    assertThat(edited.getSpec().owner).as("the hand edit landed").isEqualTo("mallory");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> entity("team-a", "deployment-payments"),
            e ->
                "payments".equals(e.getSpec().owner)
                    && e.getSpec().properties.get("replicas").asInt() == 2);
  }

  @Test
  void aServiceRelatesToTheWorkloadsItSelects() {
    apply(deployment("payments", 1, ""));
    apply(deployment("ledger", 1, ""));
    applyPaymentsServiceAndAwaitItsWorkload();
    // Relabelling the Service moves its relation.
    apply(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: payments, namespace: team-a}
        spec: {selector: {app: ledger}, ports: [{port: 80}]}
        """);
    await()
        .atMost(WAIT)
        .until(
            () ->
                String.valueOf(
                    entity("team-a", "service-payments").getSpec().relations.get("workloads")),
            "[\"deployment-ledger\"]"::equals);
    Entity service =
        await()
            .atMost(WAIT)
            .until(
                () -> entity("team-a", "service-payments"),
                e -> e.getStatus() != null && Conditions.isTrue(e.getStatus().conditions, "Valid"));
    assertThat(service.getSpec().relations.get("namespace").asText()).isEqualTo("namespace-team-a");
  }

  @Test
  void entitiesWrittenByHandAreNeverTouched() {
    apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: deployment-payments, namespace: team-a}
        spec: {blueprint: workload, title: Written by hand}
        """);
    apply(deployment("payments", 1, ""));
    Blueprint workload =
        await()
            .atMost(WAIT)
            .until(
                () -> client.resources(Blueprint.class).withName("workload").get(),
                b ->
                    b.getStatus() != null
                        && Conditions.find(b.getStatus().conditions, "Discovery")
                            .filter(c -> "EntityExists".equals(c.getReason()))
                            .isPresent());
    assertThat(
            Conditions.find(workload.getStatus().conditions, "Discovery")
                .orElseThrow()
                .getMessage())
        .isEqualTo(
            "spec.discovery: Deployment team-a/payments maps to entity team-a/deployment-payments, which exists and was not"
                + " made by discovery; discovery leaves it alone: rename or delete it, or exclude the object (annotation"
                + " portolan.dev/exclude: \"true\")");
    assertThat(entity("team-a", "deployment-payments").getSpec().title)
        .isEqualTo("Written by hand");
    client.apps().deployments().inNamespace("team-a").withName("payments").delete();
    await()
        .during(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(() -> entity("team-a", "deployment-payments") != null);
  }

  @Test
  void aRestartResyncsTheCatalogWithTheCluster() {
    apply(deployment("stays", 1, ""));
    apply(deployment("goes", 1, ""));
    // Settled first: a status still on its way when the operator stops is rightly written after
    // the restart, and would read here as a rewrite.
    await()
        .atMost(WAIT)
        .until(
            () ->
                entity("team-a", "deployment-goes") != null
                    && settled(entity("team-a", "deployment-stays")));
    operator.close();
    // While the operator is down: one workload goes (no garbage collector in this server), one
    // comes.
    client.apps().deployments().inNamespace("team-a").withName("goes").delete();
    apply(deployment("comes", 1, ""));
    String untouched = entity("team-a", "deployment-stays").getMetadata().getResourceVersion();
    operator = new PortolanOperator(client, Clock.systemUTC(), null).start();
    await()
        .atMost(WAIT)
        .until(
            () ->
                entity("team-a", "deployment-comes") != null
                    && entity("team-a", "deployment-goes") == null);
    assertThat(entity("team-a", "deployment-stays").getMetadata().getResourceVersion())
        .isEqualTo(untouched);
  }

  @Test
  void aKindTheServerDoesNotServeIsReportedOnTheBlueprint() {
    apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: database}
        spec:
          title: Database
          discovery:
            - resource: {apiVersion: db.example.com/v1, kind: PostgresCluster}
              name: "'pg-' + object.metadata.name"
        """);
    Blueprint database =
        await()
            .atMost(WAIT)
            .until(
                () -> client.resources(Blueprint.class).withName("database").get(),
                b ->
                    b.getStatus() != null
                        && Conditions.find(b.getStatus().conditions, "Discovery")
                            .filter(c -> "KindNotServed".equals(c.getReason()))
                            .isPresent());
    assertThat(
            Conditions.find(database.getStatus().conditions, "Discovery")
                .orElseThrow()
                .getMessage())
        .startsWith(
            "spec.discovery[0].resource: the API server does not serve PostgresCluster (db.example.com/v1)");
    // The default blueprints' rules keep working meanwhile.
    apply(deployment("payments", 1, ""));
    await().atMost(WAIT).until(() -> entity("team-a", "deployment-payments") != null);
  }
}
