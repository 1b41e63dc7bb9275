package org.learnstream.pipeline.xapi;

import java.util.Optional;

/**
 * How large one statement may be, for the endpoint and the job alike. Every record the pipeline derives from a
 * statement must fit in one Kafka record (1 MiB by default, on the broker and in every producer): the statement in
 * {@code xapi.statements}, its event in {@code learning.events} (the statement's text, or its sealed envelope, beside
 * the event's own fields, whose identifiers may each be 64 Ki characters long). A statement is sealed once under the
 * record of each person it names besides its actor, so the people it names bound both its envelope (the sealed bound
 * is {@code SealedStatements.MAX_BYTES}, beside the seal) and the work of sealing it. A statement over these limits is
 * refused by the endpoint with 413 and dead-lettered by the job, rather than answered 200 and then failing the job's
 * writes to the event log over and over.
 */
public final class StatementSize {

  /** The rule of a statement over either limit. */
  public static final String RULE = "statement.too-large";

  /** The statement's JSON as stored (with the server's id, stored, authority and version): 512 KiB. */
  public static final int MAX_BYTES = 512 * 1024;

  /** People a statement may name besides its actor (object, instructor, team, group members, context agents). */
  public static final int MAX_PEOPLE = 500;

  private StatementSize() {
  }

  /** The violation of a statement of {@code bytes} bytes of JSON at {@code path}, if it is over {@link #MAX_BYTES}. */
  public static Optional<Violation> check(String path, int bytes) {
    return bytes <= MAX_BYTES
        ? Optional.empty()
        : Optional.of(new Violation(path, RULE, "has " + bytes + " bytes of JSON as stored; a statement may have at "
            + "most " + MAX_BYTES + " (send large content as an attachment)"));
  }

  /** The violation of a statement at {@code path} naming {@code people} people besides its actor, if too many. */
  public static Optional<Violation> checkPeople(String path, int people) {
    return people <= MAX_PEOPLE
        ? Optional.empty()
        : Optional.of(new Violation(path, RULE, "names " + people + " people besides its actor; a statement may name "
            + "at most " + MAX_PEOPLE + " (it is sealed under each one's learner record)"));
  }
}
