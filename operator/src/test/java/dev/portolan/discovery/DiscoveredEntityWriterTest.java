package dev.portolan.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import dev.portolan.model.EntityStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer against the in-memory API server. */
class DiscoveredEntityWriterTest {
  private static final SourceKey SOURCE =
      new SourceKey(new SourceKind("apps/v1", "Deployment"), "team-a", "payments");
  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private DiscoveredEntityWriter writer;

  @BeforeEach
  void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    writer = new DiscoveredEntityWriter(client);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static Entity discovered(String name, String title) {
    Entity entity = new Entity();
    entity.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName(name)
            .addToLabels(DiscoveredEntities.LABEL, "true")
            .addToAnnotations(DiscoveredEntities.RULE_ANNOTATION, "workload[0]")
            .addToAnnotations(DiscoveredEntities.SOURCE_UID_ANNOTATION, "uid-payments")
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName("payments")
                    .withUid("uid-payments")
                    .build())
            .build());
    entity.setSpec(new EntitySpec());
    entity.getSpec().blueprint = "workload";
    entity.getSpec().title = title;
    return entity;
  }

  private static DiscoveryPlan plan(
      List<Entity> creates,
      List<DiscoveryPlan.Update> updates,
      List<DiscoveryPlan.Delete> deletes) {
    return new DiscoveryPlan(creates, updates, deletes, List.of(), List.of(), List.of());
  }

  private Entity stored(String name) {
    return client.resources(Entity.class).inNamespace("team-a").withName(name).get();
  }

  @Test
  void createsAndAsksToLookAgainWhenTheEntityExistsAlready() {
    assertThat(writer.write(plan(List.of(discovered("a", "A")), List.of(), List.of()), SOURCE))
        .isFalse();
    assertThat(stored("a").getSpec().title).isEqualTo("A");

    assertThat(
            writer.write(plan(List.of(discovered("a", "A again")), List.of(), List.of()), SOURCE))
        .as("made a moment ago, not yet in the catalog")
        .isTrue();
    assertThat(stored("a").getSpec().title).isEqualTo("A");
  }

  @Test
  void anUpdateRewritesTheSpecAndMarksAndKeepsTheRest() {
    writer.write(plan(List.of(discovered("a", "A")), List.of(), List.of()), SOURCE);
    Entity current = stored("a");
    current.getMetadata().getLabels().put("kept", "yes");
    current = client.resource(current).update();

    writer.write(
        plan(
            List.of(), List.of(new DiscoveryPlan.Update(current, discovered("a", "B"))), List.of()),
        SOURCE);

    Entity updated = stored("a");
    assertThat(updated.getSpec().title).isEqualTo("B");
    assertThat(updated.getMetadata().getLabels()).containsEntry("kept", "yes");
    assertThat(updated.getMetadata().getUid()).isEqualTo(current.getMetadata().getUid());
  }

  @Test
  void theUpdatedEntityKeepsStatusVersionAndOtherMetadata() {
    Entity current = discovered("a", "A");
    current.getMetadata().setResourceVersion("42");
    current.getMetadata().getLabels().put("kept", "yes");
    current.getMetadata().getAnnotations().put("note", "kept");
    current.setStatus(new EntityStatus());
    Entity desired = discovered("a", "B");
    desired.getMetadata().getAnnotations().put(DiscoveredEntities.SOURCE_UID_ANNOTATION, "uid-new");
    desired.getMetadata().getOwnerReferences().get(0).setUid("uid-new");

    Entity updated = DiscoveredEntityWriter.updated(current, desired);

    assertThat(updated.getSpec()).isSameAs(desired.getSpec());
    assertThat(updated.getStatus()).isSameAs(current.getStatus());
    assertThat(updated.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(updated.getMetadata().getLabels())
        .containsEntry("kept", "yes")
        .containsEntry(DiscoveredEntities.LABEL, "true");
    assertThat(updated.getMetadata().getAnnotations())
        .containsEntry("note", "kept")
        .containsEntry(DiscoveredEntities.SOURCE_UID_ANNOTATION, "uid-new");
    assertThat(updated.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-new");
    assertThat(current.getMetadata().getAnnotations())
        .as("the current entity, from the catalog's cache, is not changed")
        .containsEntry(DiscoveredEntities.SOURCE_UID_ANNOTATION, "uid-payments");
  }

  @Test
  void deletesOnlyWhatDiscoveryMadeAndAnEntityAlreadyGoneIsNoFailure() {
    writer.write(plan(List.of(discovered("a", "A")), List.of(), List.of()), SOURCE);
    Entity byHand = new Entity();
    byHand.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("mine").build());
    byHand.setSpec(new EntitySpec());
    byHand.getSpec().blueprint = "workload";
    client.resource(byHand).create();

    writer.delete(
        List.of(
            new DiscoveryPlan.Delete(stored("a"), "its source is gone"),
            new DiscoveryPlan.Delete(stored("mine"), "its source is gone")));

    assertThat(stored("a")).isNull();
    assertThat(stored("mine")).isNotNull();
    writer.delete(List.of(new DiscoveryPlan.Delete(discovered("a", "A"), "again")));
  }
}
