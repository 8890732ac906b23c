package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.portolan.model.EntityStatus;
import java.util.List;
import java.util.Map;

/**
 * One entity as its page and {@code GET /api/v1/namespaces/{namespace}/entities/{name}} show it.
 *
 * @param entity the entity as {@link dev.portolan.search.EntityJson} serializes it, answered as is
 * @param relations its relations both ways, each resolved to the related entity
 * @param scorecards its grades by scorecard, as its status holds them (empty before the first)
 * @param actions the definitions it offers; null (and absent from the JSON) when the portal serves
 *     no actions
 * @param recentRuns its most recent runs, newest first; null (and absent) as {@code actions}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EntityDetail(
    @JsonRawValue String entity,
    Relations relations,
    Map<String, EntityStatus.ScorecardResult> scorecards,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<ActionDefinitionView> actions,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<RunView> recentRuns) {

  /**
   * The relations of an entity: to others ({@code outgoing}) and from others ({@code incoming}).
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Relations(List<RelatedEntity> outgoing, List<RelatedEntity> incoming) {}

  /**
   * A related entity: the relation, its namespace and name, and when it exists its title (its name
   * when it has none) and blueprint. Title and blueprint are absent from the JSON when it does not.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record RelatedEntity(
      String relation,
      String namespace,
      String name,
      @JsonInclude(JsonInclude.Include.NON_NULL) String title,
      @JsonInclude(JsonInclude.Include.NON_NULL) String blueprint,
      boolean exists) {}

  /** The same view with the actions the entity offers and its recent runs. */
  public EntityDetail withActions(List<ActionDefinitionView> offered, List<RunView> recent) {
    return new EntityDetail(entity, relations, scorecards, offered, recent);
  }
}
