package org.learnstream.pipeline.clickhouse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.SamePerson;

/**
 * The erasure of one person under every pseudonym their identifier gives them ({@link SamePerson}: an mbox is also
 * recorded as its mbox_sha1sum): one {@link LearnerErasure} and one receipt per pseudonym that any table holds. The
 * request is refused, changing nothing, only when no table holds any of them.
 */
public final class PersonErasure {

  private final LearnerErasure erasure;
  private final Pseudonymizer pseudonymizer;

  public PersonErasure(LearnerErasure erasure, Pseudonymizer pseudonymizer) {
    this.erasure = erasure;
    this.pseudonymizer = pseudonymizer;
  }

  /** The learners to erase: each pseudonym of the identifier, or the pseudonym given instead. */
  public List<LearnerErasure.Learner> learners(String tenant, Optional<ActorIdentifier> identifier,
      String pseudonym) {
    if (identifier.isEmpty()) {
      return List.of(new LearnerErasure.Learner(tenant, pseudonym, Optional.empty()));
    }
    return SamePerson.identifiersOf(identifier.get()).stream().map(id -> new LearnerErasure.Learner(tenant,
        pseudonymizer.learnerId(tenant, id.canonical()), Optional.of(id))).toList();
  }

  /**
   * The plans of the learners some table holds.
   *
   * @throws LearnerErasure.UnknownLearner (the first learner's) when no table holds any of them
   */
  public List<LearnerErasure.Plan> plan(List<LearnerErasure.Learner> learners) {
    List<LearnerErasure.Plan> plans = new ArrayList<>();
    LearnerErasure.UnknownLearner first = null;
    for (LearnerErasure.Learner learner : learners) {
      try {
        plans.add(erasure.plan(learner));
      } catch (LearnerErasure.UnknownLearner unknown) {
        first = first == null ? unknown : first;
      }
    }
    if (plans.isEmpty()) {
      throw first;
    }
    return plans;
  }

  /**
   * Runs each plan in turn, each pseudonym's erasure request first recorded by {@code record} before its first row is
   * deleted (see {@link LearnerErasure#execute(LearnerErasure.Plan, Instant, String, LearnerErasure.Listener,
   * ErasureRecording)}); a receipt per pseudonym.
   */
  public List<ErasureReceipts.Receipt> execute(List<LearnerErasure.Plan> plans, Instant requestedAt,
      String requestedBy, LearnerErasure.Listener listener, ErasureRecording record) {
    return execute(plans, requestedAt, requestedBy, listener, record, Map.of());
  }

  /**
   * As {@link #execute(List, Instant, String, LearnerErasure.Listener, ErasureRecording)}, with the rows the person's
   * erasure deleted outside ClickHouse before it (their learner records, which belong to the person, not to one
   * pseudonym) in the first receipt.
   */
  public List<ErasureReceipts.Receipt> execute(List<LearnerErasure.Plan> plans, Instant requestedAt,
      String requestedBy, LearnerErasure.Listener listener, ErasureRecording record,
      Map<String, Long> personRemovedBefore) {
    List<ErasureReceipts.Receipt> receipts = new ArrayList<>();
    for (LearnerErasure.Plan plan : plans) {
      receipts.add(erasure.execute(plan, requestedAt, requestedBy, listener, record,
          receipts.isEmpty() ? personRemovedBefore : Map.of()));
    }
    return receipts;
  }

  /**
   * Records each request in {@code ledger}, or resumes the learner's unfinished erasure there, and waits for the job
   * of {@code jobGroup} (null: not) up to {@code timeout}; puts what the receipt says of the job's state into
   * {@code jobStates} under the receipt's id.
   */
  public ErasureRecording recordedIn(ErasureLedger ledger, String jobGroup, Duration timeout,
      Map<String, String> jobStates) {
    return new ErasureRecording() {
      @Override
      public ErasureRequest apply(ErasureRequest request) {
        ErasureLedger.Recorded recorded = ledger.recordOrResume(request, erasure::completed, jobGroup, timeout);
        jobStates.put(recorded.request().erasureId(), recorded.jobState());
        return recorded.request();
      }

      @Override
      public void statementsErased(ErasureRequest withStatements) {
        ledger.append(withStatements); // not awaited: the job drops these statements whenever it reads them
      }
    };
  }
}
