package dev.portolan.initiative;

import dev.portolan.kit.Conditions;
import dev.portolan.kit.Problem;
import dev.portolan.kit.Problems;
import dev.portolan.model.InitiativeStatus;
import dev.portolan.model.InitiativeStatus.OtherOwners;
import dev.portolan.model.InitiativeStatus.OwnerProgress;
import dev.portolan.model.InitiativeStatus.ProgressPoint;
import dev.portolan.model.StatusProblem;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds an initiative's whole status from its problems, its standings over every namespace, the
 * status it has (for the history and the namespaces seen so far) and the clock: the Ready
 * condition, the counts, the bounded owners, today's point of progress and the phase.
 */
public final class InitiativeStatusBuilder {
  public static final String READY = "Ready";

  /** How many namespaces a status lists as having held covered entities. */
  public static final int MAX_NAMESPACES = 500;

  private final Conditions conditions;
  private final Clock clock;

  public InitiativeStatusBuilder(Conditions conditions, Clock clock) {
    this.conditions = conditions;
    this.clock = clock;
  }

  /**
   * @param tally the standings over every namespace; ignored when there are problems
   */
  public InitiativeStatus build(
      InitiativeStatus current,
      CompiledInitiative initiative,
      List<Problem> problems,
      InitiativeStandings.Tally tally,
      Long generation) {
    List<Condition> existing = current == null ? List.of() : current.conditions;
    boolean ready = problems.isEmpty();
    InitiativeStatus status = new InitiativeStatus();
    status.observedGeneration = generation;
    status.conditions =
        Conditions.list(
            conditions.build(
                existing,
                READY,
                ready,
                Problems.reason(problems, "Valid"),
                ready
                    ? "The initiative is valid and counts the grades of scorecard '"
                        + initiative.scorecard()
                        + "'"
                    : Problems.message(problems) + "; nothing is counted until this is fixed",
                generation));
    status.problems = Problems.listed(problems, StatusProblem::new);
    if (current != null) { // kept while the spec is broken: the history outlives a typo
      status.history = current.history == null ? new ArrayList<>() : current.history;
      status.namespaces = current.namespaces == null ? new ArrayList<>() : current.namespaces;
      status.namespacesTruncated = current.namespacesTruncated;
    }
    if (!ready) {
      return status;
    }
    Instant now = clock.instant();
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    Counts counts = tally.total();
    status.target = initiative.target().describe();
    status.covered = counts.covered();
    status.passing = counts.passing();
    status.failing = counts.failing();
    status.waived = counts.waived();
    status.notEvaluated = tally.notEvaluated();
    List<ProgressPoint> history =
        ProgressHistory.record(
            current == null ? null : current.history,
            today,
            initiative.start(),
            initiative.deadline(),
            counts);
    status.history = history;
    Counts atDeadline =
        ProgressHistory.on(history, initiative.deadline())
            .map(ProgressHistory::counts)
            .orElse(null);
    PhaseAssessment phase =
        PhaseAssessment.of(
            counts,
            initiative.target().describe(),
            initiative.start(),
            initiative.deadline(),
            now,
            atDeadline);
    status.percent = phase.percent();
    status.expectedPercent = phase.expectedPercent();
    status.daysLeft = phase.daysLeft();
    status.phase = phase.phase().name();
    status.phaseReason = phase.reason();
    status.phaseMessage = phase.message();
    OwnerProgressList.Bounded owners =
        OwnerProgressList.of(tally.owners(), OwnerProgressList.LIMIT);
    status.owners = new ArrayList<>(owners.top().size());
    for (OwnerProgressList.Owner owner : owners.top()) {
      OwnerProgress progress = new OwnerProgress();
      progress.owner = owner.owner();
      progress.covered = owner.counts().covered();
      progress.passing = owner.counts().passing();
      progress.failing = owner.counts().failing();
      progress.waived = owner.counts().waived();
      status.owners.add(progress);
    }
    if (owners.others() > 0) {
      status.otherOwners = new OtherOwners();
      status.otherOwners.owners = owners.others();
      status.otherOwners.covered = owners.othersCounts().covered();
      status.otherOwners.passing = owners.othersCounts().passing();
      status.otherOwners.failing = owners.othersCounts().failing();
      status.otherOwners.waived = owners.othersCounts().waived();
    }
    // Only days of the initiative's life are recorded, so only their namespaces are kept.
    if (!today.isBefore(initiative.start()) && !today.isAfter(initiative.deadline())) {
      TreeSet<String> seen = new TreeSet<>(status.namespaces);
      seen.addAll(tally.namespaces());
      boolean truncated = Boolean.TRUE.equals(status.namespacesTruncated);
      if (seen.size() > MAX_NAMESPACES) {
        truncated = true;
        status.namespaces = new ArrayList<>(new ArrayList<>(seen).subList(0, MAX_NAMESPACES));
      } else {
        status.namespaces = new ArrayList<>(seen);
      }
      status.namespacesTruncated = truncated ? Boolean.TRUE : null;
    }
    return status;
  }
}
