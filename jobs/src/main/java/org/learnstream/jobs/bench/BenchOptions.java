package org.learnstream.jobs.bench;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.learnstream.jobs.config.OptionCheck;

/**
 * Typed settings of the benchmarks, each with its default and its range; the flags of {@code bench ...} override
 * them. The ingest server that {@code bench ingest} measures takes the ingest.* settings, as {@code serve} does.
 */
public final class BenchOptions {

  public static final ConfigOption<Duration> INGEST_DURATION = ConfigOptions.key("bench.ingest.duration")
      .durationType().defaultValue(Duration.ofSeconds(15))
      .withDescription("Measured time per phase of 'bench ingest'.");

  public static final OptionCheck<Duration> INGEST_DURATION_RANGE =
      OptionCheck.between(INGEST_DURATION, Duration.ofSeconds(1), Duration.ofHours(1));

  public static final ConfigOption<Duration> INGEST_WARMUP = ConfigOptions.key("bench.ingest.warmup")
      .durationType().defaultValue(Duration.ofSeconds(90))
      .withDescription("Unmeasured warm-up per phase, so that the figures are those of a server that has run a while. "
          + "On two cores the JIT compiler, sharing them with the broker, server and clients, still takes a quarter "
          + "of the CPU 60 s into the load and settles after about two minutes.");

  public static final OptionCheck<Duration> INGEST_WARMUP_RANGE =
      OptionCheck.between(INGEST_WARMUP, Duration.ZERO, Duration.ofHours(1));

  public static final ConfigOption<Integer> INGEST_BATCH = ConfigOptions.key("bench.ingest.batch")
      .intType().defaultValue(100)
      .withDescription("Statements per batched POST; at most ingest.max-batch, or every batch gets 413.");

  public static final OptionCheck<Integer> INGEST_BATCH_RANGE = OptionCheck.between(INGEST_BATCH, 1, 100_000);

  public static final ConfigOption<Integer> INGEST_BATCH_CLIENTS = ConfigOptions.key("bench.ingest.batch-clients")
      .intType().defaultValue(16)
      .withDescription("Concurrent clients for batches; batches that wait together share a Kafka transaction, so "
          + "more clients cost the broker less per statement.");

  public static final OptionCheck<Integer> INGEST_BATCH_CLIENTS_RANGE =
      OptionCheck.between(INGEST_BATCH_CLIENTS, 1, 1024);

  public static final ConfigOption<Integer> INGEST_SINGLE_CLIENTS = ConfigOptions.key("bench.ingest.single-clients")
      .intType().defaultValue(64)
      .withDescription("Concurrent clients for single statements; each waits for its statement's acks=all write, "
          + "so fewer clients leave the machine idle.");

  public static final OptionCheck<Integer> INGEST_SINGLE_CLIENTS_RANGE =
      OptionCheck.between(INGEST_SINGLE_CLIENTS, 1, 1024);

  public static final ConfigOption<Long> INGEST_MAX_REQUESTS = ConfigOptions.key("bench.ingest.max-requests")
      .longType().defaultValue(2_000_000L)
      .withDescription("Request budget per phase of 'bench ingest'.");

  public static final OptionCheck<Long> INGEST_MAX_REQUESTS_RANGE = OptionCheck.atLeast(INGEST_MAX_REQUESTS, 1L);

  public static final ConfigOption<Integer> INGEST_PARTITIONS = ConfigOptions.key("bench.ingest.partitions")
      .intType().defaultValue(3)
      .withDescription("Partitions of xapi.statements on the broker of 'bench ingest'.");

  public static final OptionCheck<Integer> INGEST_PARTITIONS_RANGE = OptionCheck.between(INGEST_PARTITIONS, 1, 64);

  private BenchOptions() {}
}
