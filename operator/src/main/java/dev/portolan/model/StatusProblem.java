package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;

/** One problem a status lists beside the condition that sums it up. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"field", "message", "reason"})
public class StatusProblem {
  @JsonPropertyDescription(
      "The field the problem is in, as a path into the resource (for example"
          + " spec.properties.replicas); absent when it concerns the resource as a whole.")
  public String field;

  @Required
  @JsonPropertyDescription("What is wrong and how to fix it, naming the field.")
  public String message;

  @JsonPropertyDescription("The problem's reason, as a condition's reason would give it.")
  public String reason;

  public StatusProblem() {}

  public StatusProblem(String field, String message, String reason) {
    this.field = field;
    this.message = message;
    this.reason = reason;
  }
}
