package org.learnstream.jobs.notify;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** What a subscription's fields must hold, whether it comes from the command line or the subscriptions API. */
public final class SubscriptionRules {

  private SubscriptionRules() {
  }

  /**
   * A digest period must be an ISO-8601 duration of at least a minute.
   *
   * @param field how the caller names the field in its message, e.g. {@code --digest}
   */
  public static Duration requireDigestPeriod(String field, String period) {
    Duration d;
    try {
      d = Duration.parse(period);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " " + period + " is not an ISO-8601 duration; use e.g. P1D or PT12H");
    }
    if (d.toMinutes() < 1) {
      throw new IllegalArgumentException(field + " " + period + " must be at least a minute (PT1M)");
    }
    return d;
  }
}
