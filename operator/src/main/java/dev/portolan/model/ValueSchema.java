package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema subset that describes one value: a blueprint property, an array's items or an
 * action input. The rules below are checked by the API server itself on {@code kubectl apply}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "!has(self.format) || self.type == 'string'",
    message = "format applies only to type string",
    fieldPath = ".format")
@ValidationRule(
    value = "!has(self.format) || self.format in ['url', 'email', 'date-time', 'markdown', 'yaml']",
    message = "format must be one of url, email, date-time, markdown, yaml",
    fieldPath = ".format")
@ValidationRule(
    value = "!has(self.pattern) || self.type == 'string'",
    message = "pattern applies only to type string",
    fieldPath = ".pattern")
@ValidationRule(
    value = "(!has(self.minLength) && !has(self.maxLength)) || self.type == 'string'",
    message = "minLength and maxLength apply only to type string")
@ValidationRule(
    value = "(!has(self.minimum) && !has(self.maximum)) || self.type in ['integer', 'number']",
    message = "minimum and maximum apply only to types integer and number")
@ValidationRule(
    value = "!has(self.minimum) || !has(self.maximum) || self.minimum <= self.maximum",
    message = "minimum must not be greater than maximum",
    fieldPath = ".minimum")
@ValidationRule(
    value = "!has(self.minLength) || !has(self.maxLength) || self.minLength <= self.maxLength",
    message = "minLength must not be greater than maxLength",
    fieldPath = ".minLength")
@ValidationRule(
    value = "!has(self.minItems) || !has(self.maxItems) || self.minItems <= self.maxItems",
    message = "minItems must not be greater than maxItems",
    fieldPath = ".minItems")
public class ValueSchema {
  @JsonPropertyDescription(
      "The value's type: string, integer, number, boolean, array or object.")
  @Required
  @SchemaFrom(type = PropertyType.class)
  public String type;

  @JsonPropertyDescription(
      "For strings, a format that is checked and shown accordingly: url, email, date-time,"
          + " markdown or yaml.")
  public String format;

  @JsonPropertyDescription("A short human-readable name, shown in user interfaces.")
  public String title;

  @JsonPropertyDescription("What the value means, shown in user interfaces.")
  public String description;

  @JsonProperty("enum")
  @JsonPropertyDescription("The only values allowed, of the value's type.")
  public List<JsonNode> enumValues;

  @JsonProperty("default")
  @JsonPropertyDescription(
      "The value used when an entity does not set one. It is applied when the entity is read"
          + " (calculated values, scorecards, the API), never written into the entity's spec.")
  public JsonNode defaultValue;

  @JsonPropertyDescription("For integers and numbers, the smallest value allowed.")
  public Double minimum;

  @JsonPropertyDescription("For integers and numbers, the largest value allowed.")
  public Double maximum;

  @JsonPropertyDescription("For strings, the shortest length allowed.")
  public Long minLength;

  @JsonPropertyDescription("For strings, the longest length allowed.")
  public Long maxLength;

  @JsonPropertyDescription(
      "For strings, a regular expression (ECMA 262 syntax) that the whole value must match.")
  public String pattern;

  @JsonPropertyDescription("For arrays, the fewest items allowed.")
  public Long minItems;

  @JsonPropertyDescription("For arrays, the most items allowed.")
  public Long maxItems;

  @JsonPropertyDescription(
      "For objects, the schema of each member, in the same JSON Schema subset.")
  public Map<String, JsonNode> properties;

  @JsonPropertyDescription("For objects, the members that must be present.")
  public List<String> required;
}
