package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.LinkedHashMap;
import java.util.Map;

/** A rule that turns cluster objects of one kind into entities of the owning blueprint. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public class DiscoveryRule {
  @Required
  @JsonPropertyDescription("The kind of cluster object to watch.")
  public ResourceKind resource;

  @JsonPropertyDescription("Only objects with these labels.")
  public LabelSelector selector;

  @JsonPropertyDescription("Only objects in namespaces with these labels.")
  public LabelSelector namespaceSelector;

  @JsonPropertyDescription(
      "An optional CEL filter over `object`; objects for which it is false are skipped.")
  public String when;

  @Required
  @JsonPropertyDescription("A CEL expression over `object` that gives the entity's name.")
  public String name;

  @JsonPropertyDescription("A CEL expression over `object` that gives the entity's title.")
  public String title;

  @JsonPropertyDescription("A CEL expression over `object` that gives the entity's owner.")
  public String owner;

  @JsonPropertyDescription("CEL expressions over `object`, one per property to set.")
  public Map<String, String> properties = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "CEL expressions over `object`, one per relation to set; each gives an entity reference or a list of them.")
  public Map<String, String> relations = new LinkedHashMap<>();

  /** The apiVersion and kind of a watched resource. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class ResourceKind {
    @Required
    @JsonPropertyDescription("For example apps/v1, or v1 for the core group.")
    public String apiVersion;

    @Required
    @JsonPropertyDescription("For example Deployment.")
    public String kind;
  }
}
