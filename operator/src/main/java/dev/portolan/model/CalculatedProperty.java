package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.ValidationRule;

/** A value computed from the entity by a CEL expression. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CalculatedProperty {
  @Required
  @JsonPropertyDescription(
      "The type the expression must return: string, integer, number, boolean, array or object.")
  @SchemaFrom(type = PropertyType.class)
  public String type;

  @Required
  @Size(min = 1, max = 4096)
  @JsonPropertyDescription(
      "A CEL expression over `entity` (name, namespace, blueprint, title, owner, description,"
          + " labels, properties with defaults applied, relations).")
  public String expression;

  @JsonPropertyDescription("A human-readable name for the value.")
  public String title;
}
