package dev.portolan.automation;

import java.time.Instant;

/**
 * The id of each kind of occurrence, as the Automation contract fixes them: the same on every
 * delivery and after a restart, so the run an occurrence starts can be named from it.
 */
public final class OccurrenceIds {
  private OccurrenceIds() {}

  public static String created(String entityUid) {
    return "created/" + entityUid;
  }

  public static String deleted(String entityUid) {
    return "deleted/" + entityUid;
  }

  public static String updated(String entityUid, String resourceVersion) {
    return "updated/" + entityUid + "/" + resourceVersion;
  }

  /**
   * A level change, known by the instant and the two levels: statuses write times to the second, so
   * an entity that reaches a level and leaves it within one second has two changes with one {@code
   * levelSince}, told apart by their levels ({@code ""} for none).
   */
  public static String levelChanged(
      String entityUid, String scorecard, String levelSince, String from, String to) {
    return "level/" + entityUid + "/" + scorecard + "/" + levelSince + "/" + from + "/" + to;
  }

  public static String dateTimeReached(String entityUid, String property, String value) {
    return "time/" + entityUid + "/" + property + "/" + value;
  }

  public static String actionFinished(String actionUid) {
    return "finished/" + actionUid;
  }

  public static String schedule(String automationUid, Instant instant) {
    return "schedule/" + automationUid + "/" + instant;
  }
}
