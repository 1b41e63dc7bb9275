package org.learnstream.jobs.pipeline;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealException;
import org.learnstream.pipeline.records.SealedEvents;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.deadletter.DeadLetterCounters;
import org.learnstream.pipeline.deadletter.DeadLetterFactory;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.StatementNormalizer;
import org.learnstream.pipeline.xapi.StatementSize;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.pipeline.xapi.XapiVersion;
import org.learnstream.schemas.LearningEvent;

/**
 * Raw statement bytes from Kafka to {@link LearningEvent}s. Anything that cannot be normalised leaves through the
 * dead-letter side output with its reason and original bytes, so a poison pill never fails the job.
 *
 * <p>A statement sealed under its learner's record is opened first, and its event carries the sealed bytes on
 * ({@link SealedEvents#carrying}) for the event log, which keeps them in place of the text. A statement over
 * {@link StatementSize}'s limits (its bytes, sealed or in the clear, and the people it names), whose event the log could
 * not take in one Kafka record, is a dead letter, as the endpoint refuses it with 413. One whose record is gone
 * belongs to an erased learner and is dropped, counted in {@code erasedLearnerEvents} as the erasure filter counts, as
 * is one sealed also under the record of another person it names who was erased;
 * one that does not open otherwise is a dead letter that keeps the sealed bytes. A records database that does not answer fails the
 * operator, so that the statement is read again after the restart rather than lost.
 *
 * <p>Given the learner records, the people of a statement are named by their records' random pseudonyms
 * ({@link RecordPseudonyms}), and a statement that came in the clear is sealed here under its actor's record, so the
 * event log holds its text as it holds the endpoint's. One dated or stored before its learner's erasure but read
 * after it is dropped and counted as a sealed one is. Without the records, pseudonyms are the HMAC of the identifier.
 */
public class NormaliseStatements extends ProcessFunction<RawStatement, LearningEvent> {

  public static final String ORIGIN = "normalise";

  private final String defaultTenant;
  private final OperatorRecords records;
  private transient StatementNormalizer normalizer;
  private transient Counter erased;
  private transient Counter accepted;
  private transient Counter rejected;
  private transient DeadLetterCounters deadLetters;

  public NormaliseStatements(String defaultTenant) {
    this(defaultTenant, null);
  }

  /** @param records where sealed statements' learner records are; null: there are none to open */
  public NormaliseStatements(String defaultTenant, LearnerRecordAccess records) {
    this(defaultTenant, records, OperatorRecords.ERASURE_CHECKS);
  }

  /** @param erasureChecks how often it looks at most whether a learner was erased elsewhere (tests: zero) */
  NormaliseStatements(String defaultTenant, LearnerRecordAccess records, Duration erasureChecks) {
    this.defaultTenant = defaultTenant;
    this.records = new OperatorRecords(records, "statement", erasureChecks);
  }

  @Override
  public void open(OpenContext openContext) {
    // a statement's declared version chooses its rules, as at the endpoint; without one (written to Kafka directly,
    // not through the endpoint, which stamps it) it gets the 1.0.x rules
    normalizer = new StatementNormalizer(new StatementValidator(), Pseudonyms.fromEnvironment(), XapiVersion.V1_0_3);
    accepted = getRuntimeContext().getMetricGroup().counter("statementsAccepted");
    rejected = getRuntimeContext().getMetricGroup().counter("statementsRejected");
    deadLetters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    erased = getRuntimeContext().getMetricGroup().counter("erasedLearnerEvents");
    records.open();
  }

  @Override
  public void close() {
    records.close();
  }

