package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlueprintStatus extends ConditionedStatus {
  @JsonPropertyDescription("How many entities use this blueprint.")
  public Integer entities;
}
