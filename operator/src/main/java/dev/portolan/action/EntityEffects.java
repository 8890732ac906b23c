package dev.portolan.action;

import dev.portolan.kit.ApiErrors;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;

/**
 * Applies a run's {@link EntityEffect} on the API server: creates the entity a Create action's
 * outputs describe, or deletes the entity a Delete action names. An entity this run created on an
 * earlier try counts as created.
 */
public final class EntityEffects {
  private final KubernetesClient client;

  public EntityEffects(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Makes the change the effect names.
   *
   * @throws KubernetesClientException when the API server's answer says nothing about the request:
   *     the reconcile is tried again
   */
  public EntityEffect.Result apply(Action action, EntityEffect effect) {
    if (effect instanceof EntityEffect.CreateEntity create) {
      return create(action, create.entity());
    }
    EntityEffect.DeleteEntity delete = (EntityEffect.DeleteEntity) effect;
    try {
      client
          .resources(Entity.class)
          .inNamespace(delete.entity().namespace())
          .withName(delete.entity().name())
          .delete();
      return EntityEffect.Result.done();
    } catch (KubernetesClientException e) {
      if (ApiErrors.isTransient(e)) {
        throw e;
      }
      return EntityEffect.Result.refused(e.getMessage());
    }
  }

  private EntityEffect.Result create(Action action, Entity entity) {
    try {
      client.resource(entity).create();
      return EntityEffect.Result.done();
    } catch (KubernetesClientException e) {
      if (ApiErrors.isTransient(e)) {
        throw e;
      }
      Entity existing =
          e.getCode() == 409
              ? client
                  .resources(Entity.class)
                  .inNamespace(entity.getMetadata().getNamespace())
                  .withName(entity.getMetadata().getName())
                  .get()
              : null;
      if (createdBy(existing, action)) {
        return EntityEffect.Result.done();
      }
      return EntityEffect.Result.refused(
          e.getCode() == 409 ? "an entity of that name already exists" : ApiErrors.message(e));
    }
  }

  private static boolean createdBy(Entity entity, Action action) {
    return entity != null
        && entity.getMetadata().getAnnotations() != null
        && Objects.equals(
            entity.getMetadata().getAnnotations().get(ActionOutputs.CREATED_BY_ANNOTATION),
            action.getMetadata().getUid());
  }
}
