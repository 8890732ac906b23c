package dev.portolan.action;

import dev.portolan.model.Action;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a run's Job into an {@link ObservedJob}: whether it is the operator's own (signed, and
 * controlled by the Action), its state and, once it ended, what its last Pod reported: the
 * termination message, or for a failed Pod without one the tail of its log. Pods and logs are read
 * only for the operator's own Jobs that ended.
 */
public final class JobFollower {
  private static final Logger LOG = LoggerFactory.getLogger(JobFollower.class);
  private static final int LOG_TAIL_LINES = 20;

  private final KubernetesClient client;
  private final JobSignature signature;

  /**
   * @param signature signs the Jobs this operator starts; only signed Jobs are followed
   */
  public JobFollower(KubernetesClient client, JobSignature signature) {
    this.client = client;
    this.signature = signature;
  }

  /**
   * The run's Job as recorded in its status: from the informer's cache, else from the API server (a
   * Job the cache has not seen yet is not lost).
   */
  public ObservedJob recorded(Action action, InformerEventSource<Job, Action> jobs) {
    String name = JobTemplate.jobName(action);
    String namespace = action.getMetadata().getNamespace();
    Job job =
        jobs.get(new ResourceID(name, namespace))
            .orElseGet(
                () -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
    return job == null ? ObservedJob.missing(name) : observe(action, job);
  }

  /** What the Job says about the run. */
  public ObservedJob observe(Action action, Job job) {
    String name = job.getMetadata().getName();
    if (!ours(job, action)) {
      return ObservedJob.foreign(name);
    }
    String started = job.getStatus() == null ? null : job.getStatus().getStartTime();
    int active =
        job.getStatus() == null || job.getStatus().getActive() == null
            ? 0
            : job.getStatus().getActive();
    Optional<JobCondition> failed = condition(job, "Failed");
    if (failed.isPresent()) {
      ObservedJob.Ending ending =
          new ObservedJob.Ending(
              false,
              failed.get().getLastTransitionTime(),
              failed.get().getReason(),
              failed.get().getMessage());
      return new ObservedJob(name, true, true, started, active, ending, failedPod(job));
    }
    if (condition(job, "Complete").isPresent()) {
      ObservedJob.Ending ending =
          new ObservedJob.Ending(true, job.getStatus().getCompletionTime(), null, null);
      ObservedJob.PodReport pod =
          last(job, "Succeeded")
              .map(
                  p ->
                      new ObservedJob.PodReport(
                          p.getMetadata().getName(),
                          ActionOutputs.terminationMessage(p).orElse(null),
                          null))
              .orElse(null);
      return new ObservedJob(name, true, true, started, active, ending, pod);
    }
    return new ObservedJob(name, true, true, started, active, null, null);
  }

  /** Whether this operator started the Job for this Action. */
  boolean ours(Job job, Action action) {
    return signature.signed(job, action)
        && job.getMetadata().getOwnerReferences() != null
        && job.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                o ->
                    Boolean.TRUE.equals(o.getController())
                        && Objects.equals(o.getUid(), action.getMetadata().getUid()));
  }

  private ObservedJob.PodReport failedPod(Job job) {
    Optional<Pod> pod = last(job, "Failed");
    if (pod.isEmpty()) {
      return null;
    }
    String name = pod.get().getMetadata().getName();
    Optional<String> reported = ActionOutputs.terminationMessage(pod.get());
    if (reported.isPresent()) {
      return new ObservedJob.PodReport(name, reported.get(), null);
    }
    try {
      String log =
          client
              .pods()
              .inNamespace(job.getMetadata().getNamespace())
              .withName(name)
              .tailingLines(LOG_TAIL_LINES)
              .getLog();
      if (log != null && !log.isBlank()) {
        return new ObservedJob.PodReport(name, null, log.strip());
      }
    } catch (KubernetesClientException e) {
      LOG.debug("No log for Pod {}: {}", name, e.getMessage());
    }
    return new ObservedJob.PodReport(name, null, null);
  }

  /** The newest of the Job's Pods in this phase. */
  private Optional<Pod> last(Job job, String phase) {
    return pods(job).stream()
        .filter(p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase()))
        .max(
            Comparator.comparing(
                p ->
                    p.getMetadata().getCreationTimestamp() == null
                        ? ""
                        : p.getMetadata().getCreationTimestamp()));
  }

  private List<Pod> pods(Job job) {
    return client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel(
            JobTemplate.ACTION_LABEL, job.getMetadata().getLabels().get(JobTemplate.ACTION_LABEL))
        .list()
        .getItems()
        .stream()
        .filter(
            p ->
                p.getMetadata().getOwnerReferences() != null
                    && p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(
                            o ->
                                Boolean.TRUE.equals(o.getController())
                                    && Objects.equals(o.getUid(), job.getMetadata().getUid())))
        .toList();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }
}
