package org.learnstream.pipeline.xapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A learner as what outlives their erasure names them: the SHA-256 of {@code tenant|pseudonym}, in lowercase hex
 * (64 characters). The erasure ledger, the job's set of erased learners, the state keyed by learner that must forget
 * them, the receipts and the audit log hold this digest and never the pseudonym, so that once the learner's rows and
 * record are gone nothing in any log or table spells the pseudonym that derived rows, exports or extracts made before
 * the erasure carried. One-way: the digest finds the learner only for whoever still holds their pseudonym.
 */
public final class LearnerDigest {

  /** The length of every digest. */
  public static final int LENGTH = 64;

  private LearnerDigest() {
  }

  /** The digest of the learner {@code pseudonym} of {@code tenant}. */
  public static String of(String tenant, String pseudonym) {
    MessageDigest sha256 = sha256();
    sha256.update(tenant.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '|');
    sha256.update(pseudonym.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** Whether {@code text} has the shape of a digest (64 lowercase hex digits), not whether any learner has it. */
  public static boolean isDigest(String text) {
    if (text.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The digests of the learners seen last, for an operator that needs one per event: a hash of every event would
   * cost more than the lookup. Holds at most {@code capacity} learners, the oldest dropped first; for one thread.
   * Not kept in state: it holds pseudonyms.
   */
  public static final class Cache {

    private final Map<String, String> digests;

    public Cache(int capacity) {
      this.digests = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > capacity;
        }
      };
    }

    /** {@link LearnerDigest#of}, remembered. */
    public String of(String tenant, String pseudonym) {
      String key = tenant + '|' + pseudonym;
      String digest = digests.get(key);
      if (digest == null) {
        digest = LearnerDigest.of(tenant, pseudonym);
        digests.put(key, digest);
      }
      return digest;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
