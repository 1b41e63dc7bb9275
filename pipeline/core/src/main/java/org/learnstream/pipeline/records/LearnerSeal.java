package org.learnstream.pipeline.records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals bytes under a learner record's key with AES-256-GCM, and opens them again while the record exists.
 *
 * <p>The sealed form: one byte of format version (1), the record id (16 bytes), a random 12-byte nonce, then the
 * ciphertext with its 16-byte tag. The associated data binds the format version, a purpose (what the bytes are,
 * e.g. {@code xapi.statement}), the tenant and the record id, so bytes sealed for one learner, tenant or purpose do
 * not open as another's even under the same key. A random nonce per seal is safe for far more than a learner's
 * statements (the GCM limit is about 2^32 seals per key). Thread-safe.
 */
public final class LearnerSeal {

  /** The format version this class writes and reads. */
  public static final byte FORMAT_VERSION = 1;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int ID_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER_BYTES = 1 + ID_BYTES + NONCE_BYTES;
  private static final int SMALLEST = HEADER_BYTES + TAG_BITS / 8;

  /**
   * Records per thread whose ciphers a reader of many learners' statements keeps ({@link KeyedCiphers}), for a
   * process with few threads such as the job's operators.
   */
  public static final int MANY_RECORDS = 256;

  private final SecureRandom random;
  // Cipher.getInstance looks the provider up on every call, and a new key costs its AES key schedule: each thread
  // keeps a cipher per record it used lately, initialised again with a fresh nonce for each seal or open
  private final ThreadLocal<KeyedCiphers> ciphers;

  /** A seal whose threads keep one cipher each, for a process with many threads (the endpoint's). */
  public LearnerSeal() {
    this(new SecureRandom());
  }

  public LearnerSeal(SecureRandom random) {
    this(random, 1);
  }

  /** @param ciphersPerThread records per thread whose keyed ciphers are kept, e.g. {@link #MANY_RECORDS} */
  public LearnerSeal(SecureRandom random, int ciphersPerThread) {
    this.random = Objects.requireNonNull(random, "random");
    if (ciphersPerThread < 1) {
      throw new IllegalArgumentException("ciphers per thread must be at least 1, got " + ciphersPerThread);
    }
    this.ciphers = ThreadLocal.withInitial(
        () -> new KeyedCiphers(ciphersPerThread, record -> KeyedCiphers.create(record, TRANSFORMATION)));
  }

  /** {@code plaintext} sealed under {@code record}'s key for {@code purpose}. */
  public byte[] seal(LearnerRecord record, String purpose, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, record, purpose, nonce);
      ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + cipher.getOutputSize(plaintext.length));
      out.put(FORMAT_VERSION).putLong(record.id().getMostSignificantBits())
          .putLong(record.id().getLeastSignificantBits()).put(nonce);
      cipher.doFinal(ByteBuffer.wrap(plaintext), out);
      return out.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to seal: " + e.getClass().getSimpleName(), e);
    }
  }

  /** The plaintext of {@code sealed}, which must have been sealed under {@code record} for {@code purpose}. */
  public byte[] open(LearnerRecord record, String purpose, byte[] sealed) throws SealException {
    UUID sealedUnder = recordIdOf(sealed);
    if (!sealedUnder.equals(record.id())) {
      throw new SealException(SealException.Reason.OTHER_RECORD,
          "sealed under learner record " + sealedUnder + ", not under " + record.id());
    }
    byte[] nonce = new byte[NONCE_BYTES];
    System.arraycopy(sealed, 1 + ID_BYTES, nonce, 0, NONCE_BYTES);
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, record, purpose, nonce);
      return cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
    } catch (AEADBadTagException e) {
      throw new SealException(SealException.Reason.NOT_AUTHENTIC, "sealed bytes of learner record " + record.id()
          + " do not authenticate as " + purpose + " of tenant " + record.tenant()
          + ": altered, or sealed for another tenant or purpose");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to open: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The plaintext of {@code sealed}, opened with the record it names as found in {@code records}; a record that is
   * gone (the learner was erased) is {@link SealException.Reason#RECORD_ERASED}.
   */
  public byte[] open(LearnerRecordStore records, String tenant, String purpose, byte[] sealed)
      throws SealException, SQLException {
    UUID id = recordIdOf(sealed);
    Optional<LearnerRecord> record = records.findById(tenant, id);
    if (record.isEmpty()) {
      throw new SealException(SealException.Reason.RECORD_ERASED,
          "learner record " + id + " of tenant " + tenant + " is gone (erased): its sealed bytes cannot be opened");
    }
    return open(record.get(), purpose, sealed);
  }

  /** The id of the learner record {@code sealed} was sealed under. */
  public static UUID recordIdOf(byte[] sealed) throws SealException {
    if (sealed == null || sealed.length < SMALLEST) {
      throw new SealException(SealException.Reason.MALFORMED, "sealed bytes must be at least " + SMALLEST
          + " bytes long, got " + (sealed == null ? "none" : sealed.length));
    }
    if (sealed[0] != FORMAT_VERSION) {
      throw new SealException(SealException.Reason.UNKNOWN_VERSION,
          "sealed format version " + (sealed[0] & 0xFF) + " is not known (this version reads " + FORMAT_VERSION + ")");
    }
    ByteBuffer id = ByteBuffer.wrap(sealed, 1, ID_BYTES);
    return new UUID(id.getLong(), id.getLong());
  }

  private Cipher cipher(int mode, LearnerRecord record, String purpose, byte[] nonce) throws GeneralSecurityException {
    KeyedCiphers.Keyed keyed = ciphers.get().of(record);
    if (!purpose.equals(keyed.purpose)) {
      keyed.associatedData = associatedData(record, purpose);
      keyed.purpose = purpose;
    }
    keyed.cipher.init(mode, keyed.key, new GCMParameterSpec(TAG_BITS, nonce));
    keyed.cipher.updateAAD(keyed.associatedData);
    return keyed.cipher;
  }

  // NUL cannot occur in a tenant id or a purpose, so the joined fields cannot be read two ways
  private static byte[] associatedData(LearnerRecord record, String purpose) {
    if (purpose.indexOf('\0') >= 0 || purpose.isEmpty()) {
      throw new IllegalArgumentException("a seal's purpose must be non-empty text without NUL");
    }
    return ("learnstream-seal\0" + FORMAT_VERSION + "\0" + purpose + "\0" + record.tenant() + "\0" + record.id())
        .getBytes(StandardCharsets.UTF_8);
  }
}
