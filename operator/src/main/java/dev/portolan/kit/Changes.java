package dev.portolan.kit;

import io.fabric8.kubernetes.client.CustomResource;

/** Tells apart the changes that matter to other resources from status-only updates. */
public final class Changes {
  private Changes() {}

  /** Whether a resource appeared, disappeared, or had its spec changed. */
  public static boolean specChanged(
      CustomResource<?, ?> oldResource, CustomResource<?, ?> newResource) {
    if (oldResource == null || newResource == null) {
      return true;
    }
    Long oldGeneration = oldResource.getMetadata().getGeneration();
    Long newGeneration = newResource.getMetadata().getGeneration();
    if (oldGeneration != null && newGeneration != null) {
      // The API server bumps the generation exactly when the spec changes (status is a
      // subresource),
      // so status-only updates, the most frequent events, cost no comparison of the specs.
      return !oldGeneration.equals(newGeneration);
    }
    return !JsonEquality.same(oldResource.getSpec(), newResource.getSpec());
  }
}
