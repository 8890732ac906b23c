package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "self.operation in ['Create', 'Day2', 'Delete']",
    message = "operation must be one of Create, Day2, Delete",
    fieldPath = ".operation")
@ValidationRule(
    value =
        "!has(self.approval) || !has(self.approval.required) || !self.approval.required"
            + " || (has(self.approval.approvers) && ((has(self.approval.approvers.groups) && size(self.approval.approvers.groups) > 0)"
            + " || (has(self.approval.approvers.users) && size(self.approval.approvers.users) > 0)))",
    message = "an action that requires approval must name approvers (groups or users)",
    fieldPath = ".approval")
public class ActionDefinitionSpec {
  @Required
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("The human-readable name, shown on the portal's action buttons.")
  public String title;

  @Size(max = 4096)
  @JsonPropertyDescription("What the action does.")
  public String description;

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The blueprint of the entities this action works on (or creates).")
  public String blueprint;

  @Required
  @JsonPropertyDescription(
      "Create (makes a new entity from the Job's outputs), Day2 (works on an existing entity) or Delete (deletes the entity when the Job succeeds).")
  public String operation;

  @Size(max = 4096)
  @JsonPropertyDescription(
      "An optional CEL expression over `entity`: the action is offered only for entities for which it is true.")
  public String condition;

  @JsonPropertyDescription(
      "The inputs a run takes, in the same JSON Schema subset as blueprint properties.")
  public Inputs inputs;

  @JsonPropertyDescription("Whether runs wait for an approval, and who may give it.")
  public Approval approval;

  @JsonPropertyDescription(
      "Who may run this action; empty means anyone allowed to create Actions in the namespace.")
  public Subjects allowed;

  @Required
  @JsonPropertyDescription(
      "A batch/v1 JobSpec that runs the action. Portolan adds the inputs, the entity and restricted security defaults.")
  public JsonNode job;

  @JsonPropertyDescription("How many finished runs to keep.")
  public History history;

  /** The input schema of an action. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @ValidationRule(
      value =
          "!has(self.required) || self.required.all(r, has(self.properties) && r in self.properties)",
      message = "every name in required must be declared under properties",
      fieldPath = ".required")
  public static class Inputs {
    @Size(max = 64)
    @JsonPropertyDescription("Each input's schema, by name.")
    public Map<String, PropertySchema> properties = new LinkedHashMap<>();

    @Size(max = 64)
    @JsonPropertyDescription("The inputs that every run must give.")
    public List<String> required = new ArrayList<>();
  }

  /** The approval policy of an action. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Approval {
    @JsonPropertyDescription("Whether each run waits for an approval before its Job starts.")
    public Boolean required;

    @JsonPropertyDescription("Who may approve or reject runs.")
    public Subjects approvers;
  }

  /** A set of users and groups, as the API server authenticates them. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Subjects {
    @Size(max = 64)
    @JsonPropertyDescription("Group names.")
    public List<String> groups = new ArrayList<>();

    @Size(max = 64)
    @JsonPropertyDescription("User names.")
    public List<String> users = new ArrayList<>();
  }

  /** How many finished runs are kept. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class History {
    @Min(0)
    @Max(1000)
    @JsonPropertyDescription(
        "Finished Actions kept per definition and namespace, newest first; older ones are deleted with their Jobs.")
    public Integer keep;
  }
}
