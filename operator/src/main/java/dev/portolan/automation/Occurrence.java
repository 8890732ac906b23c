package dev.portolan.automation;

import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import java.time.Instant;

/**
 * One thing that happened that an automation's trigger names: its id (unique per occurrence, the
 * same on every delivery and after a restart; see {@link OccurrenceIds}), its kind, its instant,
 * and what CEL sees of it.
 *
 * @param entity the triggering entity (for a deletion, as it was last seen); for a finished Action,
 *     the entity it acted on when the catalog still holds it; null for a schedule
 * @param old the entity before the change (updates only)
 * @param from the level before (level changes only; '' for none)
 * @param to the level after (level changes only; '' for none)
 * @param action the finished Action (actionFinished only)
 */
public record Occurrence(
    String id,
    TriggerKind kind,
    Instant time,
    Entity entity,
    Entity old,
    String from,
    String to,
    Action action) {

  /** The triggering entity as namespace/name, or null. */
  public String entityKey() {
    return entity == null
        ? null
        : entity.getMetadata().getNamespace() + "/" + entity.getMetadata().getName();
  }

  /**
   * The namespace the effects act in: the triggering entity's, else the finished Action's, else
   * {@code fallback} (the automation's own, for a schedule).
   */
  public String namespace(String fallback) {
    if (entity != null) {
      return entity.getMetadata().getNamespace();
    }
    if (action != null) {
      return action.getMetadata().getNamespace();
    }
    return fallback;
  }
}
