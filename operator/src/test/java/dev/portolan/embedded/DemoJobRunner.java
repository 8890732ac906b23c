package dev.portolan.embedded;

import dev.portolan.action.JobTemplate;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded demo's stand-in for the Job controller and the kubelet, which the in-memory API
 * server does not have: each Job an Action starts is given one Pod that exits 0 after a short
 * delay, and the Job is marked Complete. No container runs, so a run has no outputs. The banner
 * says so; nothing of this runs outside the demo and the tests.
 */
public final class DemoJobRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoJobRunner.class);

  private final KubernetesClient client;
  private final SharedIndexInformer<Job> jobs;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "demo-job-runner");
    thread.setDaemon(true);
    return thread;
  });

  public DemoJobRunner(KubernetesClient client, Duration delay) {
    this.client = client;
    this.jobs = client.batch().v1().jobs().inAnyNamespace().withLabel(JobTemplate.ACTION_LABEL).inform(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Job job) {
            if (job.getStatus() == null || job.getStatus().getConditions() == null
                || job.getStatus().getConditions().isEmpty()) {
              timer.schedule(() -> finish(job), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
          }

          @Override
          public void onUpdate(Job before, Job after) {}

          @Override
          public void onDelete(Job job, boolean unknown) {}
        });
  }

  private void finish(Job job) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = job.getMetadata().getNamespace();
    try {
      client.resource(new PodBuilder()
          .withNewMetadata().withName(job.getMetadata().getName() + "-demo").withNamespace(namespace)
          .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
          .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
          .withUid(job.getMetadata().getUid()).withController(true).endOwnerReference()
          .endMetadata()
          .withSpec(job.getSpec().getTemplate().getSpec())
          .withNewStatus().withPhase("Succeeded")
          .addNewContainerStatus().withName(job.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
          .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState()
          .endContainerStatus().endStatus().build()).create();
      Job done = client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName()).get();
      JobStatus status = new JobStatus();
      status.setStartTime(job.getMetadata().getCreationTimestamp());
      status.setCompletionTime(now);
      status.setSucceeded(1);
      status.setConditions(java.util.List.of(new JobConditionBuilder().withType("Complete").withStatus("True")
          .withReason("DemoRun").withMessage("the embedded demo completes Jobs without running them")
          .withLastTransitionTime(now).build()));
      done.setStatus(status);
      client.batch().v1().jobs().resource(done).updateStatus();
      LOG.info("Demo: completed Job {}/{} without running it", namespace, job.getMetadata().getName());
    } catch (KubernetesClientException e) {
      LOG.warn("Demo: could not complete Job {}/{}: {}", namespace, job.getMetadata().getName(), e.getMessage());
    }
  }

  @Override
  public void close() {
    jobs.close();
    timer.shutdownNow();
  }
}
