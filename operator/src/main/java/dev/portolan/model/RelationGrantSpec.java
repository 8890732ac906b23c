package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RelationGrantSpec {
  @Required
  @Size(min = 1, max = 100)
  @JsonPropertyDescription("The namespaces whose entities may relate to this namespace's entities, and mirror their values.")
  public List<From> from = new ArrayList<>();

  @Size(max = 100)
  @JsonPropertyDescription("The blueprints of this namespace's entities that may be related to; all of them when empty.")
  public List<@Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> blueprints = new ArrayList<>();

  /** Where relations may come from. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class From {
    @Required
    @Pattern("^(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$")
    @Size(max = 63)
    @JsonPropertyDescription("A namespace whose entities may relate here, or * for every namespace.")
    public String namespace;
  }
}
