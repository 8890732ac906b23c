package dev.portolan.web.ui;

/**
 * How far away an instant is, for people: {@code in 2 d 3 h}, {@code in 40 s}, {@code 5 min ago}.
 */
final class Durations {
  private Durations() {}

  /**
   * @param seconds from now to the instant, negative when it has passed
   */
  static String distance(long seconds) {
    if (seconds == 0) {
      return "now";
    }
    String span = span(Math.abs(seconds));
    return seconds > 0 ? "in " + span : span + " ago";
  }

  /** The two largest units of a positive number of seconds. */
  private static String span(long seconds) {
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long rest = seconds % 60;
    if (days > 0) {
      return days + " d" + (hours > 0 ? " " + hours + " h" : "");
    }
    if (hours > 0) {
      return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
    }
    if (minutes > 0) {
      return minutes + " min" + (rest > 0 ? " " + rest + " s" : "");
    }
    return rest + " s";
  }
}
