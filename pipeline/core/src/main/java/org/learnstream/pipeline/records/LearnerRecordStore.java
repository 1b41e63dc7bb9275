package org.learnstream.pipeline.records;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.SamePerson;

/**
 * The learner records of every tenant, in the {@code learner_records} table of the documents database. A record is
 * created on first use and found again by its lookup key; the first process to write a learner's record wins and
 * every other one reads it. Recently used records are cached (bounded in number and age); erasing a record here
 * evicts it from this process's cache at once, other processes drop it when its age runs out.
 *
 * <p>Each record notes when it was last used for a statement, to within {@link #LAST_USE_PRECISION}: a record read
 * from the database to resolve a learner is marked used, in the transaction that reads it, when its mark is older
 * than that. Retention deletes the records not used within the events' window (the documents database's retention,
 * in the ingest module); a process uses a record it read at most {@link #LAST_USE_PRECISION} ago, whose mark is then
 * far younger than any window, so retention never deletes a record that a statement is being sealed under.
 */
public final class LearnerRecordStore {

  /** Records a store keeps in memory by default: a few hundred bytes each. */
  public static final int DEFAULT_CACHE_CAPACITY = 10_000;
  /** How long another process may go on using a cached record after it was erased elsewhere. */
  public static final Duration DEFAULT_CACHE_AGE = Duration.ofMinutes(1);
  /**
   * How exactly a record's last use is known: its mark is renewed when it is older than this, and a cached record is
   * used for no longer than this (so one mark a record per hour at most, however many statements it seals).
   */
  public static final Duration LAST_USE_PRECISION = Duration.ofHours(1);

  private static final String UNIQUE_VIOLATION = "23505";
  // prefix of the lookup key's HMAC input: no canonical identifier starts with it, so a lookup key never equals the
  // HMAC pseudonym that a job without records gives the same learner
  private static final String LOOKUP_DOMAIN = "learner-record:";
  private static final String COLUMNS = "tenant, record_id, pseudonym, data_key, created_millis, predecessor_erased_millis";
  // lookup keys per IN list: far below the bind-parameter limits of H2 and PostgreSQL
  private static final int LOOKUPS_PER_QUERY = 500;
  // a batch that lost an insert race reads what won and tries again; each retry needs another process to win a race
  private static final int BATCH_ATTEMPTS = 5;

  private final RecordTransactions database;
  private final Pseudonymizer lookupKeys;
  private final SecureRandom random;
  private final Clock clock;
  private final RecordCache cache;

  /**
   * @param lookupKeys the pseudonymisation key ({@code LEARNSTREAM_PSEUDONYM_KEY}): lookup keys are HMACs under it
   */
  public LearnerRecordStore(RecordTransactions database, Pseudonymizer lookupKeys) {
    this(database, lookupKeys, new SecureRandom(), Clock.systemUTC(), DEFAULT_CACHE_CAPACITY, DEFAULT_CACHE_AGE);
  }

  public LearnerRecordStore(RecordTransactions database, Pseudonymizer lookupKeys, SecureRandom random, Clock clock,
      int cacheCapacity, Duration cacheAge) {
    this.database = Objects.requireNonNull(database, "database");
    this.lookupKeys = Objects.requireNonNull(lookupKeys, "lookupKeys");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (cacheAge.compareTo(LAST_USE_PRECISION) > 0) {
      throw new IllegalArgumentException("a learner record cache may keep records for at most " + LAST_USE_PRECISION
          + " (their last use is marked that often), got " + cacheAge);
    }
    this.cache = new RecordCache(cacheCapacity, cacheAge, System::nanoTime);
  }

  /**
   * The learner's record in {@code tenant}, created when there is none. Two processes resolving the same learner at
   * once get the same record: the unique key decides and the one that lost reads what the other wrote.
   *
   * @param canonicalIfi the actor's canonical identifier ({@code ActorIdentifier.canonical()})
   */
  public LearnerRecord resolve(String tenant, String canonicalIfi) throws SQLException {
    // nothing is dated after the end of time: no erasure refuses it, so there is always a record
    return resolveAsOf(tenant, canonicalIfi, Long.MAX_VALUE).orElseThrow();
  }

