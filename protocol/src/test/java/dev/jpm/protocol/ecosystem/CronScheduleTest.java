package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Parsing crontab(5) fields and the next firing after a given instant. */
class CronScheduleTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static String next(String schedule, String after) {
        return CronSchedule.parse(schedule).next(Instant.parse(after), UTC).toString();
    }

    private static String refused(String schedule) {
        return assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(schedule)).getMessage();
    }

    @Test
    void everyMinuteFiresAtTheNextWholeMinute() {
        assertEquals("2026-11-23T19:31:00Z", next("* * * * *", "2026-11-23T19:30:00Z"));
        assertEquals("2026-11-23T19:31:00Z", next("* * * * *", "2026-11-23T19:30:59.999Z"));
    }

    @Test
    void dailyAtThreeRollsOverToTomorrowOnceItHasPassed() {
        assertEquals("2026-11-24T03:00:00Z", next("0 3 * * *", "2026-11-23T03:00:00Z"));
        assertEquals("2026-11-23T03:00:00Z", next("0 3 * * *", "2026-11-23T02:59:00Z"));
    }

    @Test
    void listsRangesAndSteps() {
        assertEquals("2026-11-23T10:15:00Z", next("*/15 9-17 * * *", "2026-11-23T10:00:00Z"));
        assertEquals("2026-11-23T09:00:00Z", next("*/15 9-17 * * *", "2026-11-23T03:00:00Z"));
        assertEquals("2026-11-24T09:00:00Z", next("*/15 9-17 * * *", "2026-11-23T17:45:00Z"));
        assertEquals("2026-11-23T10:50:00Z", next("10-50/20 * * * *", "2026-11-23T10:30:00Z"));
        assertEquals("2026-11-23T11:05:00Z", next("5,35 * * * *", "2026-11-23T10:35:00Z"));
        // "5/20" is 5-59/20, as in Vixie cron
        assertEquals("2026-11-23T10:45:00Z", next("5/20 * * * *", "2026-11-23T10:30:00Z"));
    }

    @Test
    void monthAndDayNamesInAnyCase() {
        // 2026-11-23 is a Monday
        assertEquals("2026-11-27T00:00:00Z", next("0 0 * * FRI", "2026-11-23T12:00:00Z"));
        assertEquals("2026-11-24T00:00:00Z", next("0 0 * * tue-thu", "2026-11-23T12:00:00Z"));
        assertEquals("2027-01-01T00:00:00Z", next("0 0 1 jan *", "2026-11-23T12:00:00Z"));
    }

    @Test
    void sundayIsZeroAndSeven() {
        assertEquals("2026-11-29T00:00:00Z", next("0 0 * * 0", "2026-11-23T12:00:00Z"));
        assertEquals("2026-11-29T00:00:00Z", next("0 0 * * 7", "2026-11-23T12:00:00Z"));
        assertEquals("2026-11-28T00:00:00Z", next("0 0 * * 6-7", "2026-11-23T12:00:00Z"));
    }

    @Test
    void bothDayFieldsRestrictedMeansEither() {
        // the 1st of the month or a Friday: Friday 27 November comes first
        assertEquals("2026-11-27T00:00:00Z", next("0 0 1 * 5", "2026-11-23T12:00:00Z"));
        // with the day of week '*' only the 1st counts
        assertEquals("2026-12-01T00:00:00Z", next("0 0 1 * *", "2026-11-23T12:00:00Z"));
        // a day of month starting with '*' does not widen it either: every other day that is a Friday
        assertEquals("2026-11-27T00:00:00Z", next("0 0 */2 * 5", "2026-11-23T12:00:00Z"));
    }

    @Test
    void theTwentyNinthOfFebruaryWaitsForALeapYear() {
        assertEquals("2028-02-29T00:00:00Z", next("0 0 29 2 *", "2026-11-23T12:00:00Z"));
    }

    @Test
    void theScheduleIsReadInTheZoneGiven() {
        // 03:00 in Paris is 02:00 UTC in winter
        assertEquals("2026-11-24T02:00:00Z",
                CronSchedule.parse("0 3 * * *").next(Instant.parse("2026-11-23T12:00:00Z"), ZoneId.of("Europe/Paris")).toString());
    }

    @Test
    void aTimeInADstGapFiresOnceAtTheGapsEnd() {
        // Paris skips 02:00-03:00 on 2027-03-28: 02:30 does not exist, and fires at 03:00 local (01:00 UTC)
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertEquals("2027-03-28T01:00:00Z",
                CronSchedule.parse("30 2 * * *").next(Instant.parse("2027-03-27T12:00:00Z"), paris).toString());
        // the day after, as usual
        assertEquals("2027-03-29T00:30:00Z",
                CronSchedule.parse("30 2 * * *").next(Instant.parse("2027-03-28T01:00:00Z"), paris).toString());
    }

    @Test
    void aTimeInADstOverlapFiresOnce() {
        // Paris repeats 02:00-03:00 on 2026-10-25: 02:30 fires at its first instant (00:30 UTC) only
        ZoneId paris = ZoneId.of("Europe/Paris");
        CronSchedule schedule = CronSchedule.parse("30 2 * * *");
        assertEquals("2026-10-25T00:30:00Z", schedule.next(Instant.parse("2026-10-24T12:00:00Z"), paris).toString());
        assertEquals("2026-10-26T01:30:00Z", schedule.next(Instant.parse("2026-10-25T00:30:00Z"), paris).toString());
    }

    @Test
    void whitespaceIsNormalised() {
        assertEquals("0 3 * * *", CronSchedule.parse("  0   3 *\t* * ").toString());
    }

    @Test
    void errorsNameTheFieldAndTheProblem() {
        assertEquals("must have 5 fields (minute hour day-of-month month day-of-week), found 6 in '0 0 3 * * *'",
                refused("0 0 3 * * *"));
        assertEquals("must have 5 fields (minute hour day-of-month month day-of-week), found 0 in ''", refused(""));
        assertEquals("minute field: '60' is out of range 0-59", refused("60 * * * *"));
        assertEquals("hour field: '24' is out of range 0-23", refused("0 24 * * *"));
        assertEquals("day of month field: '0' is out of range 1-31", refused("0 0 0 * *"));
        assertEquals("month field: '13' is out of range 1-12", refused("0 0 1 13 *"));
        assertEquals("day of week field: '8' is out of range 0-7", refused("0 0 * * 8"));
        assertEquals("hour field: range '17-9' goes backwards", refused("0 17-9 * * *"));
        assertEquals("minute field: step must be at least 1 in '*/0'", refused("*/0 * * * *"));
        assertEquals("minute field: 'x' is not a step", refused("*/x * * * *"));
        assertEquals("minute field: '' is not a value", refused("1,,2 * * * *"));
        assertEquals("month field: 'janu' is not a value (a number or one of jan, feb, mar, apr, may, jun, jul, aug, sep,"
                + " oct, nov, dec)", refused("0 0 1 janu *"));
        assertEquals("day of week field: 'L' is not a value (a number or one of sun, mon, tue, wed, thu, fri, sat)",
                refused("0 0 * * L"));
        assertEquals("never fires: no month has the day of month '31' in '0 0 31 2,4 *'", refused("0 0 31 2,4 *"));
    }
}
