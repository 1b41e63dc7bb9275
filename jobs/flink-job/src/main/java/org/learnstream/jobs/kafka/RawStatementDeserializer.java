package org.learnstream.jobs.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.kafka.RecordKeys;
import org.learnstream.pipeline.records.SealedStatements;

/**
 * Reads {@code xapi.statements} without interpreting the value, so no input can fail the source: invalid
 * statements reach the normalise stage, which routes them to dead letters with their position. A sealed statement
 * carries the id of its learner record from the record's header, for the normalise stage to open it.
 */
public final class RawStatementDeserializer implements KafkaRecordDeserializationSchema<RawStatement> {

  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawStatement> out) {
    // Undecodable UTF-8 in a key becomes U+FFFD rather than an exception.
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    out.collect(new RawStatement(RecordKeys.tenantOf(key), record.value(), record.topic(), record.partition(),
        record.offset(), record.timestamp(), SealedStatements.recordOf(record.headers()),
        SealedStatements.eventTimeOf(record.headers(), record.timestamp())));
  }

  @Override
  public TypeInformation<RawStatement> getProducedType() {
    return TypeInformation.of(RawStatement.class);
  }
}
