package dev.portolan.web.view;

import dev.portolan.web.error.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which part of a scorecard's entities at each level to show: at most {@code limit} per level from
 * {@code offset} on, in namespace and name order; only the lists of {@code level} when it is given
 * (the counts of every level stay). Read from {@code limit}, {@code offset} and {@code level}.
 *
 * @param level the one level whose entities to list, or null for every level
 */
public record LevelPage(String level, int offset, int limit) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** The query parameters it reads. */
  public static final Set<String> PARAMETERS = Set.of("level", "offset", "limit");

  /** The first {@link #DEFAULT_LIMIT} entities of every level. */
  public static final LevelPage FIRST = new LevelPage(null, 0, DEFAULT_LIMIT);

  /** The first {@code limit} entities of every level. */
  public static LevelPage first(int limit) {
    return new LevelPage(null, 0, limit);
  }

  /** Whether the entities at {@code name} are listed. */
  boolean lists(String name) {
    return level == null || level.equals(name);
  }

  /**
   * The page the query asks for, with {@code defaultLimit} when it gives no limit; a malformed
   * value is a 400 naming its parameter and the values it takes.
   */
  public static LevelPage parse(Map<String, List<String>> query, int defaultLimit) {
    String level = one(query, "level");
    int offset = number(query, "offset", 0, Integer.MAX_VALUE, 0);
    int limit = number(query, "limit", 0, MAX_LIMIT, defaultLimit);
    return new LevelPage(level == null || level.isEmpty() ? null : level, offset, limit);
  }

  private static int number(
      Map<String, List<String>> query, String name, int min, int max, int fallback) {
    String text = one(query, name);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    long value = -1;
    if (text.matches("[0-9]{1,10}")) {
      value = Long.parseLong(text);
    }
    if (value < min || value > max) {
      throw ApiException.badRequest(
          name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'",
          name);
    }
    return (int) value;
  }

  private static String one(Map<String, List<String>> query, String name) {
    List<String> values = query.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw ApiException.badRequest(
          name + " is given " + values.size() + " times; give it once", name);
    }
    return values.isEmpty() ? null : values.get(0);
  }
}
