package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

class JobToOwningActionMapperTest {
  private final JobToOwningActionMapper mapper = new JobToOwningActionMapper();

  @Test
  void aJobMapsToThePortolanActionsThatOwnItInItsNamespace() {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("run-1")
            .withNamespace("team-a")
            .addNewOwnerReference()
            .withApiVersion("portolan.dev/v1alpha1")
            .withKind("Action")
            .withName("run-1")
            .endOwnerReference()
            .addNewOwnerReference()
            .withApiVersion("example.com/v1")
            .withKind("Action")
            .withName("not-ours")
            .endOwnerReference()
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("CronJob")
            .withName("nightly")
            .endOwnerReference()
            .endMetadata()
            .build();
    assertThat(mapper.toPrimaryResourceIDs(job)).containsExactly(new ResourceID("run-1", "team-a"));
  }

  @Test
  void aJobWithoutOwnersMapsToNothing() {
    Job job =
        new JobBuilder().withNewMetadata().withName("x").withNamespace("a").endMetadata().build();
    assertThat(mapper.toPrimaryResourceIDs(job)).isEmpty();
  }
}
