package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A scorecard's daily level counts as the API shows them.
 *
 * @param scope {@link #CLUSTER}: the stored daily history, over every namespace (the caller may see
 *     them all); {@link #NAMESPACES}: only today's counts over the namespaces the caller may see
 * @param levels every level that a point may name, None first, then the scorecard's order
 * @param points oldest first, one per UTC day
 * @param withheld why the history is not shown, when {@code scope} is {@link #NAMESPACES}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ScorecardHistoryView(
    String scorecard,
    String scope,
    List<String> levels,
    List<Point> points,
    @JsonInclude(JsonInclude.Include.NON_NULL) String withheld) {
  public static final String CLUSTER = "cluster";
  public static final String NAMESPACES = "namespaces";

  /** One UTC day: its date (YYYY-MM-DD), the entities graded and the count at each level. */
  public record Point(String date, int entities, Map<String, Integer> levels) {}
}
