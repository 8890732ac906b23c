package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EntityStatus extends ConditionedStatus {
  @JsonPropertyDescription("The values of the blueprint's calculated properties.")
  public Map<String, JsonNode> calculated = new TreeMap<>();

  @JsonPropertyDescription("The values of the blueprint's mirrored properties.")
  public Map<String, JsonNode> mirrored = new TreeMap<>();

  @JsonPropertyDescription(
      "This entity's grade on each scorecard of its blueprint, by scorecard name.")
  public Map<String, ScorecardResult> scorecards = new TreeMap<>();

  @JsonPropertyDescription("For a discovered entity, the cluster object it was discovered from.")
  public Source source;

  /** The grade of one entity on one scorecard. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class ScorecardResult {
    @JsonPropertyDescription(
        "The highest level whose rules, and those of every lower level, all pass; None below the first.")
    public String level;

    @JsonPropertyDescription(
        "The level before the last change of level; absent for a first grade. Kept while the"
            + " level stays, so automations replay a level change after a restart.")
    public String previousLevel;

    @JsonPropertyDescription("When the entity reached its level (RFC 3339); kept while it stays.")
    public String levelSince;

    @JsonPropertyDescription("Each rule's result.")
    public List<RuleResult> rules;
  }

  /** The result of one scorecard rule for one entity. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RuleResult {
    /** The value of {@link #result} for a failing rule an active Waiver excuses. */
    public static final String WAIVED = "Waived";

    @JsonPropertyDescription("The rule's name.")
    public String name;

    @JsonPropertyDescription("The level the rule belongs to.")
    public String level;

    @JsonPropertyDescription("Whether the rule passed.")
    public Boolean passed;

    @JsonPropertyDescription(
        "The evaluation error, when the rule could not be evaluated (it then counts as failed).")
    public String error;

    @JsonPropertyDescription(
        "Waived when the rule fails but an active Waiver excuses it (passed stays false: a waived"
            + " rule is never shown as passed, and does not hold the entity's level back); absent"
            + " otherwise.")
    public String result;

    @JsonPropertyDescription("The Waiver that excuses the rule, when result is Waived.")
    public WaivedBy waiver;
  }

  /** The active Waiver behind a Waived rule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class WaivedBy {
    @JsonPropertyDescription("The Waiver's name, in the entity's namespace.")
    public String name;

    @JsonPropertyDescription("Who approved the Waiver, as recorded by admission.")
    public String approvedBy;

    @JsonPropertyDescription("When the Waiver ends (RFC 3339); the entity is graded again then.")
    public String expiresAt;
  }

  /** The cluster object a discovered entity comes from. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Source {
    @JsonPropertyDescription("The source object's apiVersion, for example apps/v1.")
    public String apiVersion;

    @JsonPropertyDescription("The source object's kind, for example Deployment.")
    public String kind;

    @JsonPropertyDescription("The source object's namespace; empty for a cluster-scoped object.")
    public String namespace;

    @JsonPropertyDescription("The source object's name.")
    public String name;

    @JsonPropertyDescription("The source object's uid.")
    public String uid;
  }
}
