package dev.portolan.action;

import dev.portolan.model.Action;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Self-service adoption, counted from Action resources as they are: runs per UTC week (weeks start
 * on Monday) by definition and by team, the success rate, the median time from request to done, and
 * the approvals waiting now.
 *
 * <p>Everything but the approvals waiting counts the runs created in the last {@code weeks} weeks,
 * the current one included; older runs the cluster still holds are not counted. The success rate is
 * Succeeded over Succeeded and Failed (a rejected run never ran); the time to done runs from a
 * run's creation to its {@code status.completionTime}, over the runs that succeeded or failed. At
 * most {@link #TEAMS} teams are named, those with the most runs (ties by name); the rest are summed
 * in {@code otherTeams}. Linear in the runs.
 */
public record ActionAdoption(
    List<String> weeks,
    Totals totals,
    List<Series> byDefinition,
    List<Series> byTeam,
    Series otherTeams) {
  /** How many teams are named in {@code byTeam}. */
  public static final int TEAMS = 20;

  /** The team of a run whose entity is unknown or has no owner. */
  public static final String NO_TEAM = "(no owner)";

  /**
   * Over all the counted runs.
   *
   * @param successRate Succeeded / (Succeeded + Failed), three decimals; null before any finished
   * @param medianSecondsToDone null before any run finished with a completion time
   * @param waitingForApproval runs in WaitingForApproval now, whenever created
   */
  public record Totals(
      int runs,
      List<Integer> perWeek,
      int succeeded,
      int failed,
      int rejected,
      Double successRate,
      Long medianSecondsToDone,
      int waitingForApproval) {}

  /** One definition's or team's runs: in all, per week (as {@code weeks}) and their outcomes. */
  public record Series(
      String name,
      int runs,
      List<Integer> perWeek,
      int succeeded,
      int failed,
      Double successRate,
      Long medianSecondsToDone,
      int waitingForApproval) {}

  /**
   * Counts {@code actions} over the last {@code weeks} weeks; {@code teamOf} names a run's team.
   */
  public static ActionAdoption of(
      Collection<Action> actions, Function<Action, String> teamOf, Clock clock, int weeks) {
    LocalDate thisWeek =
        LocalDate.now(clock.withZone(ZoneOffset.UTC))
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate firstWeek = thisWeek.minusWeeks(weeks - 1L);
    List<String> weekNames = new ArrayList<>(weeks);
    for (int i = 0; i < weeks; i++) {
      weekNames.add(firstWeek.plusWeeks(i).toString());
    }
    Tally all = new Tally(weeks);
    Map<String, Tally> definitions = new HashMap<>();
    Map<String, Tally> teams = new HashMap<>();
    int waitingOlder = 0;
    for (Action action : actions) {
      String phase =
          action.getStatus() == null || action.getStatus().phase == null
              ? ActionPhases.PENDING
              : action.getStatus().phase;
      Instant created = instant(action.getMetadata().getCreationTimestamp());
      int week =
          created == null
              ? -1
              : (int)
                  ChronoUnit.WEEKS.between(firstWeek, LocalDate.ofInstant(created, ZoneOffset.UTC));
      if (created == null
          || created.isBefore(firstWeek.atStartOfDay(ZoneOffset.UTC).toInstant())
          || week >= weeks) {
        if (ActionPhases.WAITING_FOR_APPROVAL.equals(phase)) {
          waitingOlder++;
        }
        continue;
      }
      Instant done = action.getStatus() == null ? null : instant(action.getStatus().completionTime);
      Long seconds =
          done == null
                  || !(ActionPhases.SUCCEEDED.equals(phase) || ActionPhases.FAILED.equals(phase))
              ? null
              : Math.max(0, Duration.between(created, done).getSeconds());
      String definition =
          action.getSpec() == null || action.getSpec().definition == null
              ? ""
              : action.getSpec().definition;
      String team = teamOf.apply(action);
      all.add(week, phase, seconds);
      definitions.computeIfAbsent(definition, d -> new Tally(weeks)).add(week, phase, seconds);
      teams
          .computeIfAbsent(team == null || team.isEmpty() ? NO_TEAM : team, t -> new Tally(weeks))
          .add(week, phase, seconds);
    }
    List<Series> byDefinition = series(definitions);
    List<Series> allTeams = series(teams);
    List<Series> named = allTeams.stream().limit(TEAMS).toList();
    Tally rest = new Tally(weeks);
    allTeams.stream().skip(TEAMS).forEach(s -> rest.merge(teams.get(s.name())));
    return new ActionAdoption(
        weekNames,
        new Totals(
            all.runs,
            List.of(boxed(all.perWeek)),
            all.succeeded,
            all.failed,
            all.rejected,
            all.successRate(),
            all.median(),
            all.waiting + waitingOlder),
        byDefinition,
        named,
        rest.runs == 0 ? null : rest.series((allTeams.size() - TEAMS) + " more teams"));
  }

  private static List<Series> series(Map<String, Tally> tallies) {
    List<Series> series = new ArrayList<>(tallies.size());
    tallies.forEach((name, tally) -> series.add(tally.series(name)));
    series.sort(Comparator.comparingInt(Series::runs).reversed().thenComparing(Series::name));
    return series;
  }

  private static Integer[] boxed(int[] counts) {
    Integer[] boxed = new Integer[counts.length];
    for (int i = 0; i < counts.length; i++) {
      boxed[i] = counts[i];
    }
    return boxed;
  }

  private static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static final class Tally {
    final int[] perWeek;
    int runs;
    int succeeded;
    int failed;
    int rejected;
    int waiting;
    final List<Long> toDone = new ArrayList<>();

    Tally(int weeks) {
      perWeek = new int[weeks];
    }

    void add(int week, String phase, Long secondsToDone) {
      runs++;
      perWeek[week]++;
      switch (phase) {
        case ActionPhases.SUCCEEDED -> succeeded++;
        case ActionPhases.FAILED -> failed++;
        case ActionPhases.REJECTED -> rejected++;
        case ActionPhases.WAITING_FOR_APPROVAL -> waiting++;
        default -> {}
      }
      if (secondsToDone != null) {
        toDone.add(secondsToDone);
      }
    }

    void merge(Tally other) {
      runs += other.runs;
      for (int i = 0; i < perWeek.length; i++) {
        perWeek[i] += other.perWeek[i];
      }
      succeeded += other.succeeded;
      failed += other.failed;
      rejected += other.rejected;
      waiting += other.waiting;
      toDone.addAll(other.toDone);
    }

    Double successRate() {
      return succeeded + failed == 0
          ? null
          : Math.round(1000.0 * succeeded / (succeeded + failed)) / 1000.0;
    }

    Long median() {
      if (toDone.isEmpty()) {
        return null;
      }
      List<Long> sorted = new ArrayList<>(toDone);
      sorted.sort(null);
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    Series series(String name) {
      return new Series(
          name, runs, List.of(boxed(perWeek)), succeeded, failed, successRate(), median(), waiting);
    }
  }
}
