package dev.portolan.automation;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.portolan.kit.Problem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Automation's {@code spec.trigger.schedule}: a 5-field cron expression as a Kubernetes CronJob
 * writes it (minute hour day-of-month month day-of-week; names such as {@code MON} and {@code JAN};
 * {@code ?} for "any" in the day fields; the descriptors {@code @yearly}, {@code @annually}, {@code
 * @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}) read as wall-clock
 * times in an IANA time zone (UTC when none is given).
 *
 * <p>Matching is done on the zone's wall clock; {@link #next} maps the matching wall times to
 * instants so that daylight-saving changes neither skip nor double a fixed-time run:
 *
 * <ul>
 *   <li>a wall time the clocks jump over (spring forward: 02:30 in Europe/Berlin on the last
 *       Sunday of March) fires once, at the instant the gap ends (03:00 local time);
 *   <li>a wall time the clocks show twice (fall back) fires once, at its first pass.
 * </ul>
 *
 * A schedule whose hour field is {@code *} (every hour, e.g. {@code *&#47;15 * * * *}) follows
 * elapsed time instead: the minutes of a skipped hour do not exist and do not fire, and those of a
 * repeated hour fire at both passes, so it keeps its rhythm across the change.
 *
 * <p>Immutable and safe to share; {@link #parse} answers problems naming {@code
 * spec.trigger.schedule.cron} or {@code spec.trigger.schedule.timeZone} instead of throwing.
 */
public final class CronSchedule {
  public static final String CRON_FIELD = "spec.trigger.schedule.cron";
  public static final String TIME_ZONE_FIELD = "spec.trigger.schedule.timeZone";
  public static final String INVALID_SCHEDULE = "InvalidSchedule";

  private static final String EXAMPLE = "such as '0 9 * * 1' (09:00 every Monday) or @daily";
  private static final List<String> FIELD_NAMES =
      List.of("minute", "hour", "day-of-month", "month", "day-of-week");
  private static final Map<String, String> DESCRIPTORS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * How far a wall clock can be set back at once (the longest overlap of any zone's rules); every
   * instant after a given one has a wall time no earlier than the given one's less this.
   */
  private static final Duration LONGEST_SHIFT = Duration.ofHours(3);

  /** The instant from which {@link #parse} checks that an expression ever matches. */
  private static final LocalDateTime PROBE_FROM = LocalDateTime.of(2000, 1, 1, 0, 0);

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** A parsed schedule, or the problems that kept it from parsing (never both). */
  public record Parsed(Optional<CronSchedule> schedule, List<Problem> problems) {
    public Parsed {
      problems = List.copyOf(problems);
    }
  }

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime wallClock;
  private final boolean everyHour;

  private CronSchedule(String expression, ZoneId zone, Cron cron) {
    this.expression = expression;
    this.zone = zone;
    this.wallClock = ExecutionTime.forCron(cron);
    this.everyHour = cron.retrieve(CronFieldName.HOUR).getExpression() instanceof Always;
  }

  /**
   * Reads a schedule's cron expression and time zone.
   *
   * @param timeZone an IANA zone name; null or blank means UTC
   */
  public static Parsed parse(String cron, String timeZone) {
    List<Problem> problems = new ArrayList<>();
    Optional<ZoneId> zone = zone(timeZone, problems);
    Optional<Cron> parsed = cron(cron, problems);
    if (zone.isEmpty() || parsed.isEmpty()) {
      return new Parsed(Optional.empty(), problems);
    }
    CronSchedule schedule = new CronSchedule(cron.trim(), zone.get(), parsed.get());
    if (schedule.nextWallTime(PROBE_FROM).isEmpty()) {
      problems.add(
          Problem.at(
              INVALID_SCHEDULE,
              CRON_FIELD,
              "'"
                  + cron.trim()
                  + "' matches no date (no month named has that day, such as 31 in February);"
                  + " pick a day that exists"));
      return new Parsed(Optional.empty(), problems);
    }
    return new Parsed(Optional.of(schedule), problems);
  }

  /** The expression as it was given (trimmed). */
  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * The first instant strictly after {@code after} at which the schedule fires; empty only if the
   * expression matches no date from there on (which {@link #parse} rules out).
   */
  public Optional<Instant> next(Instant after) {
    ZoneRules rules = zone.getRules();
    LocalDateTime wallTime = LocalDateTime.ofInstant(after, zone);
    Optional<LocalDateTime> first = nextWallTime(wallTime);
    if (first.isEmpty()) {
      return Optional.empty();
    }
    ZoneOffsetTransition change = rules.nextTransition(after.minus(LONGEST_SHIFT));
    Instant roughly = first.get().atZone(zone).toInstant();
    if (change == null || change.getInstant().isAfter(roughly.plus(LONGEST_SHIFT))) {
      // No clock change near: wall time and instants run together.
      return Optional.of(roughly);
    }
    // A clock change is near: look at every wall time from the earliest one an instant after
    // `after` can show, until the wall times pass the best instant found by the longest shift.
    Instant best = null;
    LocalDateTime candidate = wallTime.minus(LONGEST_SHIFT);
    while (true) {
      Optional<LocalDateTime> next = nextWallTime(candidate);
      if (next.isEmpty()) {
        break;
      }
      candidate = next.get();
      if (best != null
          && candidate.isAfter(LocalDateTime.ofInstant(best, zone).plus(LONGEST_SHIFT))) {
        break;
      }
      for (Instant firing : firings(rules, candidate)) {
        if (firing.isAfter(after) && (best == null || firing.isBefore(best))) {
          best = firing;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The instants at which one matching wall time fires (none, one or two). */
  private List<Instant> firings(ZoneRules rules, LocalDateTime wallTime) {
    List<ZoneOffset> offsets = rules.getValidOffsets(wallTime);
    if (offsets.size() == 1) {
      return List.of(wallTime.toInstant(offsets.get(0)));
    }
    ZoneOffsetTransition change = rules.getTransition(wallTime);
    if (offsets.isEmpty()) {
      // Skipped by the clocks: a fixed time fires when the gap ends; an hourly rhythm skips it.
      return everyHour ? List.of() : List.of(change.getInstant());
    }
    Instant firstPass = wallTime.toInstant(change.getOffsetBefore());
    Instant secondPass = wallTime.toInstant(change.getOffsetAfter());
    return everyHour ? List.of(firstPass, secondPass) : List.of(firstPass);
  }

  /** The first wall time strictly after the given one that the expression matches. */
  private Optional<LocalDateTime> nextWallTime(LocalDateTime after) {
    return wallClock
        .nextExecution(after.atZone(ZoneOffset.UTC))
        .map(ZonedDateTime::toLocalDateTime);
  }

  private static Optional<ZoneId> zone(String timeZone, List<Problem> problems) {
    if (timeZone == null || timeZone.isBlank()) {
      return Optional.of(ZoneId.of("UTC"));
    }
    String name = timeZone.trim();
    Set<String> known = ZoneId.getAvailableZoneIds();
    if (known.contains(name)) {
      return Optional.of(ZoneId.of(name));
    }
    String hint =
        known.stream()
            .filter(id -> id.equalsIgnoreCase(name))
            .findFirst()
            .map(id -> "; did you mean " + id + "?")
            .orElse("; use a name such as Europe/Berlin, America/New_York or UTC");
    problems.add(
        Problem.at(
            INVALID_SCHEDULE,
            TIME_ZONE_FIELD,
            "'" + timeZone + "' is not an IANA time zone name" + hint));
    return Optional.empty();
  }

  private static Optional<Cron> cron(String cron, List<Problem> problems) {
    if (cron == null || cron.isBlank()) {
      problems.add(
          Problem.at(
              INVALID_SCHEDULE,
              CRON_FIELD,
              "is empty; give five fields (minute hour day-of-month month day-of-week) "
                  + EXAMPLE));
      return Optional.empty();
    }
    String given = cron.trim();
    String lower = given.toLowerCase(Locale.ROOT);
    if (lower.startsWith("tz=") || lower.startsWith("cron_tz=")) {
      problems.add(
          Problem.at(
              INVALID_SCHEDULE,
              CRON_FIELD,
              "'"
                  + given
                  + "' names a time zone; put the zone in "
                  + TIME_ZONE_FIELD
                  + " and only the five fields here"));
      return Optional.empty();
    }
    String fiveFields;
    if (given.startsWith("@")) {
      fiveFields = DESCRIPTORS.get(lower);
      if (fiveFields == null) {
        problems.add(
            Problem.at(
                INVALID_SCHEDULE,
                CRON_FIELD,
                "'"
                    + given
                    + "' is not a supported descriptor; use @yearly, @annually, @monthly, @weekly,"
                    + " @daily, @midnight or @hourly, or five fields such as '*/5 * * * *' (every"
                    + " five minutes)"));
        return Optional.empty();
      }
    } else {
      fiveFields = given;
    }
    String[] fields = WHITESPACE.split(fiveFields);
    if (fields.length != 5) {
      problems.add(
          Problem.at(
              INVALID_SCHEDULE,
              CRON_FIELD,
              "'"
                  + given
                  + "' has "
                  + fields.length
                  + (fields.length == 1 ? " field" : " fields")
                  + "; a schedule has five (minute hour day-of-month month day-of-week), "
                  + EXAMPLE));
      return Optional.empty();
    }
    // A Kubernetes CronJob takes '?' for "any" in the day fields, as '*'.
    for (int day : new int[] {2, 4}) {
      if (fields[day].equals("?")) {
        fields[day] = "*";
      }
    }
    for (int i = 0; i < fields.length; i++) {
      Optional<String> wrong = fieldProblem(i, fields[i]);
      if (wrong.isPresent()) {
        problems.add(
            Problem.at(
                INVALID_SCHEDULE,
                CRON_FIELD,
                "the "
                    + FIELD_NAMES.get(i)
                    + " field '"
                    + fields[i]
                    + "' of '"
                    + given
                    + "' is not valid ("
                    + wrong.get()
                    + "); "
                    + fix(i)));
      }
    }
    if (!problems.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parseWhole(String.join(" ", fields)));
    } catch (IllegalArgumentException e) {
      problems.add(
          Problem.at(
              INVALID_SCHEDULE,
              CRON_FIELD,
              "'"
                  + given
                  + "' is not a valid cron expression ("
                  + e.getMessage()
                  + "); "
                  + EXAMPLE));
      return Optional.empty();
    }
  }

  /** What is wrong with one field, parsed with every other field '*'. */
  private static Optional<String> fieldProblem(int index, String field) {
    String[] probe = {"*", "*", "*", "*", "*"};
    probe[index] = field;
    try {
      parseWhole(String.join(" ", probe));
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Optional.of(message.replace("Failed to parse cron expression. ", ""));
    }
  }

  private static String fix(int index) {
    return switch (index) {
      case 0 -> "minutes are 0-59, e.g. 0, */15 or 0,30";
      case 1 -> "hours are 0-23, e.g. 9, 9-17 or */2";
      case 2 -> "days of the month are 1-31, e.g. 1 or 1,15";
      case 3 -> "months are 1-12 or JAN-DEC, e.g. 1 or JAN-MAR";
      default -> "days of the week are 0-6 (0 is Sunday) or SUN-SAT, e.g. 1-5 or MON-FRI";
    };
  }

  private static Cron parseWhole(String fiveFields) {
    Cron cron;
    synchronized (PARSER) {
      cron = PARSER.parse(fiveFields);
    }
    return cron.validate();
  }

  @Override
  public String toString() {
    return "'" + expression + "' in " + zone.getId();
  }
}
