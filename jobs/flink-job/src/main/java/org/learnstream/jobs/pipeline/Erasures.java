package org.learnstream.jobs.pipeline;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.ErasureRequest;

/**
 * The erasure ledger as the projection stage sees it: its entries as they are when the operators start
 * ({@code atStart}) and, for a live job, the ledger's reader ({@code updates}, null for none).
 *
 * @param atStart reads {@code tenant|digest} to the request time (epoch ms), where the operators run
 * @param updates the ledger topic's reader, or null
 */
public record Erasures(AtStart atStart, Source<ErasureRequest, ?, ?> updates) {

  static final TypeInformation<ErasureRequest> TYPE = TypeInformation.of(ErasureRequest.class);

  /** The ledger's entries, read when an operator opens: building a graph contacts no broker. */
  @FunctionalInterface
  public interface AtStart extends Serializable {
    Map<String, Long> read();
  }

  public static Erasures none() {
    return new Erasures(Map::of, null);
  }

  /** The entries of the ledger topic {@code topic} on the Kafka at {@code bootstrap}. */
  public static AtStart ledger(String bootstrap, String topic) {
    return () -> byLearner(new ErasureLedger(bootstrap, topic).entries());
  }

  /**
   * The entries of a ledger read in full (replay, the start of a job): each learner's key, and each statement of
   * another actor erased with a learner ({@link ErasureRequest#statementKey}), to the latest request time.
   */
  public static Map<String, Long> byLearner(List<ErasureRequest> entries) {
    Map<String, Long> keys = new HashMap<>();
    for (ErasureRequest entry : entries) {
      long requestedAt = entry.requestedAt().toEpochMilli();
      keys.merge(entry.key(), requestedAt, Math::max);
      entry.statementIds().forEach(id -> keys.merge(ErasureRequest.statementKey(entry.tenant(), id), requestedAt,
          Math::max));
    }
    return keys;
  }

  /** The live entries; without a reader one entry that names nobody, as a broadcast input needs a stream. */
  DataStream<ErasureRequest> stream(StreamExecutionEnvironment env) {
    if (updates == null) {
      return env.fromData(TYPE, new ErasureRequest(ReferenceStreams.NO_UPDATE, ReferenceStreams.NO_UPDATE,
          ReferenceStreams.NO_UPDATE, Instant.EPOCH, List.of())).uid("learner-erasures-none").name("no erasures");
    }
    // one reader for the one partition of the ledger; like reference data it never holds event time back
    return env.fromSource(updates, WatermarkStrategy.forGenerator(c -> new ReferenceStreams.NeverHoldsBack<>()),
        "learner-erasures", TYPE).setParallelism(1).uid("learner-erasures-source").name("learner-erasures");
  }
}
