package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A value read from a related entity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MirroredProperty {
  @Required
  @Pattern("^[a-zA-Z][a-zA-Z0-9_]*(\\.[a-zA-Z][a-zA-Z0-9_]*)+$")
  @JsonPropertyDescription(
      "One or more relation names followed by a field of the related entity, separated by"
          + " dots: for example system.owner, or system.domain.properties.tier. Fields: name,"
          + " namespace, title, owner, description, blueprint, or a property (properties.<name>"
          + " or just <name>). Through a relation with many targets, the result is a list.")
  public String path;

  @JsonPropertyDescription("A human-readable name for the value.")
  public String title;
}
