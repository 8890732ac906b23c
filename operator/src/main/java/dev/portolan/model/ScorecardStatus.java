package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScorecardStatus extends ConditionedStatus {
  @JsonPropertyDescription("How many entities were graded.")
  public Integer entities;

  @JsonPropertyDescription("How many entities are at each level, None included.")
  public Map<String, Integer> levels;

  @JsonPropertyDescription(
      "How many graded entities have at least one rule Waived by an active Waiver.")
  public Integer waived;

  @JsonPropertyDescription("How many graded entities pass, fail and are waived on each rule.")
  public List<RuleSummary> rules;

  @JsonPropertyDescription(
      "The guardrail's mode and what its admission webhook judged since the operator started;"
          + " absent without spec.enforcement.")
  public EnforcementStatus enforcement;

  @JsonPropertyDescription(
      "How many entities were at each level, one point per UTC day, oldest first: at most 400 days"
          + " (over a year); today's point follows the counts until the day ends. Written by the"
          + " leader only; a day the operator did not run has no point.")
  public List<HistoryPoint> history;

  /** The counts of one UTC day: those the last reconcile of that day saw. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HistoryPoint {
    @JsonPropertyDescription("The UTC day, as YYYY-MM-DD.")
    public String date;

    @JsonPropertyDescription("How many entities were graded.")
    public Integer entities;

    @JsonPropertyDescription("How many entities were at each level, None included.")
    public Map<String, Integer> levels;

    public HistoryPoint() {}

    public HistoryPoint(String date, Integer entities, Map<String, Integer> levels) {
      this.date = date;
      this.entities = entities;
      this.levels = levels;
    }
  }

  /** Pass and fail counts of one rule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RuleSummary {
    @JsonPropertyDescription("The rule's name.")
    public String name;

    @JsonPropertyDescription("How many graded entities pass the rule.")
    public Integer passed;

    @JsonPropertyDescription(
        "How many graded entities fail the rule, errors included, and no active Waiver excuses.")
    public Integer failed;

    @JsonPropertyDescription(
        "How many graded entities fail the rule but an active Waiver excuses it (result Waived);"
            + " counted apart from passed and failed.")
    public Integer waived;
  }
}