  /**
   * The record that something of the learner dated (or stored) at {@code datedMillis} belongs to: {@link #resolve}'s,
   * unless that lies at or before the erasure of the record the identifier had before (a clear statement still on
   * its way when the learner was erased, read again later, or sent back-dated): then empty, since that learner is
   * gone.
   */
  public Optional<LearnerRecord> resolveAsOf(String tenant, String canonicalIfi, long datedMillis)
      throws SQLException {
    String lookupKey = lookupKey(tenant, canonicalIfi);
    LearnerRecord cached = cache.byLookup(tenant, lookupKey);
    if (cached != null) {
      return cached.predatesErasure(datedMillis) ? Optional.empty() : Optional.of(cached);
    }
    Optional<LearnerRecord> record;
    try {
      // no record is created for what belongs to an erased learner: the erasure is all that is left of them
      record = database.inTransaction(c -> {
        Optional<LearnerRecord> existing = selectForUse(c, tenant, lookupKey);
        if (existing.isPresent()) {
          return existing;
        }
        Long erased = erasedBefore(c, tenant, lookupKey);
        return erased != null && datedMillis <= erased
            ? Optional.<LearnerRecord>empty()
            : Optional.of(insert(c, tenant, lookupKey, erased));
      });
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      Optional<LearnerRecord> winner = database.inTransaction(c -> selectForUse(c, tenant, lookupKey));
      record = Optional.of(winner.orElseThrow(() -> new SQLException(
          "the learner record that won the insert race is gone again (erased meanwhile)", "40001")));
    }
    if (record.isEmpty()) {
      return record;
    }
    cache.put(lookupKey, record.get());
    return record.get().predatesErasure(datedMillis) ? Optional.empty() : record;
  }

  /**
   * {@link #resolve} for many learners of one tenant in one transaction: one query per {@value #LOOKUPS_PER_QUERY}
   * learners finds the existing records (a primary-key seek each), the missing ones are inserted. First writer wins as in {@link #resolve}: when
   * another process inserted one of them meanwhile, the whole transaction is rolled back and run again, reading it.
   *
   * @param canonicalIfis the actors' canonical identifiers; repeats are resolved once
   * @return the record of each distinct identifier
   */
  public Map<String, LearnerRecord> resolveAll(String tenant, Collection<String> canonicalIfis) throws SQLException {
    Map<String, String> ifiByLookup = new HashMap<>();
    Map<String, LearnerRecord> resolved = new HashMap<>();
    for (String ifi : canonicalIfis) {
      String lookupKey = lookupKey(tenant, ifi);
      LearnerRecord cached = cache.byLookup(tenant, lookupKey);
      if (cached != null) {
        resolved.put(ifi, cached);
      } else {
        ifiByLookup.put(lookupKey, ifi);
      }
    }
    if (ifiByLookup.isEmpty()) {
      return resolved;
    }
    List<String> lookupKeys = new ArrayList<>(ifiByLookup.keySet());
    // every process inserts in the same order, so two overlapping batches wait for each other, never deadlock
    Collections.sort(lookupKeys);
    Map<String, LearnerRecord> byLookup = selectOrInsertAll(tenant, lookupKeys);
    byLookup.forEach((lookupKey, record) -> {
      cache.put(lookupKey, record);
      resolved.put(ifiByLookup.get(lookupKey), record);
    });
    return resolved;
  }

