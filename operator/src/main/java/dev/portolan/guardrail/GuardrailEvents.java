package dev.portolan.guardrail;

import dev.portolan.kit.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on the judged workload ({@code GuardrailWarned}, {@code GuardrailDenied}, {@code
 * GuardrailAudited}, {@code GuardrailExempted}), written off the request's thread so they never
 * slow an admission; when too many wait, the newest are dropped (the counts and metrics hold the
 * same facts).
 */
public final class GuardrailEvents implements JudgementEvents, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GuardrailEvents.class);
  private static final String COMPONENT = "portolan-guardrails";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final KubernetesClient client;
  private final Clock clock;
  private final ExecutorService writer =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(1_000),
          r -> {
            Thread thread = new Thread(r, "guardrail-events");
            thread.setDaemon(true);
            return thread;
          },
          new ThreadPoolExecutor.DiscardPolicy());

  public GuardrailEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Records the outcome of a request that was not a dry run (nothing for passed ones). */
  @Override
  public void record(WorkloadRequest request, String scorecard, GuardrailDecision decision) {
    String reason =
        switch (decision.outcome()) {
          case WARNED -> "GuardrailWarned";
          case DENIED -> "GuardrailDenied";
          case AUDITED -> "GuardrailAudited";
          case EXEMPTED -> "GuardrailExempted";
          default -> null;
        };
    if (reason == null || request.dryRun()) {
      return;
    }
    var meta = request.object().getMetadata();
    String message =
        decision.message() != null
            ? decision.message()
            : scorecard
                + ": "
                + (decision.outcome() == Outcome.EXEMPTED ? "exempted, failing " : "failing ")
                + String.join(", ", decision.failedRules())
                + " (by "
                + request.user().username()
                + ")";
    String now = Timestamps.now(clock);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                fit(meta.getName())
                    + "."
                    + Long.toHexString(System.currentTimeMillis())
                    + Long.toHexString(SEQUENCE.incrementAndGet()))
            .withNamespace(meta.getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(request.object().getApiVersion())
            .withKind(request.object().getKind())
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withUid(meta.getUid())
            .endInvolvedObject()
            .withType(decision.outcome() == Outcome.EXEMPTED ? "Normal" : "Warning")
            .withReason(reason)
            .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .build();
    writer.execute(
        () -> {
          try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
          } catch (RuntimeException e) {
            LOG.warn("Could not record {} on {}: {}", reason, request.describe(), e.getMessage());
          }
        });
  }

  private static String fit(String name) {
    return name.length() > 200 ? name.substring(0, 200) : name;
  }

  @Override
  public void close() {
    writer.shutdown();
  }
}
