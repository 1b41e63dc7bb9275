package org.learnstream.jobs.ingest.documents;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.learnstream.jobs.ingest.PreparedStatement;
import org.learnstream.jobs.ingest.StatementPublisher;
import org.learnstream.pipeline.kafka.RecordKeys;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.StatementTimestamps;

/**
 * Writes each statement to the log sealed under its actor's learner record ({@link SealedStatements}), so that the
 * raw topic holds no identifier, name or text that outlives the learner's erasure. The record of each actor is
 * resolved once per batch; when the record store does not answer, nothing of the batch is written and the request
 * fails as when Kafka does not take it. Callers outside this publisher keep seeing the statements in the clear.
 */
final class SealingStatementPublisher implements StatementPublisher {

  private final StatementPublisher inner;
  private final LearnerRecordStore records;
  private final LearnerSeal seal = new LearnerSeal();

  SealingStatementPublisher(StatementPublisher inner, LearnerRecordStore records) {
    this.inner = inner;
    this.records = records;
  }

  @Override
  public void publish(List<PreparedStatement> statements) throws UnavailableException {
    inner.publish(sealed(statements));
  }

  @Override
  public CompletableFuture<Void> publishAsync(List<PreparedStatement> statements) {
    try {
      return inner.publishAsync(sealed(statements));
    } catch (UnavailableException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private List<PreparedStatement> sealed(List<PreparedStatement> statements) throws UnavailableException {
    Map<String, LearnerRecord> byActor = new HashMap<>();
    List<PreparedStatement> out = new ArrayList<>(statements.size());
    try {
      for (PreparedStatement s : statements) {
        String tenant = RecordKeys.tenantOf(s.key());
        Optional<String> actor = ActorIdentifier.canonicalActorOf(new String(s.json(), StandardCharsets.UTF_8));
        if (actor.isEmpty()) {
          out.add(s); // an accepted statement always has an actor; without one there is no learner to seal for
          continue;
        }
        LearnerRecord record = byActor.get(tenant + "\n" + actor.get());
        if (record == null) {
          record = records.resolve(tenant, actor.get());
          byActor.put(tenant + "\n" + actor.get(), record);
        }
        long eventTime = StatementTimestamps.eventTime(s.json(), System.currentTimeMillis());
        out.add(new PreparedStatement(s.id(), SealedStatements.key(record),
            seal.seal(record, SealedStatements.PURPOSE, s.json()), s.fingerprint(), s.idFromClient(),
            new SealedStatements.Seal(record.id(), eventTime)));
      }
    } catch (SQLException e) {
      throw new UnavailableException("the learner record store did not answer: SQLSTATE " + e.getSQLState(), e);
    }
    return out;
  }

  @Override
  public void close() {
    inner.close();
  }
}
