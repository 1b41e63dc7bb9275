package org.learnstream.jobs.bench;

import com.clickhouse.client.api.Client;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.runtime.LocalRuntime;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.kafka.TopicAdmin;
import org.learnstream.pipeline.kafka.TopicSpec;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.simulate.SimulatedStatement;

/**
 * End-to-end latency of the live pipeline at a steady rate: from a statement's Kafka timestamp (producer create time,
 * so producer batching counts against us) to the moment its learning_events row, and for an answer its
 * mastery_updates row, is seen in ClickHouse. A sample of statements is tracked; ClickHouse is polled every 50 ms for
 * the pending ones, so each figure may be up to one poll (plus the query's own time) late.
 */
final class LatencyProbe {

  private static final String DATABASE = "bench_latency";
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final int SAMPLES_PER_SECOND = 200;

  private final LocalRuntime runtime;
  private final PrintStream out;
  private final LongConsumer progress;

  LatencyProbe(LocalRuntime runtime, PrintStream out, LongConsumer progress) {
    this.runtime = runtime;
    this.out = out;
    this.progress = progress;
  }

  /** Figures are named with {@code label} in front (e.g. "low_rate_"), so that several runs fit one result. */
  Map<String, Object> run(String label, Configuration config, double rate, Duration measured, Duration checkpoint,
      Iterator<SimulatedStatement> statements) throws Exception {
    String prefix = config.get(PipelineOptions.TOPIC_PREFIX);
    TopicAdmin.ensure(runtime.kafkaBootstrap(), Topics.defaults(4).stream()
        .map(t -> new TopicSpec(prefix + t.name(), t.partitions(), t.compacted(), t.retention())).toList());
    Client client = runtime.clickHouseClient();
    ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + DATABASE);
    SchemaMigrations.apply(client, DATABASE);
    Configuration live = new Configuration(config);
    live.set(PipelineOptions.CHECKPOINT_INTERVAL, checkpoint);
    StreamExecutionEnvironment env = PipelineBench.environment(live);
    PipelineJob.wire(env, live, runtime.kafkaBootstrap(), runtime.clickHouse().withDatabase(DATABASE), false);
    JobClient job = env.executeAsync("bench latency");
    out.printf("  latency: live pipeline, %,.1f statements/s for %d s after %d s warm-up, checkpoint every %d ms%n",
        rate, measured.toSeconds(), WARM_UP.toSeconds(), checkpoint.toMillis());

    Map<String, Long> pending = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    Map<String, Long> pendingMastery = new ConcurrentHashMap<>();
    List<Long> masteryLatencies = Collections.synchronizedList(new ArrayList<>());
    Thread poller = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        poll(client, "learning_events", pending, latencies);
        poll(client, "mastery_updates", pendingMastery, masteryLatencies);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "latency-poller");
    poller.setDaemon(true);
    poller.start();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    String topic = PipelineJob.topic(live, Topics.XAPI_STATEMENTS);
    long sampleEvery = Math.max(1, Math.round(rate / SAMPLES_PER_SECOND));
    long sent = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
        new ByteArraySerializer())) {
      long start = System.nanoTime();
      long measureFrom = start + WARM_UP.toNanos();
      long end = measureFrom + measured.toNanos();
      while (System.nanoTime() < end) {
        long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
        while (sent < due) {
          SimulatedStatement s = statements.next();
          boolean sample = System.nanoTime() >= measureFrom && sent % sampleEvery == 0;
          producer.send(new ProducerRecord<>(topic, s.actorKey(), s.json()), (metadata, e) -> {
            if (sample && e == null) {
              pending.put(s.statementId(), metadata.timestamp());
              if (s.isAnswer()) {
                pendingMastery.put(s.statementId(), metadata.timestamp());
              }
            }
          });
          sent++;
        }
        progress.accept(latencies.size());
        Thread.sleep(5); // pacing tick of the steady rate
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((!pending.isEmpty() || !pendingMastery.isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(50); // the poller drains pending
    }
    poller.interrupt();
    job.cancel().get();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put(label + "latency_rate_per_s", rate);
    result.put(label + "latency_checkpoint_ms", checkpoint.toMillis());
    putPercentiles(result, label, "", latencies, pending.size());
    putPercentiles(result, label, "mastery_", masteryLatencies, pendingMastery.size());
    out.printf(
        "  latency Kafka -> learning_events row visible: p50 %s ms, p95 %s ms, p99 %s ms (%s samples, %s unseen)%n",
        result.get(label + "p50_latency_ms"), result.get(label + "p95_latency_ms"),
        result.get(label + "p99_latency_ms"),
        result.get(label + "latency_samples"), result.get(label + "latency_unseen_after_30s"));
    out.printf(
        "  latency Kafka -> mastery_updates row visible: p50 %s ms, p95 %s ms, p99 %s ms (%s samples, %s unseen)%n",
        result.get(label + "p50_mastery_latency_ms"), result.get(label + "p95_mastery_latency_ms"),
        result.get(label + "p99_mastery_latency_ms"), result.get(label + "mastery_latency_samples"),
        result.get(label + "mastery_latency_unseen_after_30s"));
    return result;
  }

  private static void putPercentiles(Map<String, Object> result, String label, String table, List<Long> latencies,
      int unseen) {
    List<Long> sorted;
    synchronized (latencies) {
      sorted = latencies.stream().sorted().collect(Collectors.toList());
    }
    result.put(label + table + "latency_samples", sorted.size());
    result.put(label + table + "latency_unseen_after_30s", unseen);
    result.put(label + "p50_" + table + "latency_ms", percentile(sorted, 0.50));
    result.put(label + "p95_" + table + "latency_ms", percentile(sorted, 0.95));
    result.put(label + "p99_" + table + "latency_ms", percentile(sorted, 0.99));
  }

  /** One look at {@code table} for the pending statements; a failed look is repeated on the next tick. */
  private static void poll(Client client, String table, Map<String, Long> pending, List<Long> latencies) {
    if (pending.isEmpty()) {
      return;
    }
    try {
      List<String> ids = new ArrayList<>(pending.keySet());
      String seen = ClickHouseQueries.text(client, "SELECT DISTINCT statement_id FROM " + DATABASE + "." + table
          + " WHERE statement_id IN " + ClickHouseQueries.inList(ids) + " FORMAT TabSeparated");
      long now = System.currentTimeMillis();
      for (String id : seen.split("\n")) {
        Long sentAt = pending.remove(id.strip());
        if (sentAt != null) {
          latencies.add(now - sentAt);
        }
      }
    } catch (RuntimeException e) {
      // retried on the next tick
    }
  }

  private static Long percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return null;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }
}
