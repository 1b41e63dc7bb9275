package org.learnstream.jobs.ingest.documents;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.learnstream.jobs.ingest.PreparedStatement;
import org.learnstream.jobs.ingest.StatementPublisher;
import org.learnstream.pipeline.kafka.RecordKeys;
import org.learnstream.pipeline.records.EpochCheckedRecordCache;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.LearnerSeal;
import org.learnstream.pipeline.records.SealedStatements;
import org.learnstream.pipeline.xapi.SealingFacts;

/**
 * Writes each statement to the log sealed under its actor's learner record ({@link SealedStatements}), so that the raw
 * topic holds no identifier, name or text that outlives the learner's erasure. A statement that names other people (an
 * Agent object, an instructor, team or group members: {@link SealingFacts#otherPeople}) is sealed under each of their
 * records first ({@link LearnerSeal#sealLayers}), so that erasing any of them makes it unreadable too. The records of
 * a batch's actors come from a cache checked against the erasure epoch once per batch ({@link
 * EpochCheckedRecordCache}: an erasure by another process takes effect for every batch that starts after it), the
 * others from one query per batch; actor and event time come with each statement from the tree the endpoint validated
 * it as (no second parse). When the record store does not answer, nothing of the batch is written and the request
 * fails as when Kafka does not take it. Callers outside this publisher keep seeing the statements in the clear.
 */
final class SealingStatementPublisher implements StatementPublisher {

  private final StatementPublisher inner;
  /** Learners whose ciphers stay ready with the key expanded: about 11 MB when full. */
  static final int READY_CIPHERS = 10_000;

  private final EpochCheckedRecordCache records;
  private final LearnerSeal seal = new LearnerSeal(new SecureRandom(), READY_CIPHERS);

  SealingStatementPublisher(StatementPublisher inner, LearnerRecordStore records) {
    this.inner = inner;
    this.records = new EpochCheckedRecordCache(records, EpochCheckedRecordCache.DEFAULT_CAPACITY);
  }

  @Override
  public void publish(List<PreparedStatement> statements) throws UnavailableException {
    inner.publish(sealed(statements));
  }

  @Override
  public CompletableFuture<Void> publishAsync(List<PreparedStatement> statements) {
    try {
      return inner.publishAsync(sealed(statements));
    } catch (UnavailableException | RefusedStatements e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private List<PreparedStatement> sealed(List<PreparedStatement> statements) throws UnavailableException {
    // a request has one tenant: each statement's is taken from its key once
    String[] tenants = new String[statements.size()];
    // the actors and the other people named, whose records the batch needs
    Map<String, Set<String>> peopleByTenant = new HashMap<>();
    for (int i = 0; i < tenants.length; i++) {
      PreparedStatement s = statements.get(i);
      tenants[i] = RecordKeys.tenantOf(s.key());
      Optional<String> actor = factsOf(s).canonicalActor();
      if (actor.isPresent()) {
        Set<String> people = peopleByTenant.computeIfAbsent(tenants[i], t -> new HashSet<>());
        people.add(actor.get());
        people.addAll(s.facts().otherPeople());
      }
    }
    Map<String, Map<String, LearnerRecord>> recordsByTenant = new HashMap<>();
    try {
      // one round trip per tenant (a request has one) rather than one per actor
      for (Map.Entry<String, Set<String>> tenant : peopleByTenant.entrySet()) {
        recordsByTenant.put(tenant.getKey(), records.resolveAll(tenant.getKey(), tenant.getValue()));
      }
    } catch (SQLException e) {
      throw new UnavailableException("the learner record store did not answer: SQLSTATE " + e.getSQLState(), e);
    }
    refuseErasedPasts(statements, tenants, recordsByTenant);
    List<LearnerRecord> sealUnder = new ArrayList<>(statements.size());
    List<byte[]> plaintexts = new ArrayList<>(statements.size());
    for (int i = 0; i < tenants.length; i++) {
      PreparedStatement s = statements.get(i);
      if (s.facts().canonicalActor().isPresent()) {
        Map<String, LearnerRecord> records = recordsByTenant.get(tenants[i]);
        sealUnder.add(records.get(s.facts().canonicalActor().get()));
        plaintexts.add(s.facts().otherPeople().isEmpty()
            ? s.json()
            : seal.sealLayers(s.facts().otherPeople().stream().map(records::get).toList(), SealedStatements.PURPOSE,
                s.json()));
      }
    }
    List<byte[]> sealed = seal.sealAll(sealUnder, SealedStatements.PURPOSE, plaintexts);
    List<PreparedStatement> out = new ArrayList<>(statements.size());
    int next = 0;
    for (PreparedStatement s : statements) {
      SealingFacts f = s.facts();
      if (f.canonicalActor().isEmpty()) {
        out.add(s); // an accepted statement always has an actor; without one there is no learner to seal for
        continue;
      }
      LearnerRecord record = sealUnder.get(next);
      out.add(s.sealedAs(SealedStatements.key(record), sealed.get(next++),
          new SealedStatements.Seal(record.id(), f.eventTime())));
    }
    return out;
  }

  /**
   * Refuses the request when a statement is dated at or before the erasure of a person it names
   * ({@link LearnerRecord#predatesErasure}, by {@link SealingFacts#dated}): their record is then one begun after an
   * erasure, and the job would drop the statement as the erased learner's ({@code RecordPseudonyms}), after this
   * endpoint had answered 200 for it.
   */
  private static void refuseErasedPasts(List<PreparedStatement> statements, String[] tenants,
      Map<String, Map<String, LearnerRecord>> recordsByTenant) {
    List<RefusedStatements.Refusal> refused = new ArrayList<>();
    for (int i = 0; i < tenants.length; i++) {
      PreparedStatement s = statements.get(i);
      SealingFacts f = s.facts();
      if (f.canonicalActor().isEmpty()) {
        continue;
      }
      Map<String, LearnerRecord> records = recordsByTenant.get(tenants[i]);
      LearnerRecord actor = records.get(f.canonicalActor().get());
      if (actor.predatesErasure(f.dated())) {
        refused.add(new RefusedStatements.Refusal(s.id(), ErasedPast.ofActor(f, actor)));
      } else {
        f.otherPeople().stream().map(records::get).filter(r -> r.predatesErasure(f.dated())).findFirst()
            .ifPresent(r -> refused.add(new RefusedStatements.Refusal(s.id(), ErasedPast.ofOther(f, r))));
      }
    }
    if (!refused.isEmpty()) {
      throw new RefusedStatements(refused);
    }
  }

  // only the preparer's statements reach the endpoint's publisher; one without facts would have to be parsed again
  private static SealingFacts factsOf(PreparedStatement s) {
    if (s.facts() == null) {
      throw new IllegalArgumentException("statement " + s.id() + " carries no actor and event time to seal it by: "
          + "only statements prepared from a request can be sealed");
    }
    return s.facts();
  }

  @Override
  public void close() {
    inner.close();
  }
}
