package org.learnstream.pipeline.records;

import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * One thread's AES-GCM ciphers, one per learner record it used lately (least recently used go first). The JDK keeps a
 * cipher's AES key schedule while it is initialised again with the same key, so opening a statement with its
 * record's own cipher costs the nonce and the tag, not the key schedule, which took most of an open when one cipher
 * served every record in turn. A cipher is reached only through the record the caller holds, so it opens nothing that
 * the record itself would not: an erased record, which the record store no longer returns, leaves its cipher
 * unreachable until it is evicted. Not thread-safe: each thread has its own.
 */
final class KeyedCiphers {

  /** A cipher keyed for one record, with the associated data of the purpose it was last used for. */
  static final class Keyed {
    final Cipher cipher;
    final SecretKeySpec key;
    String purpose;
    byte[] associatedData;

    Keyed(Cipher cipher, SecretKeySpec key) {
      this.cipher = cipher;
      this.key = key;
    }
  }

  private final Map<LearnerRecord, Keyed> byRecord;
  private final Function<LearnerRecord, Keyed> create;

  KeyedCiphers(int capacity, Function<LearnerRecord, Keyed> create) {
    this.create = create;
    this.byRecord = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<LearnerRecord, Keyed> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The cipher of {@code record} (equal records share one: same tenant, id and key), created on first use. */
  Keyed of(LearnerRecord record) {
    return byRecord.computeIfAbsent(record, create);
  }

  /** A new AES-GCM cipher with {@code record}'s key, not yet initialised. */
  static Keyed create(LearnerRecord record, String transformation) {
    try {
      return new Keyed(Cipher.getInstance(transformation), new SecretKeySpec(record.dataKey(), "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available: " + e.getClass().getSimpleName(), e);
    }
  }
}
