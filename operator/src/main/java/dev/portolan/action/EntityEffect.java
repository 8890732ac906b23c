package dev.portolan.action;

import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Entity;

/**
 * What a run does to an entity when its Job succeeds: a Create action makes one, a Delete action
 * deletes one. {@link EntityEffects} applies it.
 */
public sealed interface EntityEffect {
  /** The entity the effect is about, as {@code namespace/name}. */
  String ref();

  /** Create this entity (made from the run's outputs). */
  record CreateEntity(Entity entity) implements EntityEffect {
    @Override
    public String ref() {
      return entity.getMetadata().getNamespace() + "/" + entity.getMetadata().getName();
    }
  }

  /** Delete the entity the Action names. */
  record DeleteEntity(EntityRef entity) implements EntityEffect {
    @Override
    public String ref() {
      return entity.toString();
    }
  }

  /**
   * How applying an effect went.
   *
   * @param refusal why the API server would not make the change, or null when it was made
   */
  record Result(String refusal) {
    public static Result done() {
      return new Result(null);
    }

    public static Result refused(String why) {
      return new Result(why);
    }

    public boolean applied() {
      return refusal == null;
    }
  }
}
