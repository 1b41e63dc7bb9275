package org.learnstream.jobs.pipeline;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.util.function.SerializableFunction;
import org.learnstream.jobs.kafka.KeyedAvroRecordSerializer;
import org.learnstream.pipeline.clickhouse.RowEncoder;

/**
 * One place the pipeline writes a stream of records to: a Kafka topic (Avro records) or a ClickHouse table. {@link #name()}
 * names the sink in the job graph and, with {@code -sink}, is its uid, which savepoints refer to: never rename one.
 */
public sealed interface PipelineOutput<T> {

  String name();

  Class<T> type();

  /** The sink's operator uid. */
  default String uid() {
    return name() + "-sink";
  }

  /**
   * A topic written exactly-once, each record under {@code key}.
   *
   * @param topic           the topic's name without the configured prefix
   * @param dated           each record's Kafka timestamp, which the topic's retention counts from; null: the record's
   *                        Flink timestamp (its event time where one is assigned)
   * @param transactionName part of the sink's transactional id, which Kafka uses to fence a restarted sink's
   *                        predecessor: never rename one
   */
  record Topic<T extends SpecificRecordBase>(String name, Class<T> type, String topic,
      SerializableFunction<T, String> key, SerializableFunction<T, Long> dated, String transactionName)
      implements
        PipelineOutput<T> {

    /** A topic whose records are dated by their Flink timestamp. */
    public Topic(String name, Class<T> type, String topic, SerializableFunction<T, String> key,
        String transactionName) {
      this(name, type, topic, key, null, transactionName);
    }

    /** What writes this output's records, keyed and dated as declared, to {@code topicName} (prefix included). */
    public KeyedAvroRecordSerializer<T> serializer(String topicName) {
      return new KeyedAvroRecordSerializer<>(topicName, type, key, dated);
    }
  }

  /** A ClickHouse table, one row per record as {@code encoder} writes it. */
  record Table<T>(String name, Class<T> type, Class<? extends RowEncoder<T>> encoder)
      implements
        PipelineOutput<T> {

    /** The table's name without the database, as the encoder declares it. */
    public String table() {
      return RowEncoder.of(encoder).table();
    }
  }
}
