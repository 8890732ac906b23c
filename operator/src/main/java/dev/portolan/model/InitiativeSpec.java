package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "has(self.level) != has(self.rules)",
    message =
        "give exactly one target: spec.level (a level of the scorecard) or spec.rules (rule names)",
    fieldPath = ".level")
@ValidationRule(
    value = "self.deadline > self.startDate",
    message = "spec.deadline must come after spec.startDate",
    fieldPath = ".deadline")
public class InitiativeSpec {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The scorecard whose live grades the initiative counts.")
  public String scorecard;

  @Size(max = 128)
  @JsonPropertyDescription("The human-readable name.")
  public String title;

  @Size(max = 4096)
  @JsonPropertyDescription("What the initiative asks of the teams and why.")
  public String description;

  @Size(max = 63)
  @JsonPropertyDescription(
      "The target: a covered entity passes when its grade on the scorecard is this level or a"
          + " higher one. One of the scorecard's spec.levels; give this or spec.rules.")
  public String level;

  @Size(min = 1, max = 100)
  @JsonPropertyDescription(
      "The target as rule names of the scorecard: a covered entity passes when it passes every"
          + " one of them. Give this or spec.level.")
  public List<String> rules;

  @Size(max = 4096)
  @JsonPropertyDescription(
      "An optional CEL expression over `entity` (as scorecard filters read it, with its calculated"
          + " and mirrored values): only the graded entities for which it is true are covered. An"
          + " entity for which it fails at run time is not covered and is counted in"
          + " status.notEvaluated.")
  public String filter;

  @Size(max = 100)
  @JsonPropertyDescription(
      "When given, only the entities whose spec.owner is one of these are covered.")
  public List<String> owners;

  @Required
  @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
  @JsonPropertyDescription(
      "The day the initiative starts, YYYY-MM-DD (UTC, from 00:00): progress is recorded from"
          + " this day on.")
  public String startDate;

  @Required
  @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
  @JsonPropertyDescription(
      "The last day to meet the target, YYYY-MM-DD (UTC, until 24:00); after it the initiative is"
          + " Met or Missed.")
  public String deadline;
}
