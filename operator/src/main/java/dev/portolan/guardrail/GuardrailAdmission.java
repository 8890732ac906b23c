package dev.portolan.guardrail;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.kit.Timestamps;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges a workload's create or update for one scorecard's guardrail, as the webhook at {@code
 * /admission/guardrails/<scorecard>} asks: the object is graded on the entity it would become by
 * {@link WorkloadGrader} (the same discovery mapping and rules as the live grade), over the
 * blueprints and the scorecard the operator's caches hold now; the exemption annotation is checked
 * against RBAC; the outcome is counted ({@link GuardrailTally}, not for dry runs), measured ({@link
 * GuardrailMetrics}) and put on the workload as an Event ({@link GuardrailEvents}).
 *
 * <p>A request for a scorecard that no longer exists, no longer enforces, or is not ready is
 * admitted unjudged: the webhook configuration follows the scorecards a moment later.
 */
public final class GuardrailAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(GuardrailAdmission.class);

  private final CatalogLookup lookup;
  private final Function<String, Optional<Scorecard>> scorecards;
  private final WorkloadGrader grader;
  private final ExemptionAuthorizer authorizer;
  private final Function<String, Map<String, String>> namespaceLabels;
  private final GuardrailTally tally;
  private final GuardrailMetrics metrics;
  private final JudgementEvents events;
  private final Clock clock;

  public GuardrailAdmission(
      CatalogLookup lookup,
      Function<String, Optional<Scorecard>> scorecards,
      WorkloadGrader grader,
      ExemptionAuthorizer authorizer,
      Function<String, Map<String, String>> namespaceLabels,
      GuardrailTally tally,
      GuardrailMetrics metrics,
      JudgementEvents events,
      Clock clock) {
    this.lookup = lookup;
    this.scorecards = scorecards;
    this.grader = grader;
    this.authorizer = authorizer;
    this.namespaceLabels = namespaceLabels;
    this.tally = tally;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
  }

  public GuardrailDecision judge(String scorecardName, WorkloadRequest request) {
    long start = System.nanoTime();
    GuardrailDecision decision = decide(scorecardName, request);
    metrics.judged(
        scorecardName,
        decision.outcome(),
        request.dryRun(),
        Duration.ofNanos(System.nanoTime() - start));
    if (!request.dryRun() && decision.outcome() != Outcome.NOT_JUDGED) {
      tally.record(
          scorecardName,
          decision.outcome(),
          decision.outcome() == Outcome.DENIED
              ? new GuardrailTally.Denial(
                  request.describe(),
                  request.user().username(),
                  decision.message(),
                  Timestamps.now(clock))
              : null);
      events.record(request, scorecardName, decision);
    }
    return decision;
  }

  private GuardrailDecision decide(String scorecardName, WorkloadRequest request) {
    Optional<Scorecard> scorecard = scorecards.apply(scorecardName);
    if (scorecard.isEmpty() || request.object() == null || request.object().getMetadata() == null) {
      return GuardrailDecision.notJudged();
    }
    GuardrailPolicy.Resolution resolution = GuardrailPolicy.of(scorecard.get());
    if (!resolution.enforced()) {
      return GuardrailDecision.notJudged();
    }
    // Every scorecard of the catalog, not this one alone: the grader then keeps one compiled set
    // of the catalog's definitions, whichever scorecard's webhook asks.
    Map<String, Scorecard> all = new java.util.TreeMap<>();
    for (Blueprint blueprint : lookup.blueprints()) {
      lookup
          .scorecardsOfBlueprint(blueprint.getMetadata().getName())
          .forEach(s -> all.put(s.getMetadata().getName(), s));
    }
    all.put(scorecardName, scorecard.get());
    List<WorkloadVerdict> verdicts =
        grader.grade(lookup.blueprints(), all.values(), request.object(), namespaceLabels);
    WorkloadVerdict verdict =
        verdicts.stream()
            .filter(v -> scorecardName.equals(v.scorecard()) && v.graded())
            .findFirst()
            .orElse(null);
    return GuardrailJudge.judge(
        resolution.policy(), verdict, exemption(scorecardName, request), request);
  }

  private GuardrailJudge.Exemption exemption(String scorecard, WorkloadRequest request) {
    if (!Exemptions.named(request.object()).contains(scorecard)) {
      return GuardrailJudge.Exemption.NONE;
    }
    if (Exemptions.named(request.oldObject()).contains(scorecard)) {
      return GuardrailJudge.Exemption.KEPT;
    }
    String namespace = request.object().getMetadata().getNamespace();
    try {
      return authorizer.mayExempt(request.user(), scorecard, namespace)
          ? GuardrailJudge.Exemption.PERMITTED
          : GuardrailJudge.Exemption.NOT_PERMITTED;
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not ask whether {} may exempt {} from {}: {}",
          request.user().username(),
          request.describe(),
          scorecard,
          e.getMessage());
      return GuardrailJudge.Exemption.NOT_PERMITTED;
    }
  }
}
