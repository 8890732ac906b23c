package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.model.Action;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the follower reads from a run's Job and its Pods, against the in-memory API server. */
class JobFollowerTest {
  private static final JobSignature KEY = JobSignature.ephemeral();

  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private JobFollower follower;
  private final Action action =
      Serialization.unmarshal(
          """
          apiVersion: portolan.dev/v1alpha1
          kind: Action
          metadata: {name: run-1, namespace: team-a, uid: action-uid}
          spec: {definition: def}
          """,
          Action.class);

  @BeforeEach
  void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    follower = new JobFollower(client, KEY);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private Job job(boolean signed, String condition) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName("run-1")
            .withNamespace("team-a")
            .withUid("job-uid")
            .addToLabels(JobTemplate.ACTION_LABEL, "run-1")
            .addNewOwnerReference()
            .withApiVersion("portolan.dev/v1alpha1")
            .withKind("Action")
            .withName("run-1")
            .withUid("action-uid")
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewStatus()
            .withStartTime("2026-12-02T09:00:00Z")
            .withActive(condition == null ? 1 : 0)
            .withCompletionTime("Complete".equals(condition) ? "2026-12-02T09:05:00Z" : null)
            .endStatus();
    if (signed) {
      job.editMetadata()
          .withAnnotations(Map.of(JobSignature.ANNOTATION, KEY.sign(action, "run-1")))
          .endMetadata();
    }
    if (condition != null) {
      job.editStatus()
          .withConditions(
              new JobConditionBuilder()
                  .withType(condition)
                  .withStatus("True")
                  .withReason("Failed".equals(condition) ? "DeadlineExceeded" : null)
                  .withMessage("Failed".equals(condition) ? "Job was active longer" : null)
                  .withLastTransitionTime("2026-12-02T09:06:00Z")
                  .build())
          .endStatus();
    }
    return job.build();
  }

  private void pod(String name, String jobUid, String phase, String created, String message) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("team-a")
            .withCreationTimestamp(created)
            .addToLabels(JobTemplate.ACTION_LABEL, "run-1")
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName("run-1")
            .withUid(jobUid)
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("run")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .addNewContainerStatus()
            .withName("run")
            .withNewState()
            .withNewTerminated()
            .withExitCode("Failed".equals(phase) ? 1 : 0)
            .withMessage(message)
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    client.resource(pod).create();
  }

  @Test
  void aJobWithoutTheOperatorsSignatureIsForeignAndNothingMoreIsRead() {
    pod("run-1-a", "job-uid", "Succeeded", "2026-12-02T09:01:00Z", "{\"sneaky\":true}");
    assertThat(follower.observe(action, job(false, "Complete")))
        .isEqualTo(ObservedJob.foreign("run-1"));
  }

  @Test
  void aRunningJobIsReadWithoutItsPods() {
    assertThat(follower.observe(action, job(true, null)))
        .isEqualTo(new ObservedJob("run-1", true, true, "2026-12-02T09:00:00Z", 1, null, null));
  }

  @Test
  void aCompleteJobReportsTheSucceededPodItControls() {
    // (The in-memory server stamps creation times itself, so which of several is newest is not
    // shown here.)
    pod("run-1-b", "job-uid", "Succeeded", "2026-12-02T09:03:00Z", "{\"try\":2}");
    pod("run-1-c", "job-uid", "Failed", "2026-12-02T09:04:00Z", "crashed");
    pod("other-job-pod", "other-uid", "Succeeded", "2026-12-02T09:04:30Z", "{\"try\":3}");

    ObservedJob observed = follower.observe(action, job(true, "Complete"));
    assertThat(observed.ending())
        .isEqualTo(new ObservedJob.Ending(true, "2026-12-02T09:05:00Z", null, null));
    assertThat(observed.pod()).isEqualTo(new ObservedJob.PodReport("run-1-b", "{\"try\":2}", null));
  }

  @Test
  void aFailedJobReportsItsConditionAndItsFailedPodsMessage() {
    pod("run-1-a", "job-uid", "Succeeded", "2026-12-02T09:01:00Z", "first");
    pod("run-1-b", "job-uid", "Failed", "2026-12-02T09:02:00Z", "  second  ");

    ObservedJob observed = follower.observe(action, job(true, "Failed"));
    assertThat(observed.ending())
        .isEqualTo(
            new ObservedJob.Ending(
                false, "2026-12-02T09:06:00Z", "DeadlineExceeded", "Job was active longer"));
    assertThat(observed.pod()).isEqualTo(new ObservedJob.PodReport("run-1-b", "second", null));
  }

  @Test
  void aFailedJobWithoutAFailedPodHasNothingToReport() {
    pod("run-1-a", "job-uid", "Succeeded", "2026-12-02T09:01:00Z", "{}");
    assertThat(follower.observe(action, job(true, "Failed")).pod()).isNull();
  }
}
