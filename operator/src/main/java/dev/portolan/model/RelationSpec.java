package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A named relation from entities of one blueprint to entities of another. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RelationSpec {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The name of the blueprint every related entity must have.")
  public String target;

  @JsonPropertyDescription("Whether every entity of this blueprint must set this relation.")
  public Boolean required;

  @JsonPropertyDescription(
      "Whether the relation holds a list of references (true) or a single one (false, the"
          + " default).")
  public Boolean many;

  @JsonPropertyDescription("A human-readable name for the relation.")
  public String title;

  public boolean isRequired() {
    return Boolean.TRUE.equals(required);
  }

  public boolean isMany() {
    return Boolean.TRUE.equals(many);
  }
}
