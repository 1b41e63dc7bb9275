package org.learnstream.jobs.settings;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.learnstream.jobs.config.OptionCheck;

/** Typed settings of {@code bench queries}, each with its default and its range; its flags override them. */
public final class QueryBenchOptions {

  public static final ConfigOption<Long> EVENTS = ConfigOptions.key("bench.queries.events")
      .longType().defaultValue(10_000_000L)
      .withDescription("Learning events of the generated school district.");

  public static final OptionCheck<Long> EVENTS_RANGE = OptionCheck.atLeast(EVENTS, 1L);

  public static final ConfigOption<Integer> TENANTS = ConfigOptions.key("bench.queries.tenants")
      .intType().defaultValue(10)
      .withDescription("Schools of the district; ~500 events per learner, learners spread evenly.");

  public static final OptionCheck<Integer> TENANTS_RANGE = OptionCheck.atLeast(TENANTS, 1);

  public static final ConfigOption<Integer> RUNS = ConfigOptions.key("bench.queries.runs")
      .intType().defaultValue(5)
      .withDescription("Measured runs per query (after one warm-up).");

  public static final OptionCheck<Integer> RUNS_RANGE = OptionCheck.between(RUNS, 1, 1000);

  public static final ConfigOption<Duration> TARGET = ConfigOptions.key("bench.queries.target")
      .durationType().defaultValue(Duration.ofSeconds(1))
      .withDescription("Latency target per query; medians above it are flagged.");

  public static final OptionCheck<Duration> TARGET_RANGE = OptionCheck.between(TARGET, Duration.ofMillis(1),
      Duration.ofMinutes(10));

  public static final ConfigOption<String> DATABASE = ConfigOptions.key("bench.queries.database")
      .stringType().defaultValue("learnstream_bench")
      .withDescription("ClickHouse database the district is loaded into (never the pipeline's).");

  public static final OptionCheck<String> DATABASE_FORM = OptionCheck.notBlank(DATABASE);

  public static final ConfigOption<String> DASHBOARDS = ConfigOptions.key("bench.queries.dashboards")
      .stringType().defaultValue("dashboards/grafana")
      .withDescription("Directory of the Grafana dashboard JSON files whose panel queries are measured.");

  private QueryBenchOptions() {
  }
}
