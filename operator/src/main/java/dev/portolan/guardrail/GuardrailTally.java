package dev.portolan.guardrail;

import dev.portolan.catalog.CatalogListener;
import dev.portolan.model.Scorecard;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The admissions this process's webhook judged, per scorecard, in memory: what the scorecard
 * reconciler (the one writer of the scorecard's status) puts in {@code status.enforcement}. Dry
 * runs are not counted. A listener hears the scorecard's name after each count.
 */
public final class GuardrailTally implements CatalogListener {
  /**
   * The counts of one scorecard.
   *
   * @param lastDenied null until one was refused
   */
  public record Counts(
      long judged, long warned, long denied, long audited, long exempted, Denial lastDenied) {
    static final Counts ZERO = new Counts(0, 0, 0, 0, 0, null);

    Counts plus(Outcome outcome, Denial denial) {
      return new Counts(
          judged + 1,
          warned + (outcome == Outcome.WARNED ? 1 : 0),
          denied + (outcome == Outcome.DENIED ? 1 : 0),
          audited + (outcome == Outcome.AUDITED ? 1 : 0),
          exempted + (outcome == Outcome.EXEMPTED ? 1 : 0),
          outcome == Outcome.DENIED ? denial : lastDenied);
    }
  }

  /** A refused workload: {@code Deployment team-a/api}, who asked, why, when (RFC 3339). */
  public record Denial(String object, String user, String message, String time) {}

  private final Map<String, Counts> counts = new ConcurrentHashMap<>();
  private volatile Consumer<String> listener = name -> {};

  public void onChange(Consumer<String> listener) {
    this.listener = listener;
  }

  /** Counts one judged request (not {@link Outcome#NOT_JUDGED}). */
  public void record(String scorecard, Outcome outcome, Denial denial) {
    if (outcome == Outcome.NOT_JUDGED) {
      return;
    }
    counts.merge(scorecard, Counts.ZERO.plus(outcome, denial), (a, b) -> a.plus(outcome, denial));
    listener.accept(scorecard);
  }

  public Counts of(String scorecard) {
    return counts.getOrDefault(scorecard, Counts.ZERO);
  }

  /** Forgets a deleted scorecard. */
  public void forget(String scorecard) {
    counts.remove(scorecard);
  }

  /** Forgets a scorecard the index saw deleted. */
  @Override
  public void scorecardChanged(Scorecard before, Scorecard after) {
    if (after == null) {
      forget(before.getMetadata().getName());
    }
  }
}
