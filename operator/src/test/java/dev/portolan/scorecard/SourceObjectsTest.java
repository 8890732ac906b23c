package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceObjectsTest {
  private final Entity payments = Fixtures.entity("metadata: {name: payments}\nspec: {}\n");
  private final Entity manual = Fixtures.entity("metadata: {name: manual}\nspec: {}\n");

  @Test
  void readsTheSourceObjectAsTheMapsCelSees() {
    SourceObjects sources =
        SourceObjects.reading(
            entity ->
                entity == payments
                    ? Optional.of(
                        new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("payments")
                            .endMetadata()
                            .addToData("replicas", "2")
                            .build())
                    : Optional.empty());
    Map<String, Object> source = sources.sourceOf(payments).orElseThrow();
    assertThat(source)
        .containsEntry("kind", "ConfigMap")
        .containsEntry("data", Map.of("replicas", "2"));
    assertThat(((Map<?, ?>) source.get("metadata")).get("name")).isEqualTo("payments");
    assertThat(sources.sourceOf(manual)).isEmpty();
  }
}
