package dev.portolan.kit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one way statuses, records and events write a time: RFC 3339 in UTC, to the second. */
public final class Timestamps {
  private Timestamps() {}

  public static String now(Clock clock) {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
