package org.learnstream.jobs.chaos;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.schemas.LearningEvent;

/** Counts the committed records of a topic as a read_committed consumer sees them (the exactly-once view). */
final class EventLogCount {

  /**
   * What the event log committed: records by writer schema, and the statement ids of the records this build can
   * read ({@code undecoded}: records of a schema it does not know, as an upgraded job may write).
   */
  record Committed(Map<Long, Long> bySchema, Set<String> statementIds, long undecoded) {

    long records() {
      return committedRecords(bySchema);
    }

    /**
     * How many of {@code landed} (statement ids in learning_events) the log lacks, which a replay would then lose;
     * {@link ScenarioResult#NOT_COMPARED} when some record could not be read.
     */
    long missingOf(Set<String> landed) {
      return undecoded > 0
          ? ScenarioResult.NOT_COMPARED
          : landed.stream().filter(id -> !statementIds.contains(id)).count();
    }
  }

  /** Records that are not Avro single-object encoded are counted under this fingerprint. */
  static final long NOT_SINGLE_OBJECT = 0L;

  private EventLogCount() {
  }

  static long committedRecords(Map<Long, Long> bySchema) {
    return bySchema.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Committed records by the fingerprint (CRC-64-AVRO) of the schema that wrote them, from the single-object
   * encoding header: after an upgrade that changed a record, both the old and the new fingerprint appear.
   */
  static Map<Long, Long> committedRecordsBySchema(String bootstrap, String topic, Duration timeout) {
    return committed(bootstrap, topic, Set.of(), timeout, missing -> {
    }).bySchema();
  }

  /** How long the event log may take to commit what is in ClickHouse: past a sink's retries, a checkpoint or two. */
  static final Duration LANDED_TIMEOUT = Duration.ofMinutes(2);

  /**
   * A run's event log once it holds the statements that {@code landed} in learning_events, or {@link #LANDED_TIMEOUT}
   * has passed; tells {@code log} when it waits, and for how many.
   */
  static Committed committedOnceLanded(String bootstrap, String topic, Set<String> landed, Consumer<String> log) {
    return committed(bootstrap, topic, landed, LANDED_TIMEOUT, missing -> log.accept("  " + missing
        + " statements in learning_events are not committed to the event log yet; waiting up to "
        + LANDED_TIMEOUT.toSeconds() + " s"));
  }

  /**
   * The committed records of {@code topic}, a topic of {@link LearningEvent}s, read from the start to its end. The
   * job commits the log's transaction of a checkpoint once the checkpoint completes, after the sinks of the same
   * events have written them to ClickHouse (a sink stuck in retries delays it): while some of {@code awaited} (the
   * statements in learning_events) are not in yet, reading goes on as more is committed, until {@code timeout};
   * {@code waiting} hears, once, how many were not in when the read first reached the end.
   */
  static Committed committed(String bootstrap, String topic, Set<String> awaited, Duration timeout,
      IntConsumer waiting) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    AvroCodec<LearningEvent> events = AvroCodec.of(LearningEvent.class);
    Map<Long, Long> counts = new TreeMap<>();
    Set<String> statementIds = new HashSet<>();
    long undecoded = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the last stable offsets
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean waited = false;
      while (true) {
        boolean atEnd = atEnd(consumer, partitions, end);
        boolean complete = undecoded > 0 || statementIds.containsAll(awaited);
        if (atEnd && (complete || System.nanoTime() > deadline)) {
          return new Committed(counts, statementIds, undecoded);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " took longer than " + timeout.toSeconds() + " s");
        }
        if (atEnd) {
          if (!waited) {
            waited = true;
            waiting.accept((int) awaited.stream().filter(id -> !statementIds.contains(id)).count());
          }
          end = consumer.endOffsets(partitions); // what the job has committed since
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          counts.merge(fingerprint(r.value()), 1L, Long::sum);
          try {
            statementIds.add(events.decode(r.value()).getStatementId());
          } catch (RuntimeException e) {
            undecoded++;
          }
        }
      }
    }
  }

  private static boolean atEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
  }

  /** Header of Avro single-object encoding: C3 01, then the schema's 64-bit fingerprint, little-endian. */
  static long fingerprint(byte[] value) {
    if (value == null || value.length < 10 || (value[0] & 0xff) != 0xC3 || value[1] != 0x01) {
      return NOT_SINGLE_OBJECT;
    }
    return ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
