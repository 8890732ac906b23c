package dev.portolan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaderLeaseTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  KubernetesClient client;

  private void lease(String holder) {
    client
        .leases()
        .inNamespace("portolan")
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName("portolan-operator")
                .withNamespace("portolan")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds(15)
                .withRenewTime(ZonedDateTime.now(CLOCK).minusSeconds(2))
                .endSpec()
                .build())
        .create();
  }

  private Lease stored() {
    return client.leases().inNamespace("portolan").withName("portolan-operator").get();
  }

  @Test
  void onShutdownTheHolderEmptiesTheLeaseSoAFollowerTakesItAtOnce() {
    lease("pod-a");
    boolean handedOver =
        new LeaderLease("portolan-operator", "portolan", "pod-a", CLOCK).release(client);
    assertThat(handedOver).isTrue();
    assertThat(stored().getSpec().getHolderIdentity()).isNull();
    assertThat(stored().getSpec().getLeaseDurationSeconds()).isEqualTo(1);
  }

  @Test
  void aLeaseSomeoneElseHoldsIsLeftAlone() {
    lease("pod-b");
    boolean handedOver =
        new LeaderLease("portolan-operator", "portolan", "pod-a", CLOCK).release(client);
    assertThat(handedOver).isFalse();
    assertThat(stored().getSpec().getHolderIdentity()).isEqualTo("pod-b");
    assertThat(stored().getSpec().getLeaseDurationSeconds()).isEqualTo(15);
  }

  @Test
  void aLeaseLostWhileRunningExitsFromItsOwnThreadAndOneGivenUpOnShutdownDoesNot()
      throws Exception {
    AtomicInteger exits = new AtomicInteger();
    CountDownLatch exited = new CountDownLatch(1);
    Thread caller = Thread.currentThread();
    Thread[] exitThread = new Thread[1];
    LeaderLease lease =
        new LeaderLease(
            "portolan-operator",
            "portolan",
            "pod-a",
            CLOCK,
            () -> {
              exitThread[0] = Thread.currentThread();
              exits.incrementAndGet();
              exited.countDown();
            });
    var callbacks = lease.configuration(() -> {}).getLeaderCallbacks().orElseThrow();

    callbacks.onStopLeading();
    assertThat(exited.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(exits).hasValue(1);
    assertThat(exitThread[0])
        .isNotSameAs(caller); // never System.exit on the thread that stops the operator

    lease.stepDown();
    callbacks.onStopLeading();
    Thread.sleep(200);
    assertThat(exits).hasValue(1);
  }

  @Test
  void theSdkIsToldNotToExitAndToUseTheStableIdentity() {
    var configuration =
        new LeaderLease("portolan-operator", "portolan", "pod-a", CLOCK).configuration(() -> {});
    assertThat(configuration.isExitOnStopLeading()).isFalse();
    assertThat(configuration.getIdentity()).contains("pod-a");
    assertThat(configuration.getLeaseNamespace()).contains("portolan");
  }
}
