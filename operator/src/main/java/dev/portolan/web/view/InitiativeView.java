package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An initiative as the portal shows it: its spec, its phase as a whole (from its status), and its
 * counts over the entities the caller may see.
 *
 * @param target the level, or how many named rules must pass
 * @param rules the named rules of the target; empty for a level
 * @param phase OnTrack, AtRisk, Missed or Met over every namespace, as its status says; null until
 *     the spec is Ready and counted
 * @param covered covered entities the caller may see: passing, failing and waived
 * @param waived covered entities that reach the target only thanks to an active Waiver; never
 *     counted as passing
 * @param percent passing out of covered, rounded down; 0 when none
 * @param expectedPercent where the straight line from 0% at the start to 100% at the deadline
 *     stands now; null until counted
 * @param daysLeft whole days to the deadline's day; null until counted
 * @param owners in one initiative, the owners the caller may see with the most failing first (at
 *     most 20); null (absent) in the list
 * @param otherOwners the owners beyond those, summed; null when none (and in the list)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InitiativeView(
    String name,
    String title,
    String description,
    String scorecard,
    String target,
    List<String> rules,
    String startDate,
    String deadline,
    boolean ready,
    String phase,
    String phaseReason,
    int covered,
    int passing,
    int failing,
    int waived,
    int percent,
    Integer expectedPercent,
    Integer daysLeft,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<OwnerProgress> owners,
    @JsonInclude(JsonInclude.Include.NON_NULL) OtherOwners otherOwners) {

  /** One owner's covered entities that the caller may see. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record OwnerProgress(
      String owner, int covered, int passing, int failing, int waived, int percent) {}

  /** The owners not listed one by one, summed. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record OtherOwners(int owners, int covered, int passing, int failing, int waived) {}

  /**
   * An initiative's progress per day.
   *
   * @param shown whether the points are shown: they are counted over every namespace, so only to a
   *     caller who may see each namespace that held a covered entity
   * @param message why they are not shown; null when they are
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record History(
      String name,
      String startDate,
      String deadline,
      boolean shown,
      String message,
      List<Point> points) {}

  /**
   * The figures of one day (UTC).
   *
   * @param waived of the covered, those that reached the target only through a waiver (0 in points
   *     recorded before waivers were counted)
   * @param expectedPercent the straight line from 0% at the start to 100% at the deadline, at the
   *     end of that day
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Point(
      String date, int covered, int passing, int waived, int percent, int expectedPercent) {}
}
