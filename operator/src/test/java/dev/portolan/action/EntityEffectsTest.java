package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.catalog.EntityRef;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applying a run's entity effect against the in-memory API server. */
class EntityEffectsTest {
  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private EntityEffects effects;
  private final Action action =
      Serialization.unmarshal(
          """
          apiVersion: portolan.dev/v1alpha1
          kind: Action
          metadata: {name: run-1, namespace: team-a, uid: action-uid}
          spec: {definition: def}
          """,
          Action.class);

  @BeforeEach
  void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    effects = new EntityEffects(client);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static Entity entity(String name, String createdBy) {
    Entity entity =
        Fixtures.entity(
            "metadata: {name: %s, namespace: team-a}\nspec: {blueprint: service}".formatted(name));
    if (createdBy != null) {
      entity.getMetadata().setAnnotations(Map.of(ActionOutputs.CREATED_BY_ANNOTATION, createdBy));
    }
    return entity;
  }

  private Entity stored(String name) {
    return client.resources(Entity.class).inNamespace("team-a").withName(name).get();
  }

  @Test
  void aCreateMakesTheEntityAndAgainAfterARetryCountsAsMade() {
    EntityEffect create = new EntityEffect.CreateEntity(entity("new", "action-uid"));
    assertThat(effects.apply(action, create)).isEqualTo(EntityEffect.Result.done());
    assertThat(stored("new")).isNotNull();
    assertThat(effects.apply(action, create))
        .as("made by this run on an earlier try")
        .isEqualTo(EntityEffect.Result.done());
  }

  @Test
  void aCreateOverSomeoneElsesEntityIsRefused() {
    client.resource(entity("taken", null)).create();
    assertThat(effects.apply(action, new EntityEffect.CreateEntity(entity("taken", "action-uid"))))
        .isEqualTo(EntityEffect.Result.refused("an entity of that name already exists"));
    assertThat(stored("taken").getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void aDeleteDeletesTheEntity() {
    client.resource(entity("old", null)).create();
    assertThat(effects.apply(action, new EntityEffect.DeleteEntity(new EntityRef("team-a", "old"))))
        .isEqualTo(EntityEffect.Result.done());
    assertThat(stored("old")).isNull();
  }
}
