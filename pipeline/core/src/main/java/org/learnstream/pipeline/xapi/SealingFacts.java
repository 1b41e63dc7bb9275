package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What sealing a statement needs from it: the actor's canonical identifier ({@link ActorIdentifier#canonical}), those
 * of the other people it names ({@link StatementPeople#others}), under whose records it is sealed too, and the event
 * time ({@link StatementTimestamps#eventTime}). Read from the tree the endpoint already parsed and validated, so
 * that sealing costs no second parse of the statement's bytes; the values are those a reader of the accepted bytes
 * finds (the endpoint writes every top-level member of the tree, and stamps its own {@code stored}).
 *
 * @param canonicalActor empty when the statement names no actor with an identifier
 * @param eventTime the statement's valid timestamp, else its {@code stored} time
 * @param dated what an erasure is held against ({@link StatementTimestamps#dated}): the earlier of the event time and
 *     the {@code stored} time
 * @param otherPeople the identifiers of the other people the statement names; empty when there are none
 */
public record SealingFacts(Optional<String> canonicalActor, long eventTime, long dated, List<String> otherPeople) {

  /**
   * The facts of {@code statement} as accepted with the server's {@code stored} time.
   *
   * @param stored the {@code stored} member the endpoint writes into the statement (an xAPI timestamp)
   */
  public static SealingFacts of(JsonNode statement, String stored) {
    return of(statement, XapiSyntax.timestampMillis(stored));
  }

  /**
   * As {@link #of(JsonNode, String)}, with the {@code stored} time read already: one request's statements share it.
   */
  public static SealingFacts of(JsonNode statement, long storedMillis) {
    JsonNode timestamp = statement.get("timestamp");
    long eventTime = timestamp != null && timestamp.isTextual()
        ? XapiSyntax.timestampMillis(timestamp.textValue())
        : Long.MIN_VALUE;
    if (eventTime == Long.MIN_VALUE) {
      eventTime = storedMillis;
    }
    return new SealingFacts(Optional.ofNullable(Identifiers.canonicalIfi(statement.get("actor"))), eventTime,
        StatementTimestamps.dated(eventTime, storedMillis), StatementPeople.others(statement));
  }
}
