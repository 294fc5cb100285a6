package dev.jpm.protocol.ecosystem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A five-field cron schedule, as crontab(5) reads it: minute, hour, day of month, month, day of
 * week; each field a list of values, ranges ({@code 1-5}) and steps ({@code *}{@code /15},
 * {@code 10-50/20}), months and days also by their English three-letter names, Sunday as 0 or 7.
 * As in cron, when both day fields are restricted (neither starts with {@code *}) a day matches
 * either of them.
 *
 * <p>Times are wall-clock times in a zone the caller gives: the daemon uses its own local zone, as
 * cron does. A time a DST gap skips fires when the gap ends (as Vixie cron runs the skipped
 * hour's jobs right after the change); a time an overlap repeats fires once, at its first instant.
 */
public final class CronSchedule {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
            "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    /**
     * How far {@link #next} looks. Every valid schedule fires within 8 years (29 February needs at
     * most 8, across a century year that is not a leap year); one that names only impossible dates
     * ({@code 0 0 31 2 *}) never does, and is refused when parsed.
     */
    private static final int DAYS_SEARCHED = 8 * 366 + 1;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(String text, BitSet[] fields, boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.daysOfMonth = fields[2];
        this.months = fields[3];
        this.daysOfWeek = fields[4];
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /** @throws IllegalArgumentException saying which field is wrong and why */
    public static CronSchedule parse(String text) {
        String[] parts = WHITESPACE.split(text.strip());
        if (parts.length != 5 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("must have 5 fields (minute hour day-of-month month day-of-week), found "
                    + (parts[0].isEmpty() ? 0 : parts.length) + " in '" + text + "'");
        }
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = Field.values()[i].parse(parts[i]);
        }
        // Sunday is 0 and 7
        if (fields[4].get(7)) {
            fields[4].set(0);
            fields[4].clear(7);
        }
        // as in Vixie cron, a day field that starts with '*' (also "*/2") does not widen the other to "either"
        CronSchedule schedule = new CronSchedule(String.join(" ", parts), fields, parts[2].startsWith("*"), parts[4].startsWith("*"));
        if (schedule.next(LocalDateTime.of(2000, 1, 1, 0, 0)).isEmpty()) {
            throw new IllegalArgumentException("never fires: no month has the day of month '" + parts[2] + "' in '" + text + "'");
        }
        return schedule;
    }

    /** The first firing strictly after {@code after}, in {@code zone}. */
    public Instant next(Instant after, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        while (true) {
            LocalDateTime fire = next(local).orElseThrow(() -> new IllegalStateException("parse() checked that it fires"));
            ZoneOffsetTransition gap = zone.getRules().getTransition(fire);
            Instant instant = gap != null && gap.isGap() ? gap.getInstant() : ZonedDateTime.of(fire, zone).toInstant();
            // in a DST gap or overlap the local time can map to an instant not after 'after'
            if (instant.isAfter(after)) {
                return instant;
            }
            local = fire;
        }
    }

    /** The first matching minute strictly after {@code after}, if any within the years searched. */
    private Optional<LocalDateTime> next(LocalDateTime after) {
        LocalDateTime from = after.withSecond(0).withNano(0).plusMinutes(1);
        LocalDate day = from.toLocalDate();
        for (int n = 0; n < DAYS_SEARCHED; n++, day = day.plusDays(1)) {
            if (!dayMatches(day)) {
                continue;
            }
            int firstMinuteOfDay = n == 0 ? from.getHour() * 60 + from.getMinute() : 0;
            for (int hour = hours.nextSetBit(firstMinuteOfDay / 60); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                int minute = minutes.nextSetBit(hour == firstMinuteOfDay / 60 ? firstMinuteOfDay % 60 : 0);
                if (minute >= 0) {
                    return Optional.of(day.atTime(hour, minute));
                }
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean byMonthDay = daysOfMonth.get(day.getDayOfMonth());
        boolean byWeekDay = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth || anyDayOfWeek) {
            return byMonthDay && byWeekDay;
        }
        return byMonthDay || byWeekDay;
    }

    @Override
    public String toString() {
        return text;
    }

    /** The five fields, with their ranges and, for two, names. */
    private enum Field {
        MINUTE("minute", 0, 59, List.of()),
        HOUR("hour", 0, 23, List.of()),
        DAY_OF_MONTH("day of month", 1, 31, List.of()),
        MONTH("month", 1, 12, MONTHS),
        DAY_OF_WEEK("day of week", 0, 7, DAYS);

        private final String label;
        private final int min;
        private final int max;
        /** Names for min, min+1, ...; empty when the field takes numbers only. */
        private final List<String> names;

        Field(String label, int min, int max, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
        }

        BitSet parse(String field) {
            BitSet set = new BitSet(max + 1);
            for (String item : field.split(",", -1)) {
                parseItem(item, set);
            }
            return set;
        }

        private void parseItem(String item, BitSet set) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(item.substring(slash + 1), "step");
                if (step < 1) {
                    throw problem("step must be at least 1 in '" + item + "'");
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max == 7 ? 6 : max;
            } else {
                int dash = range.indexOf('-');
                from = value(dash < 0 ? range : range.substring(0, dash));
                // "5/15" means 5-max/15, as in Vixie cron
                to = dash >= 0 ? value(range.substring(dash + 1)) : slash >= 0 ? max : from;
                if (to < from) {
                    throw problem("range '" + range + "' goes backwards");
                }
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }

        private int value(String text) {
            int index = names.indexOf(text.toLowerCase(Locale.ROOT));
            int v = index >= 0 ? min + index : number(text, "value");
            if (v < min || v > max) {
                throw problem("'" + text + "' is out of range " + min + "-" + max);
            }
            return v;
        }

        private int number(String text, String what) {
            if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw problem("'" + text + "' is not a " + what
                        + (names.isEmpty() ? "" : " (a number or one of " + String.join(", ", names) + ")"));
            }
            return Integer.parseInt(text);
        }

        private IllegalArgumentException problem(String detail) {
            return new IllegalArgumentException(label + " field: " + detail);
        }
    }
}
