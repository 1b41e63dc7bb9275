package org.learnstream.pipeline.records;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM ciphers each last initialised under one learner record's key, lent to one thread at a time. Initialising a
 * cipher under a key other than its last one expands the key anew (the AES key schedule), which cost more than the
 * encryption of a statement itself; a cipher given back here keeps its record's expanded key, so the next seal or
 * open under that record pays only for its nonce. A lent cipher also carries the record's key and the associated data
 * for its purpose, built once. At most {@code capacity} are kept (the least recently used go first, and a miss
 * re-keys the eldest rather than creating one). Thread-safe.
 */
final class RecordCiphers {

  /** A cipher ready to be initialised under {@link #record}'s {@link #key} for {@link #purpose}. */
  static final class Lent {
    final LearnerRecord record;
    final String purpose;
    final SecretKeySpec key;
    final byte[] associatedData;
    final Cipher cipher;
    private final TwoPartKey slot;

    private Lent(TwoPartKey slot, LearnerRecord record, String purpose, Cipher cipher) {
      this.slot = slot;
      this.record = record;
      this.purpose = purpose;
      this.key = new SecretKeySpec(record.dataKey(), "AES");
      this.associatedData = associatedData(record, purpose);
      this.cipher = cipher;
    }
  }

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final int capacity;
  // keyed by record id and purpose
  private final LinkedHashMap<TwoPartKey, Lent> idle;

  RecordCiphers(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cipher capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.idle = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** A cipher for {@code record} and {@code purpose}, no other thread's until {@link #giveBack}. */
  Lent borrow(LearnerRecord record, String purpose) {
    TwoPartKey slot = new TwoPartKey(record.id(), purpose);
    Taken taken;
    synchronized (this) {
      taken = take(slot, record);
    }
    return lent(slot, record, purpose, taken);
  }

  /**
   * A cipher for each of {@code records} and {@code purpose}, in their order, taken under one hold of the pool's lock
   * (a batch's seals took it twice per statement, and request threads queued on it); a record that occurs more than
   * once gets the same cipher, for the borrowing thread to use in turn. Give them back with {@link #giveBackAll}.
   */
  List<Lent> borrowAll(List<LearnerRecord> records, String purpose) {
    int n = records.size();
    TwoPartKey[] slots = new TwoPartKey[n];
    // the earlier place of the same record, or -1
    int[] repeats = new int[n];
    Map<TwoPartKey, Integer> firstAt = new HashMap<>();
    for (int i = 0; i < n; i++) {
      slots[i] = new TwoPartKey(records.get(i).id(), purpose);
      Integer earlier = firstAt.putIfAbsent(slots[i], i);
      repeats[i] = earlier != null && records.get(earlier).equals(records.get(i)) ? earlier : -1;
    }
    Taken[] taken = new Taken[n];
    synchronized (this) {
      for (int i = 0; i < n; i++) {
        if (repeats[i] < 0) {
          taken[i] = take(slots[i], records.get(i));
        }
      }
    }
    List<Lent> lent = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lent.add(repeats[i] < 0 ? lent(slots[i], records.get(i), purpose, taken[i]) : lent.get(repeats[i]));
    }
    return lent;
  }

  /** Keeps {@code lent} for the next use of its record; only a cipher whose last operation completed may come back. */
  synchronized void giveBack(Lent lent) {
    keep(lent);
  }

  /** {@link #giveBack} of each of {@code lent}, under one hold of the lock. */
  synchronized void giveBackAll(List<Lent> lent) {
    lent.forEach(this::keep);
  }

  /** What the pool held for a slot: the record's own cipher, or one to re-key (null: none to spare). */
  private record Taken(Lent kept, Cipher recycled) {
  }

  // called under the lock
  private Taken take(TwoPartKey slot, LearnerRecord record) {
    Lent kept = idle.remove(slot);
    // the same id under another key or tenant (never issued by the store, but possible in a caller's hands) is a miss
    if (kept != null && kept.record.equals(record)) {
      return new Taken(kept, null);
    }
    if (kept != null) {
      return new Taken(null, kept.cipher);
    }
    if (idle.size() >= capacity) {
      Iterator<Map.Entry<TwoPartKey, Lent>> eldest = idle.entrySet().iterator();
      Cipher recycled = eldest.next().getValue().cipher;
      eldest.remove();
      return new Taken(null, recycled);
    }
    return new Taken(null, null);
  }

  // outside the lock: building a Lent copies the key and builds the associated data
  private static Lent lent(TwoPartKey slot, LearnerRecord record, String purpose, Taken taken) {
    if (taken.kept() != null) {
      return taken.kept();
    }
    return new Lent(slot, record, purpose, taken.recycled() != null ? taken.recycled() : newCipher());
  }

  // called under the lock
  private void keep(Lent lent) {
    idle.put(lent.slot, lent);
    if (idle.size() > capacity) {
      Iterator<Map.Entry<TwoPartKey, Lent>> eldest = idle.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available: " + e.getClass().getSimpleName(), e);
    }
  }

  // NUL cannot occur in a tenant id or a purpose, so the joined fields cannot be read two ways
  private static byte[] associatedData(LearnerRecord record, String purpose) {
    if (purpose.indexOf('\0') >= 0 || purpose.isEmpty()) {
      throw new IllegalArgumentException("a seal's purpose must be non-empty text without NUL");
    }
    return ("learnstream-seal\0" + LearnerSeal.FORMAT_VERSION + "\0" + purpose + "\0" + record.tenant() + "\0"
        + record.id()).getBytes(StandardCharsets.UTF_8);
  }
}
