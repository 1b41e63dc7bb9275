package org.learnstream.jobs.state;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.schemas.LearningEvent;

/**
 * The erased learners as the operators that receive the erasure ledger keep them: broadcast state from
 * {@code tenant|digest} ({@link LearnerDigest}: never the pseudonym, which a savepoint would otherwise keep for good)
 * to the erasure's request time (epoch ms), as much as a receipt names and no more, and from
 * {@link ErasureRequest#statementKey} to it for the statements of other actors erased with a learner. Here, below
 * the job's packages, because the projection operators and the class-wide patterns' operator both keep it.
 */
public final class ErasedLearnersState {

  public static final MapStateDescriptor<String, Long> DESCRIPTOR = new MapStateDescriptor<>("erased-learners",
      Types.STRING, Types.LONG);

  private ErasedLearnersState() {
  }

  /**
   * Records the ledger entry; the stand-in entry that names nobody is not one. Answers whether it erases the learner
   * anew: false for an entry already recorded with the same request time (the erasure's second entry, which adds
   * the statements of other actors it deleted), so that the learner's state is cleared once, not again after the
   * learner started afresh.
   */
  public static boolean record(BroadcastState<String, Long> state, ErasureRequest request) throws Exception {
    if (request.tenant().isEmpty()) {
      return false;
    }
    Map<String, String> legacy = legacyKeys(state.entries());
    for (Map.Entry<String, String> key : legacy.entrySet()) {
      Long at = state.get(key.getKey());
      state.remove(key.getKey());
      Long digested = state.get(key.getValue());
      state.put(key.getValue(), digested == null ? at : Math.max(at, digested));
    }
    long requestedAt = request.requestedAt().toEpochMilli();
    for (String statementId : request.statementIds()) {
      state.put(ErasureRequest.statementKey(request.tenant(), statementId), requestedAt);
    }
    Long before = state.get(request.key());
    state.put(request.key(), requestedAt);
    return before == null || before != requestedAt;
  }

  /**
   * Whether the event is of an erased learner and dated or stored at or before the erasure ({@link
   * ErasureRequest#covers}, the one rule for every operator and for replay), or a statement of another actor erased
   * with a learner; {@code atStart} holds the erasures read before the job started, where an operator has them. An
   * event named by a learner record's pseudonym ({@code learnerRecord} set) goes whenever it is dated: a record's
   * random pseudonym is never given again, so whatever still carries an erased one belongs to the erased learner
   * (the learner's later statements come under a new record, with a new pseudonym). {@code digests}: the operator's
   * own cache of learners' digests.
   */
  public static boolean drops(ReadOnlyBroadcastState<String, Long> erased, Map<String, Long> atStart,
      LearningEvent event, LearnerDigest.Cache digests) throws Exception {
    String statement = ErasureRequest.statementKey(event.getTenant(), event.getStatementId());
    if (erased.contains(statement) || atStart.containsKey(statement)) {
      return true;
    }
    String learner = ErasureRequest.learnerKey(event.getTenant(),
        digests.of(event.getTenant(), event.getLearner()));
    Long requested = erased.get(learner);
    if (requested == null) {
      requested = atStart.get(learner);
    }
    return requested != null && (event.getLearnerRecord() != null
        || ErasureRequest.covers(requested, event.getTimestamp(), event.getStored()));
  }

  /** The request time of the learner's erasure (epoch ms), or null when they were not erased. */
  public static Long erasedAt(ReadOnlyBroadcastState<String, Long> state, String tenant, String learner,
      LearnerDigest.Cache digests) throws Exception {
    return state.get(ErasureRequest.learnerKey(tenant, digests.of(tenant, learner)));
  }

  /** Whether the learner {@code pseudonym} of {@code tenant} is the one {@code request} erases. */
  public static boolean isOf(ErasureRequest request, String tenant, String pseudonym, LearnerDigest.Cache digests) {
    return request.tenant().equals(tenant) && request.learner().equals(digests.of(tenant, pseudonym));
  }

  /**
   * The keys that {@code request} clears in an operator keyed by learner digest (the early warning, Best-LR): the
   * digest it names, and every key a build before digests left under {@code tenant|pseudonym}, which no event reaches
   * any more.
   */
  public static Predicate<String> clearsKey(ErasureRequest request) {
    return key -> key.equals(request.learner()) || !LearnerDigest.isDigest(key);
  }

  /**
   * The keys {@code tenant|pseudonym} among {@code entries}, as a build before digests kept erased learners (a
   * savepoint of it restores them), each to its {@code tenant|digest}: {@link #record} puts them under the digest.
   */
  static Map<String, String> legacyKeys(Iterable<Map.Entry<String, Long>> entries) {
    Map<String, String> legacy = new HashMap<>();
    for (Map.Entry<String, Long> entry : entries) {
      String key = entry.getKey();
      int bar = key.indexOf('|');
      String learner = key.substring(bar + 1);
      if (bar > 0 && !learner.startsWith("statement:") && !LearnerDigest.isDigest(learner)) {
        String tenant = key.substring(0, bar);
        legacy.put(key, ErasureRequest.learnerKey(tenant, LearnerDigest.of(tenant, learner)));
      }
    }
    return legacy;
  }

  /** A digest cache for one operator: room for the learners a subtask sees, so most events are not hashed again. */
  public static LearnerDigest.Cache digestCache() {
    return new LearnerDigest.Cache(8_192);
  }
}
