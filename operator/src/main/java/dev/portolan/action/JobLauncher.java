package dev.portolan.action;

import dev.portolan.kit.ApiErrors;
import dev.portolan.model.Action;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a run's Job, signed with the operator's key, unless a Job of its name exists already (then
 * that Job is read for the run to judge). The Job is named after the Action, so one Action never
 * starts two Jobs.
 */
public final class JobLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

  private final KubernetesClient client;
  private final JobSignature signature;
  private final JobFollower follower;

  public JobLauncher(KubernetesClient client, JobSignature signature, JobFollower follower) {
    this.client = client;
    this.signature = signature;
    this.follower = follower;
  }

  /**
   * Signs and creates the launch's Job, unless a Job of its name exists.
   *
   * @param jobs the informer over the runs' Jobs: looked in first, and told of the Job created
   * @throws KubernetesClientException when the API server's answer says nothing about the request
   *     (the Job may exist): the reconcile is tried again rather than the run called refused
   */
  public LaunchResult launch(
      Action action, RunStep.Launch launch, InformerEventSource<Job, Action> jobs) {
    String jobName = launch.job().getMetadata().getName();
    String namespace = action.getMetadata().getNamespace();
    Job job =
        new JobBuilder(launch.job())
            .editMetadata()
            .withAnnotations(Map.of(JobSignature.ANNOTATION, signature.sign(action, jobName)))
            .endMetadata()
            .build();
    Optional<Job> started = jobs.get(new ResourceID(jobName, namespace));
    if (started.isPresent()) {
      return new LaunchResult.Found(follower.observe(action, started.get()));
    }
    try {
      Job created = client.resource(job).create();
      jobs.handleRecentResourceCreate(ResourceID.fromResource(created), created);
      LOG.info(
          "Started Job {}/{} for Action {}",
          created.getMetadata().getNamespace(),
          jobName,
          launch.definition().name());
      return new LaunchResult.Created(jobName);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        Job existing = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        return existing == null
            ? new LaunchResult.Taken()
            : new LaunchResult.Found(follower.observe(action, existing));
      }
      if (ApiErrors.isTransient(e)) {
        throw e;
      }
      return new LaunchResult.Refused(ApiErrors.message(e));
    }
  }
}
