package org.learnstream.jobs.settings;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.config.OptionCheck;

/** Typed settings of {@code bench pipeline}, each with its default and its range; its flags override them. */
public final class PipelineBenchOptions {

  public static final ConfigOption<Long> STATEMENTS = ConfigOptions.key("bench.pipeline.statements")
      .longType().defaultValue(1_000_000L)
      .withDescription("Statements in the measured stream.");

  public static final OptionCheck<Long> STATEMENTS_RANGE = OptionCheck.atLeast(STATEMENTS, 1L);

  public static final ConfigOption<Integer> LEARNERS = ConfigOptions.key("bench.pipeline.learners")
      .intType().defaultValue(5000)
      .withDescription("Learners in the simulated cohort.");

  public static final OptionCheck<Integer> LEARNERS_RANGE = OptionCheck.atLeast(LEARNERS, 1);

  public static final ConfigOption<Integer> DAYS = ConfigOptions.key("bench.pipeline.days")
      .intType().defaultValue(60)
      .withDescription("Days the cohort spans.");

  public static final OptionCheck<Integer> DAYS_RANGE = OptionCheck.between(DAYS, 1, 3650);

  public static final ConfigOption<Long> WARMUP_STATEMENTS = ConfigOptions.key("bench.pipeline.warmup-statements")
      .longType().defaultValue(100_000L)
      .withDescription("Statements run through the whole pipeline, unmeasured, before the measured phases, so the "
          + "JIT compiler has compiled the hot path; 0 measures a cold JVM.");

  public static final OptionCheck<Long> WARMUP_STATEMENTS_RANGE = OptionCheck.atLeast(WARMUP_STATEMENTS, 0L);

  public static final ConfigOption<Boolean> KAFKA_ENGINE = ConfigOptions.key("bench.pipeline.kafka-engine")
      .booleanType().defaultValue(true)
      .withDescription("Measure ClickHouse's Kafka table engine as a yardstick.");

  public static final ConfigOption<Boolean> REPLAY = ConfigOptions.key("bench.pipeline.replay")
      .booleanType().defaultValue(true)
      .withDescription("Time a replay of the event log.");

  public static final ConfigOption<Duration> LATENCY_DURATION = ConfigOptions.key("bench.pipeline.latency-duration")
      .durationType().defaultValue(Duration.ofSeconds(20))
      .withDescription("Length of the latency measurement at half the xAPI rate; 0 s skips it.");

  public static final OptionCheck<Duration> LATENCY_DURATION_RANGE = OptionCheck.between(LATENCY_DURATION,
      Duration.ZERO, Duration.ofHours(1));

  public static final ConfigOption<Duration> LATENCY_CHECKPOINT_INTERVAL = ConfigOptions
      .key("bench.pipeline.latency-checkpoint-interval")
      .durationType().defaultValue(Duration.ofSeconds(1))
      .withDescription("Checkpoint interval of the live job in the latency run; ClickHouse rows flush at each.");

  public static final OptionCheck<Duration> LATENCY_CHECKPOINT_INTERVAL_RANGE = OptionCheck
      .between(LATENCY_CHECKPOINT_INTERVAL, Duration.ofMillis(100), Duration.ofMinutes(10));

  public static final ConfigOption<Duration> LOW_RATE_DURATION = ConfigOptions.key("bench.pipeline.low-rate-duration")
      .durationType().defaultValue(Duration.ofSeconds(60))
      .withDescription("Length of the latency measurement at one statement per second, with the default checkpoint "
          + "interval; 0 s skips it.");

  public static final OptionCheck<Duration> LOW_RATE_DURATION_RANGE = OptionCheck.between(LOW_RATE_DURATION,
      Duration.ZERO, Duration.ofHours(1));

  public static final ConfigOption<Boolean> COMPARE_BEST_LR = ConfigOptions.key("bench.pipeline.compare-best-lr")
      .booleanType().defaultValue(false)
      .withDescription("Instead of the phases after the xAPI one, run the event log through mastery with Best-LR "
          + "off and on in alternating runs (off, on, on, off, off, on, ...) and print each run's events/s, the "
          + "medians of each side, their ratio and the median of each round's ratio against the 15 % target. The model is mastery.best-lr-file when set, else one fitted on the simulated "
          + "statements.");

  public static final ConfigOption<Boolean> COMPARE_SEALING = ConfigOptions.key("bench.pipeline.compare-sealing")
      .booleanType().defaultValue(false)
      .withDescription("Instead of the phases after the xAPI one, seal the xAPI phase's statements as the endpoint "
          + "seals them (learner records in the documents database the job reads, by documents.url or under "
          + "runtime.data-dir), then run the whole job over the statements in the clear and sealed in alternating "
          + "runs and print each run's events/s and CPU per event, the medians of each side, their ratio and the "
          + "median of each round's ratio against the 10 % target.");
  public static final ConfigOption<Integer> COMPARE_ROUNDS = ConfigOptions.key("bench.pipeline.compare-rounds")
      .intType().defaultValue(5)
      .withDescription("Rounds of the Best-LR or sealing comparison; each runs the input once on each side.");
  public static final OptionCheck<Integer> COMPARE_ROUNDS_RANGE = OptionCheck.between(COMPARE_ROUNDS, 1, 50);

  public static final ConfigOption<String> OUTPUT = ConfigOptions.key("bench.pipeline.output")
      .stringType().defaultValue("bench-pipeline.json")
      .withDescription("JSON file the results are written to.");

  private PipelineBenchOptions() {
  }
}
