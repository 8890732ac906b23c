package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** The part of every status that follows the Kubernetes conventions. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class ConditionedStatus {
  @JsonPropertyDescription("The metadata.generation of the spec this status was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Standard Kubernetes conditions. lastTransitionTime changes only when a condition's status"
          + " changes.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyDescription(
      "The problems behind the conditions that are False, each with the field it is in, at most"
          + " 50 (the condition's message says how many more); absent when there are none.")
  @Size(max = 50)
  public List<StatusProblem> problems = new ArrayList<>();
}
