package dev.portolan.kit;

import java.util.List;

/**
 * Joins problem messages into one condition message of bounded length: at most {@value #MAX_ITEMS}
 * items and {@value #MAX_LENGTH} characters, then "and N more".
 */
public final class Messages {
  static final int MAX_LENGTH = 4096;

  /** The most items a message names, and the most problems a status lists. */
  public static final int MAX_ITEMS = 50;

  private Messages() {}

  public static String join(List<?> items) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      String next = String.valueOf(items.get(i));
      String separator = out.length() == 0 ? "" : "; ";
      if (i == MAX_ITEMS || out.length() + separator.length() + next.length() > MAX_LENGTH) {
        out.append(separator).append("and ").append(items.size() - i).append(" more");
        break;
      }
      out.append(separator).append(next);
    }
    return out.toString();
  }
}
