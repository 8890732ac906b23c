package dev.portolan.catalog;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;

/** Tells apart the changes that matter to other resources from status-only updates. */
public final class Changes {
  private Changes() {}

  /** Whether a resource appeared, disappeared, or had its spec changed. */
  public static boolean specChanged(CustomResource<?, ?> oldResource, CustomResource<?, ?> newResource) {
    if (oldResource == null || newResource == null) {
      return true;
    }
    Long oldGeneration = oldResource.getMetadata().getGeneration();
    Long newGeneration = newResource.getMetadata().getGeneration();
    if (oldGeneration != null && newGeneration != null && !oldGeneration.equals(newGeneration)) {
      return true;
    }
    // Generations may be absent or unchanged where a server does not bump them; compare the specs.
    return !JsonEquality.same(oldResource.getSpec(), newResource.getSpec());
  }

  public static String name(HasMetadata resource) {
    return resource.getMetadata().getName();
  }
}
