package org.learnstream.jobs.pipeline;

import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.SealedEvents;
import org.learnstream.schemas.LearningEvent;

/**
 * The last step before the event log: an event whose statement came sealed under a learner record carries the
 * envelope it was opened from ({@link SealedEvents#carrying}); here only its clear text is dropped, so
 * {@code learning.events} holds the statement no longer in the clear and it becomes unreadable with the learner's
 * erasure. Nothing is looked up or sealed. An event that names a record but carries no envelope (made elsewhere
 * than the normaliser) is sealed here under its record, so clear text never reaches the log; if that record is gone,
 * the learner was erased: the event is dropped from the log and counted in {@code erasedLearnerEvents}. Events of
 * statements that came in the clear pass unchanged; every operator before and beside the log works on the clear text.
 * Stateless: a savepoint holds nothing under its uid.
 */
public final class SealEventLog extends EventLogSeal {

  private static final long serialVersionUID = 1L;

  public SealEventLog(LearnerRecordAccess records) {
    super(records);
  }

  /** {@code events} as the event log is to hold them. */
  public static DataStream<LearningEvent> sealed(DataStream<LearningEvent> events, ReadableConfig options) {
    return events
        .process(new SealEventLog(LearnerRecordAccess.from(options)), AvroTypes.of(LearningEvent.class))
        .uid("event-log-seal").name("seal statement text for the event log");
  }

  @Override
  public void processElement(LearningEvent event, Context ctx, Collector<LearningEvent> out) {
    if (!SealedEvents.toSeal(event)) {
      out.collect(SealedEvents.forLog(event));
      return;
    }
    LearnerRecordStore store = records.store();
    if (store == null) {
      throw new IllegalStateException("an event names learner record " + event.getLearnerRecord()
          + ", but the job has no learner record store to seal it under (set documents.url or runtime.data-dir)");
    }
    Optional<LearnerRecord> record;
    try {
      record = store.findById(event.getTenant(), UUID.fromString(event.getLearnerRecord()));
    } catch (SQLException e) {
      throw records.notAnswering(e);
    }
    if (record.isEmpty()) {
      erased.inc();
      return;
    }
    out.collect(SealedEvents.sealed(event, record.get(), records.seal()));
  }
}
