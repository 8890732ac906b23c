package dev.portolan.guardrail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * One admission request for a workload, as the API server sent it.
 *
 * @param oldObject the object before an UPDATE; null on CREATE
 * @param dryRun whether nothing is persisted ({@code ?dryRun=All}): judged, not counted, no Event
 */
public record WorkloadRequest(
    String operation,
    GenericKubernetesResource object,
    GenericKubernetesResource oldObject,
    Requester user,
    boolean dryRun) {

  /** {@code Deployment team-a/api}. */
  public String describe() {
    var meta = object.getMetadata();
    return object.getKind() + " " + meta.getNamespace() + "/" + meta.getName();
  }
}
