package dev.portolan;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lease that decides which replica reconciles, held under a stable identity (the Pod's name),
 * so that a restarted container takes its own lease back at once, and handed over on shutdown, so
 * that another replica takes over within its retry period instead of waiting for the lease to run
 * out.
 *
 * <p>The SDK's own exit on a lost lease calls {@code System.exit} from whatever thread loses it,
 * which deadlocks when that thread is the JVM's shutdown hook stopping the operator. Here a lease
 * lost while the process is not stopping exits from a thread of its own (nothing may reconcile
 * without the lease, and the SDK cannot start its controllers again), and a lease given up while
 * stopping is expected.
 */
public final class LeaderLease {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);

  private final String name;
  private final String namespace;
  private final String identity;
  private final Clock clock;
  private final AtomicBoolean steppingDown = new AtomicBoolean();
  private final Runnable exit;

  /**
   * @param identity who holds the lease: unique among replicas and stable across a container's
   *     restarts
   */
  public LeaderLease(String name, String namespace, String identity, Clock clock) {
    this(name, namespace, identity, clock, () -> System.exit(1));
  }

  LeaderLease(String name, String namespace, String identity, Clock clock, Runnable exit) {
    this.name = Objects.requireNonNull(name, "name");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.clock = clock;
    this.exit = exit;
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  public String identity() {
    return identity;
  }

  /**
   * The SDK's configuration: reconcile while holding the lease, and call {@code onStartLeading}
   * when it starts.
   */
  LeaderElectionConfiguration configuration(Runnable onStartLeading) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(name)
        .withLeaseNamespace(namespace)
        .withIdentity(identity)
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(
            new LeaderCallbacks(
                onStartLeading,
                this::stoppedLeading,
                leader -> LOG.info("Lease {}/{} is held by {}", namespace, name, leader)))
        .build();
  }

  private void stoppedLeading() {
    if (steppingDown.get()) {
      LOG.info("Gave up lease {}/{} on shutdown", namespace, name);
      return;
    }
    LOG.error(
        "Lost lease {}/{} (could not renew it in time); exiting so that this replica rejoins as a follower",
        namespace,
        name);
    Thread exiting = new Thread(exit, "lease-lost-exit");
    exiting.setDaemon(false);
    exiting.start();
  }

  /**
   * Says that the process is stopping: losing the lease from now on is expected. Call before
   * stopping the SDK.
   */
  void stepDown() {
    steppingDown.set(true);
  }

  /**
   * Empties the lease if this replica still holds it, so that a follower may take it at its next
   * try; call once nothing of this process reconciles any more. A lease someone else holds is left
   * alone.
   *
   * @return whether the lease was handed over
   */
  boolean release(KubernetesClient client) {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      if (lease == null
          || lease.getSpec() == null
          || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(ZonedDateTime.now(clock).withNano(0));
      client
          .leases()
          .inNamespace(namespace)
          .resource(lease)
          .update(); // optimistic: only if unchanged since read
      LOG.info("Handed over lease {}/{}", namespace, name);
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not hand over lease {}/{} ({}); another replica takes it once it runs out",
          namespace,
          name,
          e.getMessage());
      return false;
    }
  }
}
