package dev.portolan.scorecard;

import dev.portolan.model.Entity;
import java.util.Map;
import java.util.Optional;

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

  /** No entity has a source object. */
  static SourceObjects none() {
    return entity -> Optional.empty();
  }
}
