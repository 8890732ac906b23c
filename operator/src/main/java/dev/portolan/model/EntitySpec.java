package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public class EntitySpec {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The name of the Blueprint this entity is an instance of.")
  public String blueprint;

  @Size(max = 256)
  @JsonPropertyDescription("The human-readable name; the resource name is used when empty.")
  public String title;

  @Size(max = 256)
  @JsonPropertyDescription("The owning team: a group name of the identity provider.")
  public String owner;

  @Size(max = 16384)
  @JsonPropertyDescription("What this entity is, in a sentence or two.")
  public String description;

  @Size(max = 64)
  @JsonPropertyDescription("Links shown on the entity's page (runbooks, dashboards, repositories).")
  public List<Link> links = new ArrayList<>();

  @JsonPropertyDescription(
      "Property values, checked against the blueprint's properties; problems are reported in"
          + " status.conditions (type Valid), each with its JSON path.")
  public Map<String, JsonNode> properties = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Relations to other entities, by the blueprint's relation names. Each value is an entity"
          + " reference (`name` in the same namespace, or `namespace/name`), or a list of them for"
          + " a relation with many: true.")
  public Map<String, JsonNode> relations = new LinkedHashMap<>();

  /** A titled link. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Link {
    @Required
    @JsonPropertyDescription("The link's text.")
    public String title;

    @Required
    @Pattern("^https?://.+")
    @JsonPropertyDescription("An http or https URL.")
    public String url;

    public Link() {}

    public Link(String title, String url) {
      this.title = title;
      this.url = url;
    }
  }
}
