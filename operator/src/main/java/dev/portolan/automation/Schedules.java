package dev.portolan.automation;

import java.time.Instant;

/**
 * What the engine asks of the {@code schedule} trigger: the next instant of a cron schedule in a
 * time zone ({@link CronSchedules}; a test may give a fixed one).
 */
public interface Schedules {
  /**
   * The first instant of the schedule strictly after {@code after}.
   *
   * @param timeZone an IANA zone, or null for UTC
   * @throws IllegalArgumentException when the cron or the zone is not valid, with a message that
   *     says what is wrong
   */
  Instant next(String cron, String timeZone, Instant after);
}
