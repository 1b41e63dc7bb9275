package org.learnstream.jobs.kafka;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.learnstream.pipeline.kafka.ErasureRequest;

/**
 * Reads the erasure ledger ({@code learner.erasures}). Tombstones carry no request and are skipped. Entries are
 * written by erase alone, so one that does not parse is a bug and fails the source with the parser's message.
 */
public final class ErasureRequestDeserializer implements KafkaRecordDeserializationSchema<ErasureRequest> {

  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ErasureRequest> out) {
    if (record.value() != null) {
      out.collect(ErasureRequest.fromJson(record.value()));
    }
  }

  @Override
  public TypeInformation<ErasureRequest> getProducedType() {
    return TypeInformation.of(ErasureRequest.class);
  }
}
