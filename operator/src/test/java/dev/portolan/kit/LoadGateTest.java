package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGateTest {
  private final AtomicBoolean loaded = new AtomicBoolean();
  private final List<ResourceID> asked = new CopyOnWriteArrayList<>();
  private final LoadGate<Entity> gate = new LoadGate<>("catalog-loaded", loaded::get);

  @BeforeEach
  void start() {
    gate.setEventHandler(event -> asked.add(event.getRelatedCustomResourceID()));
    gate.start();
  }

  @AfterEach
  void stop() {
    gate.stop();
  }

  @Test
  void holdsEveryPrimaryUntilTheCatalogHasLoadedThenAsksForEachOnce() {
    assertThat(gate.admits(entity("a"))).isFalse();
    assertThat(gate.admits(entity("b"))).isFalse();
    assertThat(gate.admits(entity("a"))).as("held once, however often it comes").isFalse();
    assertThat(asked).isEmpty();

    loaded.set(true);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(asked)
                    .containsExactlyInAnyOrder(
                        new ResourceID("a", "team"), new ResourceID("b", "team")));
    assertThat(gate.admits(entity("c"))).isTrue();
    assertThat(asked).hasSize(2);
  }

  @Test
  void admitsAtOnceWhenTheCatalogHasLoadedAlready() {
    loaded.set(true);
    assertThat(gate.admits(entity("a"))).isTrue();
    assertThat(asked).isEmpty();
  }

  private static Entity entity(String name) {
    Entity entity = new Entity();
    entity.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team").build());
    return entity;
  }
}
