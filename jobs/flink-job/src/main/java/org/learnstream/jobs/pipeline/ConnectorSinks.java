package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.learnstream.pipeline.kafka.TopicSpec;
import org.learnstream.jobs.pipeline.PipelineOutput.Table;
import org.learnstream.jobs.pipeline.PipelineOutput.Topic;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseSink;

/** The real sinks of the outputs: topics exactly-once on the given Kafka, tables in the given ClickHouse database. */
public record ConnectorSinks(Configuration config, String bootstrap, ClickHouseEndpoint clickHouse)
    implements
      PipelineSinks.Factory {

  @Override
  @SuppressWarnings("unchecked") // a topic of T is a topic of Avro records of type T
  public <T> Sink<T> sinkOf(PipelineOutput<T> output) {
    if (output instanceof Topic<?> topic) {
      return (Sink<T>) kafka(topic);
    }
    return new ClickHouseSink<>(clickHouse, ((Table<T>) output).encoder(), PipelineJob.writerSettings(config));
  }

  private <T extends SpecificRecordBase> KafkaSink<T> kafka(Topic<T> output) {
    Properties producer = new Properties();
    producer.setProperty("transaction.timeout.ms",
        String.valueOf(config.get(PipelineOptions.TRANSACTION_TIMEOUT).toMillis()));
    producer.setProperty("compression.type", "lz4");
    producer.setProperty("linger.ms", "20");
    // a sealed event carries its statement's envelope, about 1 KB that does not compress, and filled the default 16 KB
    // batch within the linger: more, smaller batches and produce requests per event. With 16 KB the broker, the
    // producer's network thread and the log's writer spent 15-28 us more per sealed event than per clear one, with
    // 256 KB 4-5 us (bench pipeline --compare-sealing, docs/benchmarks.md, 2026-12-06)
    producer.setProperty("batch.size", String.valueOf(256 * 1024));
    // a dead letter holds a refused record whole, up to the 1 MiB a producer may write, and its reason beside it
    producer.setProperty("max.request.size", String.valueOf(TopicSpec.MAX_MESSAGE_BYTES));
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(output.serializer(PipelineJob.topic(config, output.topic())))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.get(PipelineOptions.TRANSACTIONAL_ID_PREFIX) + "-" + output.transactionName())
        .setKafkaProducerConfig(producer)
        .build();
  }
}
