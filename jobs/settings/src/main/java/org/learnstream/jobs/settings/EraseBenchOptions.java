package org.learnstream.jobs.settings;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.learnstream.jobs.config.OptionCheck;

/** Typed settings of {@code bench erase}, each with its default and its range; its flags override them. */
public final class EraseBenchOptions {

  public static final ConfigOption<Long> EVENTS = ConfigOptions.key("bench.erase.events")
      .longType().defaultValue(10_000_000L)
      .withDescription("Events of one tenant loaded into learning_events (with the mastery, alert, directory, late "
          + "event and dead letter rows they imply) before one learner is erased.");

  public static final OptionCheck<Long> EVENTS_RANGE = OptionCheck.between(EVENTS, 1_000L, 1_000_000_000L);

  public static final ConfigOption<String> DATABASE = ConfigOptions.key("bench.erase.database")
      .stringType().defaultValue("learnstream_bench_erase")
      .withDescription("ClickHouse database the events are loaded into and one learner is erased from (never the "
          + "pipeline's).");

  public static final OptionCheck<String> DATABASE_FORM = OptionCheck.notBlank(DATABASE);

  private EraseBenchOptions() {
  }
}
