package dev.portolan.action;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps a run's Job to the Action that owns it (a Portolan {@code Action} owner reference, in the
 * Job's namespace), so a change to the Job reconciles its run.
 */
public final class JobToOwningActionMapper implements SecondaryToPrimaryMapper<Job> {
  @Override
  public Set<ResourceID> toPrimaryResourceIDs(Job job) {
    return job.getMetadata().getOwnerReferences() == null
        ? Set.of()
        : job.getMetadata().getOwnerReferences().stream()
            .filter(
                o ->
                    "Action".equals(o.getKind())
                        && o.getApiVersion() != null
                        && o.getApiVersion().startsWith("portolan.dev/"))
            .map(o -> new ResourceID(o.getName(), job.getMetadata().getNamespace()))
            .collect(Collectors.toSet());
  }
}
