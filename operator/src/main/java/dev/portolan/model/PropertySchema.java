package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The schema of one blueprint property or action input: a value schema that may have items. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.items) || self.type == 'array'",
    message = "items applies only to type array",
    fieldPath = ".items")
@ValidationRule(
    value = "(!has(self.minItems) && !has(self.maxItems)) || self.type == 'array'",
    message = "minItems and maxItems apply only to type array")
public class PropertySchema extends ValueSchema {
  @JsonPropertyDescription("For arrays, the schema every item must satisfy.")
  public ValueSchema items;
}
