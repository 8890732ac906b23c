package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A list answer, {@code {"items": [...], "total": n}}: the items shown and how many there are in
 * all (more than the items when a limit cut the list).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ItemList<T>(List<T> items, int total) {
  /** The whole list: total is its size. */
  public static <T> ItemList<T> of(List<T> items) {
    return new ItemList<>(List.copyOf(items), items.size());
  }
}
