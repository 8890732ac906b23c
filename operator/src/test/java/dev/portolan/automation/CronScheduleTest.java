package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.kit.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  // Europe/Berlin in 2026: clocks go from 02:00 CET to 03:00 CEST at 2026-03-29T01:00Z and from
  // 03:00 CEST back to 02:00 CET at 2026-10-25T01:00Z.

  @Test
  void everyMinuteFiresAtTheNextMinuteStrictlyAfter() {
    CronSchedule schedule = schedule("* * * * *", null);

    assertThat(schedule.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(schedule.next(at("2026-12-02T10:00:30Z"))).contains(at("2026-12-02T10:01:00Z"));
    assertThat(schedule.next(at("2026-12-02T10:01:00Z"))).contains(at("2026-12-02T10:02:00Z"));
  }

  @Test
  void weeklyIsMidnightBeforeSundayInTheZone() {
    assertThat(schedule("@weekly", "").next(at("2026-12-02T12:00:00Z")))
        .contains(at("2026-12-06T00:00:00Z"));
    assertThat(schedule("@weekly", "Europe/Berlin").next(at("2026-12-02T12:00:00Z")))
        .contains(at("2026-12-05T23:00:00Z"));
    assertThat(schedule("@weekly", "Europe/Berlin").next(at("2026-12-05T23:00:00Z")))
        .contains(at("2026-12-12T23:00:00Z"));
  }

  @Test
  void theDescriptorsMeanTheirFiveFields() {
    Instant from = at("2026-12-02T12:34:56Z");
    assertThat(schedule("@hourly", null).next(from)).contains(at("2026-12-02T13:00:00Z"));
    assertThat(schedule("@daily", null).next(from)).contains(at("2026-12-03T00:00:00Z"));
    assertThat(schedule("@midnight", null).next(from)).contains(at("2026-12-03T00:00:00Z"));
    assertThat(schedule("@monthly", null).next(from)).contains(at("2027-01-01T00:00:00Z"));
    assertThat(schedule("@yearly", null).next(from)).contains(at("2027-01-01T00:00:00Z"));
    assertThat(schedule("@ANNUALLY", null).next(from)).contains(at("2027-01-01T00:00:00Z"));
  }

  @Test
  void namesQuestionMarksAndTheDayFieldsReadAsACronJobReadsThem() {
    // 2026-12-05 is a Saturday: the next weekday 09:00 in Berlin is Monday the 7th.
    assertThat(schedule("0 9 ? * mon-FRI", "Europe/Berlin").next(at("2026-12-05T12:00:00Z")))
        .contains(at("2026-12-07T08:00:00Z"));
    // With both day fields restricted, either matches: the 1st (a Friday in January 2027) and
    // every Monday.
    CronSchedule firstOrMonday = schedule("0 9 1 JAN 1", null);
    assertThat(firstOrMonday.next(at("2026-12-31T12:00:00Z"))).contains(at("2027-01-01T09:00:00Z"));
    assertThat(firstOrMonday.next(at("2027-01-01T09:00:00Z"))).contains(at("2027-01-04T09:00:00Z"));
  }

  @Test
  void aFixedTimeTheClocksSkipFiresOnceWhenTheGapEnds() {
    CronSchedule schedule = schedule("30 2 * * *", "Europe/Berlin");

    assertThat(schedule.next(at("2026-03-28T12:00:00Z")))
        .as("02:30 does not exist on 29 March: it fires at 03:00 CEST")
        .contains(at("2026-03-29T01:00:00Z"));
    assertThat(schedule.next(at("2026-03-29T01:00:00Z"))).contains(at("2026-03-30T00:30:00Z"));
    assertThat(schedule("0 2 29 3 *", "Europe/Berlin").next(at("2026-01-01T00:00:00Z")))
        .contains(at("2026-03-29T01:00:00Z"));
  }

  @Test
  void aFixedTimeTheClocksShowTwiceFiresOnceAtItsFirstPass() {
    CronSchedule schedule = schedule("30 2 * * *", "Europe/Berlin");

    assertThat(schedule.next(at("2026-10-24T12:00:00Z")))
        .as("02:30 CEST, the first pass")
        .contains(at("2026-10-25T00:30:00Z"));
    assertThat(schedule.next(at("2026-10-25T00:30:00Z")))
        .as("not 02:30 CET an hour later, but the next day's 02:30 CET")
        .contains(at("2026-10-26T01:30:00Z"));
  }

  @Test
  void aDailyScheduleFiresOnceEveryLocalDayOfAYearWithBothChanges() {
    CronSchedule schedule = schedule("30 2 * * *", "Europe/Berlin");
    Set<LocalDate> days = new HashSet<>();
    List<Instant> firings = new ArrayList<>();
    Instant cursor = at("2025-12-31T23:00:00Z");
    while (true) {
      Instant next = schedule.next(cursor).orElseThrow();
      if (!next.isBefore(at("2026-12-31T23:00:00Z"))) {
        break;
      }
      firings.add(next);
      days.add(next.atZone(BERLIN).toLocalDate());
      cursor = next;
    }
    assertThat(firings).hasSize(365);
    assertThat(days).hasSize(365);
  }

  @Test
  void everyFifteenMinutesKeepsItsRhythmThroughTheSpringGap() {
    CronSchedule schedule = schedule("*/15 * * * *", "Europe/Berlin");

    assertThat(firings(schedule, at("2026-03-29T00:40:00Z"), 4))
        .containsExactly(
            at("2026-03-29T00:45:00Z"), // 01:45 CET
            at("2026-03-29T01:00:00Z"), // 03:00 CEST: 02:00-02:45 do not exist
            at("2026-03-29T01:15:00Z"),
            at("2026-03-29T01:30:00Z"));
    assertThat(schedule("0 * * * *", "Europe/Berlin").next(at("2026-03-29T00:30:00Z")))
        .contains(at("2026-03-29T01:00:00Z"));
  }

  @Test
  void everyFifteenMinutesFiresInBothPassesOfTheAutumnOverlap() {
    CronSchedule schedule = schedule("*/15 * * * *", "Europe/Berlin");

    assertThat(firings(schedule, at("2026-10-25T00:40:00Z"), 9))
        .containsExactly(
            at("2026-10-25T00:45:00Z"), // 02:45 CEST
            at("2026-10-25T01:00:00Z"), // 02:00 CET, the second pass
            at("2026-10-25T01:15:00Z"),
            at("2026-10-25T01:30:00Z"),
            at("2026-10-25T01:45:00Z"),
            at("2026-10-25T02:00:00Z"), // 03:00 CET
            at("2026-10-25T02:15:00Z"),
            at("2026-10-25T02:30:00Z"),
            at("2026-10-25T02:45:00Z"));
    assertThat(schedule.next(at("2026-10-25T00:50:00Z")))
        .as("from 02:50 CEST the next is 02:00 CET, a wall time before it")
        .contains(at("2026-10-25T01:00:00Z"));
    assertThat(schedule.next(at("2026-10-25T01:20:00Z"))).contains(at("2026-10-25T01:30:00Z"));
  }

  @Test
  void invalidFieldsNameTheFieldAndTheFix() {
    assertThat(problem("61 * * * *", null).message())
        .startsWith("spec.trigger.schedule.cron: the minute field '61' of '61 * * * *'")
        .contains("59")
        .endsWith("minutes are 0-59, e.g. 0, */15 or 0,30");
    assertThat(problem("0 9 * 13 *", null).message())
        .contains("the month field '13'")
        .contains("months are 1-12 or JAN-DEC");
    assertThat(problem("0 9 * * funday", null).message()).contains("the day-of-week field");
    assertThat(problem("0 9 L * *", null).message()).contains("the day-of-month field 'L'");
    assertThat(problem("* * * *", null).message())
        .isEqualTo(
            "spec.trigger.schedule.cron: '* * * *' has 4 fields; a schedule has five (minute hour"
                + " day-of-month month day-of-week), such as '0 9 * * 1' (09:00 every Monday) or"
                + " @daily");
    assertThat(problem("0 0 9 * * 1", null).message()).contains("has 6 fields");
    assertThat(problem("", null).message()).startsWith("spec.trigger.schedule.cron: is empty");
    assertThat(problem("@every 5m", null).message())
        .contains("'@every 5m' is not a supported descriptor");
    assertThat(problem("CRON_TZ=Europe/Berlin 0 9 * * *", null).message())
        .contains("put the zone in spec.trigger.schedule.timeZone");
    assertThat(problem("0 0 31 2 *", null).message()).contains("matches no date");
    assertThat(problem("0 0 31 2 *", null).field()).isEqualTo(CronSchedule.CRON_FIELD);
  }

  @Test
  void aZoneThatIsNotAnIanaNameIsNamedWithAFix() {
    Problem misspelt = problem("0 9 * * *", "Europe/Berln");
    assertThat(misspelt.field()).isEqualTo("spec.trigger.schedule.timeZone");
    assertThat(misspelt.reason()).isEqualTo("InvalidSchedule");
    assertThat(misspelt.message())
        .isEqualTo(
            "spec.trigger.schedule.timeZone: 'Europe/Berln' is not an IANA time zone name; use a"
                + " name such as Europe/Berlin, America/New_York or UTC");
    assertThat(problem("0 9 * * *", "europe/berlin").message())
        .endsWith("did you mean Europe/Berlin?");
    assertThat(problem("0 9 * * *", "+02:00").field()).isEqualTo(CronSchedule.TIME_ZONE_FIELD);

    CronSchedule.Parsed both = CronSchedule.parse("0 25 * * *", "Mars/Olympus");
    assertThat(both.schedule()).isEmpty();
    assertThat(both.problems())
        .extracting(Problem::field)
        .containsExactly(CronSchedule.TIME_ZONE_FIELD, CronSchedule.CRON_FIELD);
  }

  private static List<Instant> firings(CronSchedule schedule, Instant from, int count) {
    List<Instant> firings = new ArrayList<>();
    Instant cursor = from;
    for (int i = 0; i < count; i++) {
      cursor = schedule.next(cursor).orElseThrow();
      firings.add(cursor);
    }
    return firings;
  }

  private static CronSchedule schedule(String cron, String zone) {
    CronSchedule.Parsed parsed = CronSchedule.parse(cron, zone);
    assertThat(parsed.problems()).isEmpty();
    return parsed.schedule().orElseThrow();
  }

  private static Problem problem(String cron, String zone) {
    CronSchedule.Parsed parsed = CronSchedule.parse(cron, zone);
    assertThat(parsed.schedule()).isEmpty();
    assertThat(parsed.problems()).hasSize(1);
    return parsed.problems().get(0);
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
