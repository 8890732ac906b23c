package dev.portolan.controller;

import dev.portolan.kit.ReconcileFailures;
import dev.portolan.kit.StatusWriter;
import dev.portolan.model.ConditionedStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcilers' error-status hook: when a reconcile throws, the resource's status says so with a
 * {@link ReconcileFailures#TYPE} condition (the rest of the status as it was), so kubectl shows the
 * failure instead of a status that silently stopped moving. The SDK retries as configured.
 *
 * <p>A first failure writes nothing: most are gone on the first retry (a conflict, a reconcile cut
 * short by shutdown), and a write then would change resources for nothing. A failure that outlasts
 * a retry is written.
 */
public final class ErrorStatus {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorStatus.class);

  private final StatusWriter statusWriter;
  private final ReconcileFailures failures;

  public ErrorStatus(StatusWriter statusWriter, ReconcileFailures failures) {
    this.statusWriter = statusWriter;
    this.failures = failures;
  }

  /** Writes the failure onto the primary's status; a failure to write it is logged, not thrown. */
  public <S extends ConditionedStatus, P extends CustomResource<?, S>>
      ErrorStatusUpdateControl<P> record(
          P primary, Context<P> context, Exception failure, Supplier<S> empty) {
    boolean retried =
        context
            .getRetryInfo()
            .map(retry -> retry.getAttemptCount() >= 1 || retry.isLastAttempt())
            .orElse(false);
    if (!retried) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    Long generation = primary.getMetadata().getGeneration();
    try {
      statusWriter.write(
          primary,
          context,
          (S current) -> {
            S next = current == null ? empty.get() : Serialization.clone(current);
            next.conditions =
                failures.with(current == null ? null : current.conditions, failure, generation);
            return next;
          });
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not write the failure of {} {}/{} to its status: {}",
          primary.getKind(),
          primary.getMetadata().getNamespace(),
          primary.getMetadata().getName(),
          e.getMessage());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
