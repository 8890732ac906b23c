package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A scorecard counted over the entities a caller may see: in the list, its summary and the
 * distribution across levels; alone, also each rule's pass rate and the entities at each level.
 *
 * @param entities how many entities it graded
 * @param levels how many graded entities are at each level, None first, then in the scorecard's
 *     order
 * @param rules each rule's tally; null (and absent from the JSON) in the list
 * @param entitiesByLevel a page of the graded entities at each level ({@link LevelPage}), by
 *     namespace and name; null (and absent) in the list
 * @param nextOffset for each level whose list goes on past the page, the {@code offset} of its next
 *     page; null (and absent) in the list
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ScorecardView(
    String name,
    String title,
    String blueprint,
    boolean ready,
    int entities,
    Map<String, Integer> levels,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<RuleTally> rules,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<GradedEntity>> entitiesByLevel,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Integer> nextOffset) {

  /** A scorecard whose entity lists are whole (or absent): no level goes on past them. */
  public ScorecardView(
      String name,
      String title,
      String blueprint,
      boolean ready,
      int entities,
      Map<String, Integer> levels,
      List<RuleTally> rules,
      Map<String, List<GradedEntity>> entitiesByLevel) {
    this(
        name,
        title,
        blueprint,
        ready,
        entities,
        levels,
        rules,
        entitiesByLevel,
        entitiesByLevel == null ? null : Map.of());
  }

  /**
   * One rule over the graded entities.
   *
   * @param title the rule's title, or its name when it has none
   * @param waived failing but excused by an active Waiver: counted apart, never as passed
   * @param passRate passed over graded, rounded to three places; null when no entity was graded
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record RuleTally(
      String name,
      String level,
      String title,
      int passed,
      int failed,
      int waived,
      Double passRate) {}

  /**
   * An entity at a level.
   *
   * @param title its title, or its name when it has none
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record GradedEntity(String namespace, String name, String title, String owner) {}
}
