package dev.portolan.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.cel.CelValues;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the cluster object a discovered entity came from (the one its {@code status.source} names),
 * as the plain map CEL reads as {@code source}. Discovery provides the implementation; until it
 * does, {@link #none()} is wired and every rule sees an empty {@code source}.
 */
@FunctionalInterface
public interface SourceObjects {
  /**
   * The source object as JSON-like maps and lists, or empty for an entity written by hand, or one
   * whose source object is not (or no longer) known.
   */
  Optional<Map<String, Object>> sourceOf(Entity entity);

  /**
   * Reads each entity's source from {@code objects} (discovery's informer caches), turned into the
   * maps and lists CEL reads.
   */
  @SuppressWarnings("unchecked") // a Kubernetes object is a JSON object, so CEL sees a map
  static SourceObjects reading(
      Function<Entity, ? extends Optional<? extends HasMetadata>> objects) {
    return entity ->
        objects
            .apply(entity)
            .map(
                object ->
                    (Map<String, Object>)
                        CelValues.fromJson(
                            Serialization.jsonMapper().<JsonNode>valueToTree(object)));
  }

  /** No entity has a source object. */
  static SourceObjects none() {
    return entity -> Optional.empty();
  }
}
