package dev.portolan.web.ui;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A point in time as a page shows it: readable text ({@code 2 Dec 2026, 07:31:05 UTC}) and the
 * ISO-8601 value it came from, which the page keeps in {@code <time datetime>} and its title. A
 * value that is not a timestamp is shown as it is.
 *
 * @param iso the value as the API gives it
 * @param text the value for people
 */
public record Moment(String iso, String text) {
  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  /** The moment of an ISO-8601 timestamp ({@code 2026-12-02T07:31:05Z}, or with an offset). */
  public static Moment of(String iso) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    try {
      Instant instant = OffsetDateTime.parse(iso.strip()).toInstant();
      return new Moment(iso, READABLE.format(instant));
    } catch (DateTimeParseException e) {
      return new Moment(iso, iso);
    }
  }

  /**
   * Whether the text is a timestamp the page could read; else the page shows it without {@code
   * <time>}.
   */
  public boolean readable() {
    return !text.equals(iso);
  }
}
