package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value =
        "!has(self.required) || self.required.all(r, has(self.properties) && r in self.properties)",
    message = "every name in required must be declared under properties",
    fieldPath = ".required")
@ValidationRule(
    value = "!has(self.properties) || self.properties.all(p, p.matches('^[a-zA-Z][a-zA-Z0-9_]*$'))",
    message =
        "property names must start with a letter and contain only letters, digits and"
            + " underscores, so that expressions can read them as entity.properties.<name>",
    fieldPath = ".properties")
@ValidationRule(
    value = "!has(self.relations) || self.relations.all(r, r.matches('^[a-zA-Z][a-zA-Z0-9_]*$'))",
    message =
        "relation names must start with a letter and contain only letters, digits and"
            + " underscores",
    fieldPath = ".relations")
@ValidationRule(
    value =
        "!has(self.calculated) || !has(self.properties)"
            + " || self.calculated.all(c, !(c in self.properties))",
    message = "a calculated value may not have the name of a property",
    fieldPath = ".calculated")
public class BlueprintSpec {
  @Required
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("The human-readable name of this kind of entity, for example Service.")
  public String title;

  @Size(max = 4096)
  @JsonPropertyDescription("What entities of this blueprint are.")
  public String description;

  @Size(max = 64)
  @JsonPropertyDescription("A free-form icon hint for user interfaces.")
  public String icon;

  @Size(max = 256)
  @JsonPropertyDescription(
      "The properties an entity of this blueprint may set, by name, each with its JSON Schema"
          + " (a subset: type, format, enum, default, minimum, maximum, minLength, maxLength,"
          + " pattern, items, title, description).")
  public Map<String, PropertySchema> properties = new LinkedHashMap<>();

  @Size(max = 256)
  @JsonPropertyDescription("The names of the properties every entity must set.")
  public List<String> required = new ArrayList<>();

  @Size(max = 64)
  @JsonPropertyDescription(
      "The relations an entity of this blueprint may have to other entities, by name.")
  public Map<String, RelationSpec> relations = new LinkedHashMap<>();

  @Size(max = 64)
  @JsonPropertyDescription(
      "Values computed by CEL expressions over `entity`, written to the entity's"
          + " status.calculated.")
  public Map<String, CalculatedProperty> calculated = new LinkedHashMap<>();

  @Size(max = 64)
  @JsonPropertyDescription(
      "Values read through a relation from a related entity, written to the entity's"
          + " status.mirrored.")
  public Map<String, MirroredProperty> mirrored = new LinkedHashMap<>();

  @Size(max = 32)
  @JsonPropertyDescription("Cluster objects that become entities of this blueprint.")
  public List<DiscoveryRule> discovery = new ArrayList<>();
}
