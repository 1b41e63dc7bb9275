package org.learnstream.jobs.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.xapi.Violation;

/**
 * A bounded index of recently accepted client-chosen statement ids per tenant with their fingerprints
 * (server-chosen ids are fresh UUIDs nobody can have sent before), so that a
 * re-sent statement is answered without writing it again and a different statement under a used id
 * is refused. Older ids are looked up in the store by the caller. Ids of a request are reserved
 * (pending) until its write succeeds or fails, so two concurrent requests cannot both write one id.
 */
public final class RecentStatementIds {

  private record Entry(StatementFingerprint fingerprint, boolean written) {
  }

  /** What to do with a request after checking its ids. */
  public sealed interface Decision {
    /** Write {@code toWrite} (possibly empty: everything was a repeat), then confirm or release. */
    record Proceed(List<PreparedStatement> toWrite) implements Decision {
    }

    /** An id is used by a different statement: 409, nothing written. */
    record Conflict(List<Violation> violations) implements Decision {
    }

    /** An id is being written by another request right now: try again shortly. */
    record InFlight(String id) implements Decision {
    }
  }

  private final LinkedHashMap<String, Entry> entries;

  public RecentStatementIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the recent-id index needs a capacity of at least 1, was " + capacity);
    }
    this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The client-chosen ids of the batch this index does not know; the caller asks the store about them. */
  public synchronized List<String> unknownClientIds(String tenant, List<PreparedStatement> batch) {
    List<String> unknown = new ArrayList<>();
    for (PreparedStatement s : batch) {
      if (s.idFromClient() && !entries.containsKey(key(tenant, s.id()))) {
        unknown.add(s.id());
      }
    }
    return unknown;
  }

  /**
   * Classifies the batch against known ids ({@code stored}: fingerprints of statements the store holds)
   * and reserves the ids that are new.
   */
  public synchronized Decision reserve(String tenant, Preparation.Ready ready,
      Map<String, StatementFingerprint> stored) {
    List<PreparedStatement> batch = ready.statements();
    List<Violation> conflicts = new ArrayList<>();
    List<PreparedStatement> toWrite = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      PreparedStatement s = batch.get(i);
      if (!s.idFromClient()) {
        toWrite.add(s); // a fresh server-chosen UUID cannot be known yet
        continue;
      }
      Entry known = entries.get(key(tenant, s.id()));
      StatementFingerprint previous = known != null ? known.fingerprint() : stored.get(s.id());
      if (known != null && !known.written()) {
        return new Decision.InFlight(s.id());
      }
      if (previous == null) {
        toWrite.add(s);
      } else if (!previous.sameStatementAs(s.fingerprint())) {
        conflicts.add(new Violation(ready.pathAt(i) + ".id", "id.conflict", "statement id " + s.id()
            + " is already stored with different content; statements are immutable, so use a new id"));
      }
    }
    if (!conflicts.isEmpty()) {
      return new Decision.Conflict(conflicts);
    }
    for (PreparedStatement s : toWrite) {
      if (s.idFromClient()) {
        entries.put(key(tenant, s.id()), new Entry(s.fingerprint(), false));
      }
    }
    return new Decision.Proceed(toWrite);
  }

  /** The write of these statements succeeded. */
  public synchronized void confirm(String tenant, List<PreparedStatement> written) {
    for (PreparedStatement s : written) {
      if (s.idFromClient()) {
        entries.put(key(tenant, s.id()), new Entry(s.fingerprint(), true));
      }
    }
  }

  /** The write of these statements failed: forget the reservations. */
  public synchronized void release(String tenant, List<PreparedStatement> failed) {
    for (PreparedStatement s : failed) {
      Entry e = entries.get(key(tenant, s.id()));
      if (e != null && !e.written()) {
        entries.remove(key(tenant, s.id()));
      }
    }
  }

  private static String key(String tenant, String id) {
    return tenant + "|" + id;
  }
}
