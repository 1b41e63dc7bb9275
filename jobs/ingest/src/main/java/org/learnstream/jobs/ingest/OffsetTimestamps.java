package org.learnstream.jobs.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.learnstream.pipeline.xapi.AsciiDigits;

/**
 * {@code OffsetDateTime.parse(text).toInstant()}, null when that fails, with the usual statement shape
 * ({@code 2026-03-02T08:32:29.920Z}, {@code ...+02:00}) read by hand: the formatter cost a tenth of
 * preparing a statement. Text of any other shape, and values at the edge of a range, go to the
 * formatter itself, so the result is the formatter's for every input.
 */
final class OffsetTimestamps {

  private OffsetTimestamps() {
  }

  static Instant parse(String text) {
    Instant fast = common(text);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)} with every field well inside its range; else null. */
  private static Instant common(String s) {
    int n = s.length();
    if (n < 20 || !AsciiDigits.all(s, 0, 4) || s.charAt(4) != '-' || !AsciiDigits.all(s, 5, 7) || s.charAt(7) != '-'
        || !AsciiDigits.all(s, 8, 10) || s.charAt(10) != 'T' || !AsciiDigits.all(s, 11, 13) || s.charAt(13) != ':'
        || !AsciiDigits.all(s, 14, 16) || s.charAt(16) != ':' || !AsciiDigits.all(s, 17, 19)) {
      return null;
    }
    int year = AsciiDigits.value(s, 0, 4);
    int month = AsciiDigits.value(s, 5, 7);
    int day = AsciiDigits.value(s, 8, 10);
    int hour = AsciiDigits.value(s, 11, 13);
    int minute = AsciiDigits.value(s, 14, 16);
    int second = AsciiDigits.value(s, 17, 19);
    if (month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
        || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      int digits = i - start;
      if (digits < 1 || digits > 9) {
        return null;
      }
      nanos = AsciiDigits.value(s, start, i);
      for (int k = digits; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && AsciiDigits.all(s, i + 1, i + 3)
        && s.charAt(i + 3) == ':' && AsciiDigits.all(s, i + 4, i + 6)) {
      int hours = AsciiDigits.value(s, i + 1, i + 3);
      int minutes = AsciiDigits.value(s, i + 4, i + 6);
      if (hours > 17 || minutes > 59) {
        return null;
      }
      offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    } else {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds, nanos);
  }
}
