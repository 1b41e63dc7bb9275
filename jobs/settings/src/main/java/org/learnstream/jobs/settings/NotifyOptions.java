package org.learnstream.jobs.settings;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.config.OptionCheck;

/** Typed settings of the alert notifier ({@code learnstream notify}), each with its default and its range. */
public final class NotifyOptions {

  public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("notify.group-id")
      .stringType().defaultValue("learnstream-notifier")
      .withDescription("Kafka consumer group of the alerts topic; one per notifier deployment (it remembers where "
          + "the notifier stopped).");

  public static final OptionCheck<String> GROUP_ID_FORM = OptionCheck.notBlank(GROUP_ID);

  public static final ConfigOption<Integer> MAX_ATTEMPTS = ConfigOptions.key("notify.max-attempts")
      .intType().defaultValue(5)
      .withDescription("Delivery attempts of one alert to one webhook before it is recorded as dead-lettered.");

  public static final OptionCheck<Integer> MAX_ATTEMPTS_RANGE = OptionCheck.between(MAX_ATTEMPTS, 1, 100);

  public static final ConfigOption<Duration> TIMEOUT = ConfigOptions.key("notify.timeout")
      .durationType().defaultValue(Duration.ofSeconds(5))
      .withDescription("How long one webhook call may take (connecting and answering) before it counts as failed.");

  public static final OptionCheck<Duration> TIMEOUT_RANGE = OptionCheck.between(TIMEOUT, Duration.ofMillis(100),
      Duration.ofMinutes(5));

  public static final ConfigOption<Duration> FIRST_BACKOFF = ConfigOptions.key("notify.first-backoff")
      .durationType().defaultValue(Duration.ofSeconds(1))
      .withDescription("Wait before the second attempt; it doubles with each further attempt up to "
          + "notify.max-backoff.");

  // below notify.max-backoff's smallest value: the retry policy needs the first wait shorter than the longest
  public static final OptionCheck<Duration> FIRST_BACKOFF_RANGE = OptionCheck.between(FIRST_BACKOFF,
      Duration.ofMillis(1), Duration.ofSeconds(30));

  public static final ConfigOption<Duration> MAX_BACKOFF = ConfigOptions.key("notify.max-backoff")
      .durationType().defaultValue(Duration.ofMinutes(1))
      .withDescription("Longest wait between two attempts.");

  public static final OptionCheck<Duration> MAX_BACKOFF_RANGE = OptionCheck.between(MAX_BACKOFF, Duration.ofMinutes(1),
      Duration.ofHours(1));

  private NotifyOptions() {
  }
}
