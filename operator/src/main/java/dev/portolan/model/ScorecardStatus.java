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

  @JsonPropertyDescription("How many graded entities pass and fail each rule.")
  public List<RuleSummary> rules;

  @JsonPropertyDescription(
      "The guardrail's mode and what its admission webhook judged since the operator started;"
          + " absent without spec.enforcement.")
  public EnforcementStatus enforcement;

  /** Pass and fail counts of one rule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RuleSummary {
    @JsonPropertyDescription("The rule's name.")
    public String name;

    @JsonPropertyDescription("How many graded entities pass the rule.")
    public Integer passed;

    @JsonPropertyDescription("How many graded entities fail the rule, errors included.")
    public Integer failed;
  }
}
