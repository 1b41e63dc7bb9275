package org.learnstream.jobs.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code stored} value of a statement: UTC with milliseconds. Requests arriving within the same
 * millisecond share one formatted string, and the pattern formats only the date and time of a new
 * second, since pattern formatting showed up in every request's profile.
 */
final class StoredTimestamps {

  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.")
      .withZone(ZoneOffset.UTC);

  private record Last(long millis, String text, long second, String secondText) {
  }

  private volatile Last last = new Last(Long.MIN_VALUE, "", Long.MIN_VALUE, "");

  String format(Instant now) {
    long millis = now.toEpochMilli();
    Last seen = last;
    if (seen.millis() == millis) {
      return seen.text();
    }
    long second = Math.floorDiv(millis, 1000);
    int milli = (int) Math.floorMod(millis, 1000);
    String secondText = seen.second() == second ? seen.secondText() : SECOND.format(Instant.ofEpochSecond(second));
    String text = secondText + (char) ('0' + milli / 100) + (char) ('0' + milli / 10 % 10) + (char) ('0' + milli % 10)
        + 'Z';
    last = new Last(millis, text, second, secondText);
    return text;
  }
}
