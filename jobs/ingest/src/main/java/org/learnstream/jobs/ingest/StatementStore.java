package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Statements that have landed downstream (ClickHouse {@code learning_events}), read by tenant and id. */
public interface StatementStore {

  /** The stored statements among {@code ids}; ids not stored are absent from the map. */
  Map<String, JsonNode> statements(String tenant, Collection<String> ids);

  /** One statement by id, voided or not. */
  default Optional<JsonNode> statement(String tenant, String id) {
    return Optional.ofNullable(statements(tenant, java.util.List.of(id)).get(id));
  }

  /** Which of {@code ids} can be read; a store may answer this more cheaply than {@link #statements}. */
  default Set<String> landed(String tenant, Collection<String> ids) {
    return statements(tenant, ids).keySet();
  }

  /** Which of {@code ids} the pipeline set aside as dead letters: they will never be readable. */
  default Set<String> deadLettered(String tenant, Collection<String> ids) {
    return Set.of();
  }

  /**
   * Which of {@code ids} belonged to statements an erasure deleted (the learner's own, and other actors' that named
   * them): the pipeline drops them for good, so they cannot be stored again.
   */
  default Set<String> erased(String tenant, Collection<String> ids) {
    return Set.of();
  }

  /**
   * What the store knows of a request's client-chosen ids: the stored statements among {@code unknown} (the ids the
   * server's recent ones do not hold) and which of {@code clientIds} an erasure deleted ({@link #erased}). A store may
   * answer both in one read.
   */
  default KnownIds known(String tenant, Collection<String> unknown, Collection<String> clientIds) {
    return new KnownIds(statements(tenant, unknown), erased(tenant, clientIds));
  }

  /** The stored statements by id, and the ids an erasure deleted. */
  record KnownIds(Map<String, JsonNode> stored, Set<String> erased) {
  }

  /**
   * One page of the statements matching {@code query}, newest {@code stored} first unless ascending; statements that
   * a voiding statement targets are left out.
   */
  default StatementPage query(String tenant, StatementQuery query) {
    return StatementPage.EMPTY;
  }

  /** Whether a stored voiding statement targets {@code id}. */
  boolean isVoided(String tenant, String id);

  /** Which of {@code ids} a stored voiding statement targets; a store may answer this in one read. */
  default Set<String> voided(String tenant, Collection<String> ids) {
    return ids.stream().filter(id -> isVoided(tenant, id)).collect(java.util.stream.Collectors.toSet());
  }

  /** For a server without a store: nothing has landed, so reads answer 404 and only recent ids dedupe. */
  StatementStore NONE = new StatementStore() {
    @Override
    public Map<String, JsonNode> statements(String tenant, Collection<String> ids) {
      return Map.of();
    }

    @Override
    public boolean isVoided(String tenant, String id) {
      return false;
    }
  };

  /** The store could not be reached; the request should be retried. */
  final class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
