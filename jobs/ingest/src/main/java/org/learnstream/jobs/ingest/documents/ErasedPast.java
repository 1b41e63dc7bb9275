package org.learnstream.jobs.ingest.documents;

import java.time.Instant;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.xapi.SealingFacts;
import org.learnstream.pipeline.xapi.Violation;

/**
 * The refusal of a statement dated at or before the erasure of a person it names: the rule {@code
 * timestamp.after-erasure}, its path relative to the statement. Such a statement belongs to the erased learner's
 * past, which is not kept; what happened after the erasure is accepted when it is dated after it.
 */
final class ErasedPast {

  static final String RULE = "timestamp.after-erasure";

  private ErasedPast() {
  }

  /** The actor's learner was erased at or after the statement's date. */
  static Violation ofActor(SealingFacts facts, LearnerRecord actor) {
    return violation(facts, actor, "the actor's learner");
  }

  /** A person the statement names besides its actor was erased at or after its date. */
  static Violation ofOther(SealingFacts facts, LearnerRecord other) {
    return violation(facts, other, "a person the statement names besides its actor (its object, instructor, team "
        + "or a group member)");
  }

  private static Violation violation(SealingFacts facts, LearnerRecord record, String who) {
    return new Violation("timestamp", RULE, "dates the statement " + Instant.ofEpochMilli(facts.dated())
        + ", at or before " + record.predecessorErased() + ", when " + who + " was erased: what is dated up to an "
        + "erasure belongs to the erased learner and is not kept; date a statement of what happened after the "
        + "erasure after it");
  }
}
