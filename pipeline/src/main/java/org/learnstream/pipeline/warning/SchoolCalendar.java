package org.learnstream.pipeline.warning;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** When an inactivity period of N days ends, counting calendar days or only school days (Monday-Friday). */
final class SchoolCalendar {

    private SchoolCalendar() {
    }

    static long deadline(long lastActivity, WarningRules.Inactivity rule) {
        ZonedDateTime t = Instant.ofEpochMilli(lastActivity).atZone(ZoneId.of(rule.zone()));
        if (!rule.schoolDaysOnly()) {
            return t.plusDays(rule.days()).toInstant().toEpochMilli();
        }
        int counted = 0;
        while (counted < rule.days()) {
            t = t.plusDays(1);
            DayOfWeek d = t.getDayOfWeek();
            if (d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY) {
                counted++;
            }
        }
        return t.toInstant().toEpochMilli();
    }
}