  private Map<String, LearnerRecord> selectOrInsertAll(String tenant, List<String> lookupKeys) throws SQLException {
    for (int attempt = 1;; attempt++) {
      try {
        return database.inTransaction(c -> {
          Map<String, LearnerRecord> found = new HashMap<>();
          for (int from = 0; from < lookupKeys.size(); from += LOOKUPS_PER_QUERY) {
            found.putAll(selectAllForUse(c, tenant, lookupKeys.subList(from,
                Math.min(lookupKeys.size(), from + LOOKUPS_PER_QUERY))));
          }
          for (String lookupKey : lookupKeys) {
            if (!found.containsKey(lookupKey)) {
              found.put(lookupKey, insert(c, tenant, lookupKey, erasedBefore(c, tenant, lookupKey)));
            }
          }
          return found;
        });
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt == BATCH_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** The record of {@code lookupKey}, as {@link #selectAllForUse} reads it. */
  private Optional<LearnerRecord> selectForUse(Connection c, String tenant, String lookupKey) throws SQLException {
    return Optional.ofNullable(selectAllForUse(c, tenant, List.of(lookupKey)).get(lookupKey));
  }

  /**
   * The records of {@code lookupKeys} that exist, by lookup key, for statements to be sealed under: those whose last
   * use is marked more than {@link #LAST_USE_PRECISION} ago are marked used now, in this transaction. A record that
   * retention deleted between the read and the mark is left out (the mark found no row), so the caller makes a new
   * one; once the mark is written, retention's delete, which asks for an old mark, no longer takes the record.
   */
  private Map<String, LearnerRecord> selectAllForUse(Connection c, String tenant, List<String> lookupKeys)
      throws SQLException {
    // pairs rather than "tenant = ? AND lookup_key IN (...)": H2 seeks the primary key only for the pairs, and
    // otherwise reads every record of the tenant and compares each with the whole list
    String pairs = String.join(", ", Collections.nCopies(lookupKeys.size(), "(?, ?)"));
    long now = clock.millis();
    long staleBefore = now - LAST_USE_PRECISION.toMillis();
    Map<String, LearnerRecord> found = new HashMap<>();
    List<String> stale = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT lookup_key, last_used_millis, " + COLUMNS
        + " FROM learner_records WHERE (tenant, lookup_key) IN (" + pairs + ")")) {
      for (int i = 0; i < lookupKeys.size(); i++) {
        p.setString(2 * i + 1, tenant);
        p.setString(2 * i + 2, lookupKeys.get(i));
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          String lookupKey = r.getString(1).trim();
          found.put(lookupKey, recordAt(r, 3));
          if (r.getLong(2) < staleBefore) {
            stale.add(lookupKey);
          }
        }
      }
    }
    if (stale.isEmpty()) {
      return found;
    }
    try (PreparedStatement p = c.prepareStatement(
        "UPDATE learner_records SET last_used_millis = ? WHERE tenant = ? AND lookup_key = ?")) {
      for (String lookupKey : stale) {
        p.setLong(1, now);
        p.setString(2, tenant);
        p.setString(3, lookupKey);
        p.addBatch();
      }
      int[] marked = p.executeBatch();
      for (int i = 0; i < marked.length; i++) {
        if (marked[i] == 0) {
          found.remove(stale.get(i));
        }
      }
    }
    return found;
  }

  /**
   * The learner's record in {@code tenant}, if there is one; never creates one, nor counts as a use (export and erase
   * find records), so the record read is not cached for {@link #resolve} either.
   */
  public Optional<LearnerRecord> find(String tenant, String canonicalIfi) throws SQLException {
    String lookupKey = lookupKey(tenant, canonicalIfi);
    LearnerRecord cached = cache.byLookup(tenant, lookupKey);
    if (cached != null) {
      return Optional.of(cached);
    }
    return database.inTransaction(c -> select(c, tenant, lookupKey));
  }

  /** The record with this id in {@code tenant}: empty when it was erased (or never was, or is another tenant's). */
  public Optional<LearnerRecord> findById(String tenant, UUID id) throws SQLException {
    LearnerRecord cached = cache.byId(tenant, id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<LearnerRecord> found = database.inTransaction(c -> {
      try (PreparedStatement p = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM learner_records WHERE tenant = ? AND record_id = ?")) {
        p.setString(1, tenant);
        p.setString(2, id.toString());
        return first(p);
      }
    });
    found.ifPresent(cache::putById);
    return found;
  }

  /**
   * The pseudonym of each of {@code canonicalIfis} in {@code tenant} that has a record, by canonical identifier
   * (what derived rows name them by); never creates one.
   */
  public Map<String, String> pseudonymsOf(String tenant, Collection<String> canonicalIfis) throws SQLException {
    Map<String, String> pseudonyms = new LinkedHashMap<>();
    for (String ifi : canonicalIfis) {
      find(tenant, ifi).ifPresent(r -> pseudonyms.put(ifi, r.pseudonym()));
    }
    return pseudonyms;
  }

  /** The record whose pseudonym (the one derived rows carry) is {@code pseudonym} in {@code tenant}, if any. */
  public Optional<LearnerRecord> findByPseudonym(String tenant, String pseudonym) throws SQLException {
    return database.inTransaction(c -> selectByPseudonym(c, tenant, pseudonym)).map(Keyed::record);
  }

  /**
   * Deletes the learner's record in {@code tenant}, and with it the key their sealed data needs; a later
   * {@link #resolve} starts a new, unrelated record. Empty when there was none.
   */
  public Optional<ErasedLearnerRecord> erase(String tenant, String canonicalIfi) throws SQLException {
    String lookupKey = lookupKey(tenant, canonicalIfi);
    return erase(tenant, c -> select(c, tenant, lookupKey).map(r -> new Keyed(lookupKey, r)));
  }

  /** {@link #erase(String, String)} of the record that carries {@code pseudonym}. Empty when there was none. */
  public Optional<ErasedLearnerRecord> eraseByPseudonym(String tenant, String pseudonym) throws SQLException {
    return erase(tenant, c -> selectByPseudonym(c, tenant, pseudonym));
  }

  /** A record with the lookup key it is found by. */
  private record Keyed(String lookupKey, LearnerRecord record) {
  }

  /** Deletes the record {@code existing} finds, in the transaction that finds it. */
  private Optional<ErasedLearnerRecord> erase(String tenant, RecordTransactions.Work<Optional<Keyed>> existing)
      throws SQLException {
    Optional<Keyed> deleted = database.inTransaction(c -> {
      Optional<Keyed> found = existing.run(c);
      if (found.isPresent()) {
        String lookupKey = found.get().lookupKey();
        try (PreparedStatement p = c.prepareStatement(
            "DELETE FROM learner_records WHERE tenant = ? AND lookup_key = ?")) {
          p.setString(1, tenant);
          p.setString(2, lookupKey);
          p.executeUpdate();
        }
        rememberErasure(c, tenant, lookupKey, clock.millis());
        // in the delete's transaction: whoever reads the new epoch can no longer read the deleted record
        try (PreparedStatement p = c.prepareStatement(
            "UPDATE learner_record_erasures SET epoch = epoch + 1 WHERE singleton = 1")) {
          p.executeUpdate();
        }
      }
      return found;
    });
    deleted.ifPresent(d -> cache.evict(tenant, d.lookupKey(), d.record().id()));
    return deleted.map(d -> ErasedLearnerRecord.of(d.record()));
  }

  /** The lookup key's latest erasure, which the identifier's next record notes ({@link #insert}). */
  private static void rememberErasure(Connection c, String tenant, String lookupKey, long erasedMillis)
      throws SQLException {
    // delete and insert rather than an upsert: the two databases spell upserts differently
    try (PreparedStatement p = c.prepareStatement(
        "DELETE FROM erased_learner_lookups WHERE tenant = ? AND lookup_key = ?")) {
      p.setString(1, tenant);
      p.setString(2, lookupKey);
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO erased_learner_lookups (tenant, lookup_key, erased_millis) VALUES (?, ?, ?)")) {
      p.setString(1, tenant);
      p.setString(2, lookupKey);
      p.setLong(3, erasedMillis);
      p.executeUpdate();
    }
  }

  private static Long erasedBefore(Connection c, String tenant, String lookupKey) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT erased_millis FROM erased_learner_lookups WHERE tenant = ? AND lookup_key = ?")) {
      p.setString(1, tenant);
      p.setString(2, lookupKey);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : null;
      }
    }
  }

  /** The clock that record uses are marked on. */
  Clock clock() {
    return clock;
  }

  /** Forgets every record this store holds in memory: the next lookup of each asks the database. */
  public void forgetCached() {
    cache.clear();
  }

  /**
   * The erasure epoch: a counter that every {@link #erase} that deleted a record raises in the same transaction, in
   * whichever process it runs. A record read while the epoch had some value was not erased before that value was
   * read; one primary-key read, so a cache can check it per batch.
   */
  public long erasureEpoch() throws SQLException {
    return database.inTransaction(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT epoch FROM learner_record_erasures WHERE singleton = 1");
          ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          throw new SQLException("learner_record_erasures has no row: the documents database lacks migration 4");
        }
        return r.getLong(1);
      }
    });
  }

  /**
   * Erases the records of one person in {@code tenant}: the identifier's, and for an e-mail address also the one of
   * its mbox_sha1sum, under which some tools send it. What was deleted, in that order.
   */
  public List<ErasedLearnerRecord> erasePerson(String tenant, ActorIdentifier identifier) throws SQLException {
    List<ErasedLearnerRecord> erased = new ArrayList<>();
    for (ActorIdentifier id : SamePerson.identifiersOf(identifier)) {
      erase(tenant, id.canonical()).ifPresent(erased::add);
    }
    return erased;
  }

  /**
   * The records of one person in {@code tenant}, as {@link #erasePerson} would erase them: the identifier's, and for
   * an e-mail address also the one of its mbox_sha1sum. Never creates one.
   */
  public List<LearnerRecord> findPerson(String tenant, ActorIdentifier identifier) throws SQLException {
    List<LearnerRecord> found = new ArrayList<>();
    for (ActorIdentifier id : SamePerson.identifiersOf(identifier)) {
      find(tenant, id.canonical()).ifPresent(found::add);
    }
    return found;
  }

  private String lookupKey(String tenant, String canonicalIfi) {
    return lookupKeys.learnerId(tenant, LOOKUP_DOMAIN + canonicalIfi);
  }

  private static Optional<Keyed> selectByPseudonym(Connection c, String tenant, String pseudonym)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT lookup_key, " + COLUMNS + " FROM learner_records WHERE tenant = ? AND pseudonym = ?")) {
      p.setString(1, tenant);
      p.setString(2, pseudonym);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(new Keyed(r.getString(1).trim(), recordAt(r, 2))) : Optional.empty();
      }
    }
  }

  private static Optional<LearnerRecord> select(Connection c, String tenant, String lookupKey) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM learner_records WHERE tenant = ? AND lookup_key = ?")) {
      p.setString(1, tenant);
      p.setString(2, lookupKey);
      return first(p);
    }
  }

  /** A new record for {@code lookupKey}, noting {@code predecessorErased} (epoch ms, or null: none was erased). */
  private LearnerRecord insert(Connection c, String tenant, String lookupKey, Long predecessorErased)
      throws SQLException {
    byte[] key = new byte[LearnerRecord.KEY_BYTES];
    random.nextBytes(key);
    byte[] pseudonym = new byte[16];
    random.nextBytes(pseudonym);
    UUID id = new UUID(random.nextLong(), random.nextLong());
    // a version-4 UUID from this store's random source, so tests can make it reproducible
    id = new UUID((id.getMostSignificantBits() & ~0xF000L) | 0x4000L,
        (id.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    Instant created = Instant.ofEpochMilli(clock.millis());
    LearnerRecord record = new LearnerRecord(tenant, id, HexFormat.of().formatHex(pseudonym), key, created,
        predecessorErased == null ? null : Instant.ofEpochMilli(predecessorErased));
    try (PreparedStatement p = c.prepareStatement("INSERT INTO learner_records (tenant, lookup_key, record_id, "
        + "pseudonym, data_key, created_millis, predecessor_erased_millis, last_used_millis) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, tenant);
      p.setString(2, lookupKey);
      p.setString(3, id.toString());
      p.setString(4, record.pseudonym());
      p.setBytes(5, key);
      p.setLong(6, created.toEpochMilli());
      if (predecessorErased == null) {
        p.setNull(7, java.sql.Types.BIGINT);
      } else {
        p.setLong(7, predecessorErased);
      }
      p.setLong(8, created.toEpochMilli());
      p.executeUpdate();
    }
    return record;
  }

  private static Optional<LearnerRecord> first(PreparedStatement p) throws SQLException {
    try (ResultSet r = p.executeQuery()) {
      if (!r.next()) {
        return Optional.empty();
      }
      return Optional.of(recordAt(r, 1));
    }
  }

  /** The record in the {@link #COLUMNS} that start at column {@code first}. */
  private static LearnerRecord recordAt(ResultSet r, int first) throws SQLException {
    long erasedMillis = r.getLong(first + 5);
    Instant predecessorErased = r.wasNull() ? null : Instant.ofEpochMilli(erasedMillis);
    return new LearnerRecord(r.getString(first), UUID.fromString(r.getString(first + 1)), r.getString(first + 2),
        r.getBytes(first + 3), Instant.ofEpochMilli(r.getLong(first + 4)), predecessorErased);
  }
}
