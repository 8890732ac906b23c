package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "has(self.entity) != has(self.selector)",
    message =
        "name exactly one of spec.entity (one entity by name) and spec.selector (a label selector"
            + " over the entities of this namespace)")
@ValidationRule(
    value = "self == oldSelf",
    message =
        "a Waiver's spec cannot be changed once created; delete it and request a new Waiver instead")
public class WaiverSpec {
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "The name of the one entity of this namespace the waiver is for; or use selector.")
  public String entity;

  @JsonPropertyDescription(
      "A label selector over the entities of this namespace the waiver is for; or use entity.")
  public LabelSelector selector;

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The scorecard whose rules are waived.")
  public String scorecard;

  @Required
  @Size(min = 1, max = 50)
  @JsonPropertyDescription("The names of the scorecard's rules that are waived.")
  public List<String> rules = new ArrayList<>();

  @Required
  @Size(min = 1, max = 1024)
  @JsonPropertyDescription("Why the rules are waived, for whoever approves and reads it later.")
  public String reason;

  @Required
  @JsonPropertyDescription(
      "When the waiver ends (RFC 3339, e.g. 2027-03-01T00:00:00Z); at most the chart's"
          + " waivers.maxDuration ahead at creation. The entity is graded again at that second.")
  public String expiresAt;
}
