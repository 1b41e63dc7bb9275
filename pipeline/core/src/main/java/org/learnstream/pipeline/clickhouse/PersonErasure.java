package org.learnstream.pipeline.clickhouse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.learnstream.pipeline.kafka.ErasureLedger;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.kafka.SettledRecordsDeletion;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.SamePerson;

/**
 * The erasure of one person under every pseudonym their identifier gives them ({@link SamePerson}: an mbox is also
 * recorded as its mbox_sha1sum): one {@link LearnerErasure} and one receipt per pseudonym that any table holds, or per
 * pseudonym when no table holds any but a store outside ClickHouse (learner records, documents) knows the person. The
 * request is refused, changing nothing, only when no store knows them.
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
    return learners(tenant, identifier, pseudonym, Map.of());
  }

  /**
   * The learners to erase: for each identifier the person goes by, the pseudonym of their learner record where they
   * have one ({@code recordPseudonyms}, by canonical identifier: what the job names them by when it has the records),
   * else the identifier's HMAC pseudonym (what it names them by without). Beside a record's, the HMAC pseudonym is
   * erased too, by pseudonym alone, for rows derived before the job had the records. Or the pseudonym given instead.
   */
  public List<LearnerErasure.Learner> learners(String tenant, Optional<ActorIdentifier> identifier,
      String pseudonym, Map<String, String> recordPseudonyms) {
    if (identifier.isEmpty()) {
      return List.of(new LearnerErasure.Learner(tenant, pseudonym, Optional.empty()));
    }
    List<LearnerErasure.Learner> learners = new ArrayList<>();
    List<LearnerErasure.Learner> earlier = new ArrayList<>();
    for (ActorIdentifier id : SamePerson.identifiersOf(identifier.get())) {
      String hmac = pseudonymizer.learnerId(tenant, id.canonical());
      String recorded = recordPseudonyms.get(id.canonical());
      learners.add(new LearnerErasure.Learner(tenant, recorded == null ? hmac : recorded, Optional.of(id)));
      if (recorded != null) {
        earlier.add(new LearnerErasure.Learner(tenant, hmac, Optional.empty()));
      }
    }
    learners.addAll(earlier);
    return learners;
  }

  /**
   * The plans of the learners some table holds.
   *
   * @throws LearnerErasure.UnknownLearner (the first learner's) when no table holds any of them
   */
  public List<LearnerErasure.Plan> plan(List<LearnerErasure.Learner> learners) {
    return toRun(planEach(learners), Map.of());
  }

  /**
   * The attachment content (lower-case SHA-2s) that the statements {@code plans} delete name and no other statement
   * of their tenant does: the person's erasure deletes it from the endpoint's attachment store, read here before any
   * row goes.
   */
  public Set<String> attachmentsOnlyOf(List<LearnerErasure.Plan> plans) {
    if (plans.isEmpty()) {
      return Set.of();
    }
    Set<String> others = new LinkedHashSet<>();
    plans.forEach(plan -> others.addAll(plan.othersStatements()));
    return erasure.attachmentsOnlyOf(plans.get(0).learner().tenant(),
        plans.stream().map(plan -> plan.learner().pseudonym()).toList(), others);
  }

  /** The plan of each learner, also of those no table holds: which to run waits for {@link #toRun}. */
  public List<LearnerErasure.Plan> planEach(List<LearnerErasure.Learner> learners) {
    return learners.stream().map(erasure::planDeletes).toList();
  }

  /**
   * The plans to run once the person's erasure has deleted {@code removedElsewhere} (rows per store outside
   * ClickHouse, such as their learner records and documents): those of the learners some table holds; when no table
   * holds any, the learner of each identifier (not the HMAC pseudonyms looked for beside records), so that each is
   * recorded in the ledger (the job drops their statements still on their way, whichever identifier they came under)
   * and gets a receipt.
   *
   * @throws LearnerErasure.UnknownLearner (the first learner's) when no store knows the person
   */
  public static List<LearnerErasure.Plan> toRun(List<LearnerErasure.Plan> plans,
      Map<String, Long> removedElsewhere) {
    List<LearnerErasure.Plan> held = plans.stream().filter(LearnerErasure.Plan::holdsLearner).toList();
    if (!held.isEmpty()) {
      return held;
    }
    if (removedElsewhere.values().stream().mapToLong(Long::longValue).sum() == 0) {
      throw LearnerErasure.UnknownLearner.of(plans.get(0));
    }
    List<LearnerErasure.Plan> byIdentifier = plans.stream()
        .filter(plan -> plan.learner().identifier().isPresent()).toList();
    return byIdentifier.isEmpty() ? plans : byIdentifier;
  }

  /**
   * What ClickHouse holds of the person, as erase and the admin answer say it: the rows to delete per pseudonym, or
   * that no table holds any.
   */
  public static String clickHouseFound(List<LearnerErasure.Plan> plans) {
    if (plans.stream().noneMatch(LearnerErasure.Plan::holdsLearner)) {
      return "no rows in any table of " + String.join(", ", plans.get(0).databases())
          + " (the person is known only outside ClickHouse); recorded in the ledger and receipted all the same";
    }
    return plans.stream().map(p -> p.totalRows() + " rows of learner " + p.learner().pseudonym())
        .collect(Collectors.joining(", ")) + " to delete";
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
   * {@code jobStates} under the receipt's id. With the job awaited, the first receipt's deletes are followed by those
   * of {@code settled}, the topics' records nothing needs any more ({@link SettledRecordsDeletion}: statements and
   * dead letters written to Kafka in the clear keep the person's text there otherwise), counted in that receipt.
   */
  public ErasureRecording recordedIn(ErasureLedger ledger, String jobGroup, Duration timeout,
      Map<String, String> jobStates, List<SettledRecordsDeletion> settled) {
    return new ErasureRecording() {
      private boolean settledDeleted = jobGroup == null || settled.isEmpty();

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

      // once per person: what is settled goes, whoever's it is, so the first receipt's deletion takes all
      @Override
      public Map<String, Long> deletedBesideTables(ErasureRequest request) {
        if (settledDeleted) {
          return Map.of();
        }
        settledDeleted = true;
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (SettledRecordsDeletion deletion : settled) {
          SettledRecordsDeletion.Result result = deletion.delete();
          jobStates.merge(request.erasureId(), "; " + deletion.describe(result), String::concat);
          deleted.put("kafka." + result.topic(), result.deleted());
        }
        return deleted;
      }
    };
  }
}
