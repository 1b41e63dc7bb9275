package org.learnstream.pipeline.xapi;

/**
 * The pseudonyms that name a statement's people in its event and in every row derived from it: the actor's, and
 * that of a person (Agent or Group) the statement has as its object. {@link Pseudonymizer} computes both from the
 * identifier; the job, given the learner records, takes each person's record's random pseudonym instead, so that
 * once the record is erased no row links to anyone.
 */
public interface LearnerPseudonyms {

  /**
   * The pseudonym of the statement's actor, whose canonical identifier in {@code tenant} is {@code canonicalIfi}.
   *
   * @param datedMillis the earlier of the statement's timestamp and stored time (epoch ms): a statement dated or
   *     stored before its person was erased belongs to the erased person, not to whoever uses the identifier since
   */
  String actor(String tenant, String canonicalIfi, long datedMillis);

  /** The pseudonym of a person the statement names as its object (an Agent or Group, also inside a SubStatement). */
  String named(String tenant, String canonicalIfi, long datedMillis);

  /**
   * Told of each other person the statement names ({@link StatementPeople#others}: the object's, an instructor, team
   * or group members), whose pseudonym no field of the event holds; nothing to do by default. The job, given the
   * learner records, seals the statement's text under their records too.
   */
  default void mentioned(String tenant, String canonicalIfi, long datedMillis) {
  }
}