  @Override
  public void processElement(RawStatement raw, Context ctx, Collector<LearningEvent> out) {
    records.forgetErasedSince();
    String tenant = raw.tenant == null || raw.tenant.isBlank() ? defaultTenant : raw.tenant;
    byte[] statement = raw.value;
    LearnerRecord sealedUnder = null;
    Optional<Violation> tooLarge = raw.sealedUnder != null
        ? SealedStatements.checkSize("$", raw.value.length)
        : StatementSize.check("$", raw.value.length);
    if (tooLarge.isPresent()) {
      refuse(raw, tenant, ctx, tooLarge.get());
      return;
    }
    if (raw.sealedUnder != null) {
      try {
        sealedUnder = sealedUnder(tenant, raw);
        statement = records.seal().openLayers(sealedUnder, SealedStatements.PURPOSE, raw.value,
            records.store()::findById);
      } catch (SQLException e) {
        throw records.notAnswering(e);
      } catch (SealException e) {
        if (e.reason() == SealException.Reason.RECORD_ERASED) {
          erased.inc();
        } else {
          refuse(raw, tenant, ctx, "$", "sealed." + e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
        }
        return;
      }
    }
    LearnerRecordStore store = records.store();
    RecordPseudonyms people = store == null ? null : new RecordPseudonyms(store, sealedUnder);
    StatementNormalizer.Normalized result;
    try {
      result = people == null
          ? normalizer.normalize(tenant, statement, raw.kafkaTimestamp)
          : normalizer.normalize(tenant, statement, raw.kafkaTimestamp, people);
    } catch (RecordPseudonyms.Erased e) {
      erased.inc();
      return;
    } catch (RecordPseudonyms.Unanswered e) {
      throw records.notAnswering(e.sqlException());
    }
    if (result instanceof StatementNormalizer.Accepted a) {
      // one seal per person named: as many as the endpoint lets a statement name
      Optional<Violation> tooMany = people == null
          ? Optional.empty()
          : StatementSize.checkPeople("$", people.mentionedRecords().size());
      if (tooMany.isPresent()) {
        refuse(raw, tenant, ctx, tooMany.get());
        return;
      }
      accepted.inc();
      out.collect(people == null ? a.event() : sealedForLog(a.event(), people, raw, sealedUnder));
    } else if (result instanceof StatementNormalizer.Rejected r) {
      refuse(raw, tenant, ctx, r.violation());
    }
  }

  /**
   * {@code event} carrying its statement sealed under the actor's record for the event log: the envelope it came in
   * (its text is exactly the envelope's, so it is not sealed again), or for one in the clear, sealed here, under the
   * records of the other people it names first, as the endpoint seals it. A person as its object is named by their
   * record too, so that the log can hold the record's id in place of their pseudonym.
   */
  private LearningEvent sealedForLog(LearningEvent event, RecordPseudonyms people, RawStatement raw,
      LearnerRecord sealedUnder) {
    LearnerRecord record = people.actorRecord();
    byte[] sealed = sealedUnder != null
        ? raw.value
        : records.seal().seal(record, SealedStatements.PURPOSE,
            records.seal().sealLayers(people.mentionedRecords(), SealedStatements.PURPOSE, raw.value));
    if (people.objectRecord() != null) {
      event.setObjectRecord(people.objectRecord().id().toString());
    }
    return SealedEvents.carrying(event, record.id(), sealed);
  }

  /** The learner record a sealed statement names: the one its text opens under, and its actor's. */
  private LearnerRecord sealedUnder(String tenant, RawStatement raw) throws SealException {
    LearnerRecordStore store = records.storeFor(raw.sealedUnder);
    try {
      return LearnerSeal.recordOf(store, tenant, raw.value);
    } catch (SQLException e) {
      throw records.notAnswering(e);
    }
  }

  private void refuse(RawStatement raw, String tenant, Context ctx, Violation violation) {
    refuse(raw, tenant, ctx, violation.path(), violation.rule(), violation.describe());
  }

  /** A dead letter with the record's original bytes: a sealed statement's stay sealed. */
  private void refuse(RawStatement raw, String tenant, Context ctx, String path, String rule, String description) {
    rejected.inc();
    deadLetters.count(ORIGIN, rule);
    ctx.output(SideOutputs.DEAD_LETTERS, DeadLetterFactory.forRejectedInput(ORIGIN, raw.topic, raw.partition,
        raw.offset, tenant, path, rule, description, raw.value, raw.kafkaTimestamp));
  }
}
