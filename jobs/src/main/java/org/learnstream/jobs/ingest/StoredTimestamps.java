package org.learnstream.jobs.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code stored} value of a statement: UTC with milliseconds. Requests arriving within the same
 * millisecond share one formatted string, since pattern formatting showed up in every request's profile.
 */
final class StoredTimestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private record Last(long millis, String text) {
  }

  private volatile Last last = new Last(Long.MIN_VALUE, "");

  String format(Instant now) {
    long millis = now.toEpochMilli();
    Last seen = last;
    if (seen.millis() == millis) {
      return seen.text();
    }
    String text = FORMAT.format(Instant.ofEpochMilli(millis));
    last = new Last(millis, text);
    return text;
  }
}
