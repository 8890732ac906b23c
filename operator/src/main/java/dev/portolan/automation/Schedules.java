package dev.portolan.automation;

import java.time.Instant;

/**
 * The seam for the {@code schedule} trigger: the next instant of a cron schedule in a time zone.
 * The composition root wires the cron implementation; until then {@link #NOT_WIRED} makes every
 * schedule automation report, on {@code spec.trigger.schedule}, that schedules are not available in
 * this build.
 */
public interface Schedules {
  /** No schedules: a schedule trigger is reported, never silently ignored. */
  Schedules NOT_WIRED =
      new Schedules() {
        @Override
        public boolean wired() {
          return false;
        }

        @Override
        public Instant next(String cron, String timeZone, Instant after) {
          throw new IllegalStateException("schedules are not wired");
        }
      };

  boolean wired();

  /**
   * The first instant of the schedule strictly after {@code after}.
   *
   * @param timeZone an IANA zone, or null for UTC
   * @throws IllegalArgumentException when the cron or the zone is not valid, with a message that
   *     says what is wrong
   */
  Instant next(String cron, String timeZone, Instant after);
}
