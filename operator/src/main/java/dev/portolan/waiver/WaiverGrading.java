package dev.portolan.waiver;

import dev.portolan.action.ActionRecords;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.EntityStatus.WaivedBy;
import dev.portolan.model.Waiver;
import dev.portolan.scorecard.Levels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Applies the active Waivers that cover an entity to its fresh grades: a failing rule a waiver
 * names becomes {@code Waived} (it stays {@code passed: false}, and says which waiver, who approved
 * it and until when), and the level is reached again with waived rules not holding it back. A rule
 * that passes stays passed: it needs no waiver. Pure: it reads only its arguments.
 */
public final class WaiverGrading {
  /** Of two waivers over one rule, the one that lasts longer shows; then the first by name. */
  private static final Comparator<Applicable> LONGEST =
      Comparator.comparing((Applicable a) -> a.state().expiresAt())
          .reversed()
          .thenComparing(a -> a.waiver().getMetadata().getName());

  private final Function<String, Optional<List<String>>> levelsOf;

  /**
   * @param levelsOf a scorecard's levels by its name, lowest first, to reach the level again
   */
  public WaiverGrading(Function<String, Optional<List<String>>> levelsOf) {
    this.levelsOf = levelsOf;
  }

  /**
   * The grades with waivers applied, and when they next change by the clock alone: the earliest
   * expiry of an active waiver that covers the entity (whether or not it waives a rule now, since a
   * rule may fail later), so the entity can be graded again at that second.
   */
  public record Graded(Map<String, ScorecardResult> grades, Optional<Instant> nextExpiry) {}

  private record Applicable(Waiver waiver, WaiverState state) {}

  public Graded apply(
      Entity entity,
      Map<String, ScorecardResult> grades,
      Collection<Waiver> waiversOfNamespace,
      Instant now,
      boolean recorded) {
    List<Applicable> active = new ArrayList<>();
    Instant next = null;
    for (Waiver waiver : waiversOfNamespace) {
      if (!WaiverMatcher.covers(waiver, entity)) {
        continue;
      }
      WaiverState state = WaiverState.of(waiver, now, recorded);
      if (state.active()) {
        active.add(new Applicable(waiver, state));
        if (next == null || state.expiresAt().isBefore(next)) {
          next = state.expiresAt();
        }
      }
    }
    if (active.isEmpty()) {
      return new Graded(grades, Optional.empty());
    }
    active.sort(LONGEST);
    Map<String, ScorecardResult> applied = new TreeMap<>();
    grades.forEach((scorecard, result) -> applied.put(scorecard, apply(scorecard, result, active)));
    return new Graded(applied, Optional.of(next));
  }

  private ScorecardResult apply(String scorecard, ScorecardResult result, List<Applicable> active) {
    if (result.rules == null) {
      return result;
    }
    boolean changed = false;
    List<RuleResult> rules = new ArrayList<>(result.rules.size());
    for (RuleResult rule : result.rules) {
      Optional<Applicable> waiving =
          Boolean.TRUE.equals(rule.passed)
              ? Optional.empty()
              : active.stream()
                  .filter(a -> scorecard.equals(a.waiver().getSpec().scorecard))
                  .filter(
                      a ->
                          a.waiver().getSpec().rules != null
                              && a.waiver().getSpec().rules.contains(rule.name))
                  .findFirst();
      if (waiving.isEmpty()) {
        rules.add(rule);
        continue;
      }
      changed = true;
      RuleResult waived = new RuleResult();
      waived.name = rule.name;
      waived.level = rule.level;
      waived.passed = false;
      waived.error = rule.error;
      waived.result = RuleResult.WAIVED;
      waived.waiver = new WaivedBy();
      waived.waiver.name = waiving.get().waiver().getMetadata().getName();
      waived.waiver.approvedBy =
          waiving.get().state().decider().map(ActionRecords.Identity::username).orElse(null);
      waived.waiver.expiresAt = waiving.get().state().expiresAt().toString();
      rules.add(waived);
    }
    if (!changed) {
      return result;
    }
    ScorecardResult graded = new ScorecardResult();
    graded.rules = rules;
    graded.level =
        levelsOf.apply(scorecard).map(levels -> Levels.reached(levels, rules)).orElse(result.level);
    return graded;
  }
}
