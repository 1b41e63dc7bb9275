package org.learnstream.jobs.settings;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.learnstream.jobs.config.OptionCheck;

/**
 * Typed settings of {@code bench ingest}, each with its default and its range; its flags override them.
 * The ingest server that {@code bench ingest} measures takes the ingest.* settings, as {@code serve} does.
 */
public final class IngestBenchOptions {

  public static final ConfigOption<Duration> DURATION = ConfigOptions.key("bench.ingest.duration")
      .durationType().defaultValue(Duration.ofSeconds(15))
      .withDescription("Measured time per phase of 'bench ingest'.");

  public static final OptionCheck<Duration> DURATION_RANGE = OptionCheck.between(DURATION, Duration.ofSeconds(1),
      Duration.ofHours(1));

  public static final ConfigOption<Duration> WARMUP = ConfigOptions.key("bench.ingest.warmup")
      .durationType().defaultValue(Duration.ofSeconds(90))
      .withDescription("Unmeasured warm-up per phase, so that the figures are those of a server that has run a while; "
          + "every phase's warm-up runs before the first measured phase, so that none pays for compiling the code "
          + "the others share, and each measured phase right after an unmeasured run of itself as long as "
          + "bench.ingest.duration, while the compiler adapts to it again. "
          + "On two cores the JIT compiler, sharing them with the broker, server and clients, still takes a quarter "
          + "of the CPU 60 s into the load and settles after about two minutes.");

  public static final OptionCheck<Duration> WARMUP_RANGE = OptionCheck.between(WARMUP, Duration.ZERO,
      Duration.ofHours(1));

  public static final ConfigOption<Integer> ROUNDS = ConfigOptions.key("bench.ingest.rounds")
      .intType().defaultValue(3)
      .withDescription("Measured rounds of 'bench ingest': each measures every phase once, starting one phase later "
          + "than the round before, so that no phase is always the first after the warm-up; the shares printed are "
          + "the medians of each round's own.");

  public static final OptionCheck<Integer> ROUNDS_RANGE = OptionCheck.between(ROUNDS, 1, 20);

  public static final ConfigOption<Integer> BATCH = ConfigOptions.key("bench.ingest.batch")
      .intType().defaultValue(100)
      .withDescription("Statements per batched POST; at most ingest.max-batch, or every batch gets 413.");

  public static final OptionCheck<Integer> BATCH_RANGE = OptionCheck.between(BATCH, 1, 100_000);

  public static final ConfigOption<Integer> BATCH_CLIENTS = ConfigOptions.key("bench.ingest.batch-clients")
      .intType().defaultValue(16)
      .withDescription("Concurrent clients for batches; batches that wait together share a Kafka transaction, so "
          + "more clients cost the broker less per statement.");

  public static final OptionCheck<Integer> BATCH_CLIENTS_RANGE = OptionCheck.between(BATCH_CLIENTS, 1, 1024);

  public static final ConfigOption<Integer> SINGLE_CLIENTS = ConfigOptions.key("bench.ingest.single-clients")
      .intType().defaultValue(64)
      .withDescription("Concurrent clients for single statements; each waits for its statement's acks=all write, "
          + "so fewer clients leave the machine idle.");

  public static final OptionCheck<Integer> SINGLE_CLIENTS_RANGE = OptionCheck.between(SINGLE_CLIENTS, 1, 1024);

  public static final ConfigOption<Long> MAX_REQUESTS = ConfigOptions.key("bench.ingest.max-requests")
      .longType().defaultValue(2_000_000L)
      .withDescription("Request budget per phase of 'bench ingest'.");

  public static final OptionCheck<Long> MAX_REQUESTS_RANGE = OptionCheck.atLeast(MAX_REQUESTS, 1L);

  public static final ConfigOption<Integer> PARTITIONS = ConfigOptions.key("bench.ingest.partitions")
      .intType().defaultValue(3)
      .withDescription("Partitions of xapi.statements on the broker of 'bench ingest'.");

  public static final OptionCheck<Integer> PARTITIONS_RANGE = OptionCheck.between(PARTITIONS, 1, 64);

  private IngestBenchOptions() {
  }
}
