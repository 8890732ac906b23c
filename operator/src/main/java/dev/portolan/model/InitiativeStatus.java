package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class InitiativeStatus extends ConditionedStatus {
  @JsonPropertyDescription(
      "The target as kubectl shows it: the level, or how many named rules must pass.")
  public String target;

  @JsonPropertyDescription(
      "How many entities the initiative covers (passing + failing + waived): graded by the"
          + " scorecard, kept by spec.filter and spec.owners.")
  public Integer covered;

  @JsonPropertyDescription("How many covered entities reach the target on their own grades.")
  public Integer passing;

  @JsonPropertyDescription("How many covered entities do not reach it yet.")
  public Integer failing;

  @JsonPropertyDescription(
      "How many covered entities reach the target only thanks to an active Waiver (a rule it needs"
          + " is Waived); never counted as passing.")
  public Integer waived;

  @JsonPropertyDescription(
      "How many graded entities spec.filter could not be evaluated for; they are not covered.")
  public Integer notEvaluated;

  @JsonPropertyDescription("passing out of covered, in percent, rounded down (0 when none).")
  public Integer percent;

  @JsonPropertyDescription(
      "Where the straight line from 0% on spec.startDate to 100% at the end of spec.deadline"
          + " stands now, in percent rounded down: below it the initiative is AtRisk.")
  public Integer expectedPercent;

  @JsonPropertyDescription(
      "Whole days from today (UTC) to spec.deadline; 0 on the deadline's day and after it.")
  public Integer daysLeft;

  @JsonPropertyDescription(
      "OnTrack, AtRisk (percent below expectedPercent, or nothing covered), Missed (the deadline"
          + " passed with entities failing or waived) or Met (every covered entity passes, none"
          + " through a waiver); absent while the spec is not Ready.")
  public String phase;

  @JsonPropertyDescription(
      "Why the phase is what it is: NotStarted, OnSchedule, BehindSchedule, NothingCovered,"
          + " AllPassing, MetAfterDeadline or DeadlinePassed.")
  public String phaseReason;

  @JsonPropertyDescription("The phase explained for people, with the figures behind it.")
  public String phaseMessage;

  @JsonPropertyDescription(
      "The owners with the most failing covered entities first (at most 20); the rest are summed"
          + " in otherOwners.")
  public List<OwnerProgress> owners = new ArrayList<>();

  @JsonPropertyDescription("The owners left out of owners, summed; absent when none were.")
  public OtherOwners otherOwners;

  @JsonPropertyDescription(
      "One point per day from spec.startDate to spec.deadline (UTC) that the operator saw, the"
          + " newest last, at most 400: the day's last figures.")
  public List<ProgressPoint> history = new ArrayList<>();

  @JsonPropertyDescription(
      "Every namespace that held a covered entity since the operator began recording, at most"
          + " 500; the API shows the history only to callers who may see all of them.")
  public List<String> namespaces = new ArrayList<>();

  @JsonPropertyDescription(
      "True when more namespaces held covered entities than namespaces can list: the history is"
          + " then shown to no one through the API.")
  public Boolean namespacesTruncated;

  /** One owner's covered entities. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OwnerProgress {
    @JsonPropertyDescription("The owner, as the entities' spec.owner names it; empty for none.")
    public String owner;

    @JsonPropertyDescription("Covered entities of this owner.")
    public Integer covered;

    @JsonPropertyDescription("Those that reach the target.")
    public Integer passing;

    @JsonPropertyDescription("Those that do not yet.")
    public Integer failing;

    @JsonPropertyDescription("Those that reach it only thanks to an active Waiver.")
    public Integer waived;
  }

  /** The owners not listed one by one, summed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OtherOwners {
    @JsonPropertyDescription("How many owners are summed here.")
    public Integer owners;

    @JsonPropertyDescription("Their covered entities.")
    public Integer covered;

    @JsonPropertyDescription("Those that reach the target.")
    public Integer passing;

    @JsonPropertyDescription("Those that do not yet.")
    public Integer failing;

    @JsonPropertyDescription("Those that reach it only thanks to an active Waiver.")
    public Integer waived;
  }

  /** The figures of one day. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ProgressPoint {
    @JsonPropertyDescription("The day, YYYY-MM-DD (UTC).")
    public String date;

    @JsonPropertyDescription("Covered entities at the day's last count.")
    public Integer covered;

    @JsonPropertyDescription("Of those, how many reached the target on their own grades.")
    public Integer passing;

    @JsonPropertyDescription(
        "Of those, how many reached it only thanks to an active Waiver; absent in points recorded"
            + " before waivers were counted (read as 0).")
    public Integer waived;

    public ProgressPoint() {}

    public ProgressPoint(String date, int covered, int passing, int waived) {
      this.date = date;
      this.covered = covered;
      this.passing = passing;
      this.waived = waived;
    }

    /** The point's counts; a point without {@code waived} (older) has none. */
    public int waivedOrZero() {
      return waived == null ? 0 : waived;
    }
  }
}
