package org.learnstream.jobs.settings;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.learnstream.jobs.config.OptionCheck;

/** Typed settings of {@code bench read-after-write}, each with its default and its range; its flags override them. */
public final class ReadAfterWriteBenchOptions {

  public static final ConfigOption<Integer> PROBES = ConfigOptions.key("bench.read-after-write.probes")
      .intType().defaultValue(200)
      .withDescription("Probe statements, each timed from its 200 until a query returns it.");

  public static final OptionCheck<Integer> PROBES_RANGE = OptionCheck.between(PROBES, 1, 100_000);

  public static final ConfigOption<Integer> PROBERS = ConfigOptions.key("bench.read-after-write.probers")
      .intType().defaultValue(4)
      .withDescription("Probes in flight at once.");

  public static final OptionCheck<Integer> PROBERS_RANGE = OptionCheck.between(PROBERS, 1, 64);

  public static final ConfigOption<Integer> RATE = ConfigOptions.key("bench.read-after-write.rate")
      .intType().defaultValue(200)
      .withDescription("Statements per second of the demo's cohort posted meanwhile by four LMS clients in batches "
          + "of ten (0: no load).");

  public static final OptionCheck<Integer> RATE_RANGE = OptionCheck.between(RATE, 0, 100_000);

  public static final ConfigOption<Duration> GIVE_UP = ConfigOptions.key("bench.read-after-write.give-up-after")
      .durationType().defaultValue(Duration.ofMinutes(2))
      .withDescription("How long a probe waits for its statement to be readable before the run fails.");

  public static final OptionCheck<Duration> GIVE_UP_RANGE = OptionCheck.between(GIVE_UP, Duration.ofSeconds(1),
      Duration.ofHours(1));

  private ReadAfterWriteBenchOptions() {
  }
}
