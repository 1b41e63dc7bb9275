package org.learnstream.jobs.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.kafka.RecordNamed;

/**
 * The last step before a derived topic ({@code mastery.updates}, {@code alerts}): a learner whose pseudonym is a
 * learner record's is named there by the record alone ({@link RecordNamed}), as the event log names them, so that
 * once the record is erased the topic keeps no pseudonym that a copy of the learner's rows carried. The ClickHouse
 * tables, written beside it, keep the pseudonym (the erasure deletes their rows). A pseudonym no record carries (one
 * derived from the identifier, by a job or a log from before the records) is written as it is. Without a records
 * database everything passes unchanged. Stateless: a savepoint holds nothing under its uid.
 */
public final class NameLearnersByRecord<T extends SpecificRecordBase> extends ProcessFunction<T, T> {

  private static final long serialVersionUID = 1L;
  /** Pseudonyms whose record (or lack of one) is remembered: about 150 bytes each. */
  static final int REMEMBERED = 100_000;
  private static final UUID NO_RECORD = new UUID(0, 0);

  private final OperatorRecords records;
  /**
   * tenant x pseudonym -> record id. A record's pseudonym never changes, and a learner's record exists before any of
   * their derived rows, so neither a found id nor its absence goes stale; an erased record's id names nobody.
   */
  private transient Cache<Learner, UUID> recordByPseudonym;

  public NameLearnersByRecord(LearnerRecordAccess records) {
    this.records = new OperatorRecords(records, "derived row");
  }

  /** {@code derived} as its topic is to hold it, by the operator {@code uid}. */
  public static <T extends SpecificRecordBase> DataStream<T> named(DataStream<T> derived, Class<T> type, String uid,
      ReadableConfig options) {
    return derived.process(new NameLearnersByRecord<T>(LearnerRecordAccess.from(options)), AvroTypes.of(type))
        .uid(uid).name("name learners by record for the topic");
  }

  @Override
  public void open(OpenContext openContext) {
    records.open();
    recordByPseudonym = Caffeine.newBuilder().maximumSize(REMEMBERED).executor(Runnable::run).build();
  }

  @Override
  public void close() {
    records.close();
  }

  @Override
  public void processElement(T derived, Context ctx, Collector<T> out) {
    LearnerRecordStore store = records.store();
    if (store == null) {
      out.collect(derived);
      return;
    }
    UUID record = recordOf(store, derived.get("tenant").toString(), derived.get("learner").toString());
    out.collect(record == NO_RECORD ? derived : RecordNamed.byRecord(derived, record));
  }

  private UUID recordOf(LearnerRecordStore store, String tenant, String pseudonym) {
    Learner key = new Learner(tenant, pseudonym);
    UUID known = recordByPseudonym.getIfPresent(key);
    if (known != null) {
      return known;
    }
    Optional<LearnerRecord> found;
    try {
      found = store.findByPseudonym(tenant, pseudonym);
    } catch (SQLException e) {
      throw records.notAnswering(e);
    }
    UUID record = found.map(LearnerRecord::id).orElse(NO_RECORD);
    recordByPseudonym.put(key, record);
    return record;
  }

  private record Learner(String tenant, String pseudonym) {
  }
}
