package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "self == oldSelf",
    message = "an Action's spec cannot be changed once created; create a new Action instead")
public class ActionSpec {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The name of the ActionDefinition to run.")
  public String definition;

  @JsonPropertyDescription(
      "The entity to act on (`name` or `namespace/name`); required for Day2 and Delete actions.")
  public String entity;

  @JsonPropertyDescription(
      "The inputs, checked against the definition's input schema before anything runs.")
  public Map<String, JsonNode> inputs = new LinkedHashMap<>();
}
