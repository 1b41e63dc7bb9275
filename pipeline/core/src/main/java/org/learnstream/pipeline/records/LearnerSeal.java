package org.learnstream.pipeline.records;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * statements (the GCM limit is about 2^32 seals per key). The ciphers of the records used last stay initialised under
 * their keys ({@link RecordCiphers}), since expanding a key costs more than sealing a statement.
 *
 * <p>Bytes that name more than one person are sealed in layers ({@link #sealLayers}): under each other person's record
 * first, then under the one whose they are. Every layer must open to read them, so erasing any one of the people makes
 * them unreadable. A layer's plaintext is another layer exactly when it begins with the format version byte, which no
 * JSON text does. Thread-safe.
 */
public final class LearnerSeal {

  /** The format version this class writes and reads. */
  public static final byte FORMAT_VERSION = 1;

  private static final int ID_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER_BYTES = 1 + ID_BYTES + NONCE_BYTES;
  /** What one seal adds to the bytes it seals: the header (format, record id, nonce) and the tag. */
  public static final int LAYER_BYTES = HEADER_BYTES + TAG_BITS / 8;
  private static final int SMALLEST = LAYER_BYTES;
  /** Ciphers kept ready under a record's key by default: about 1 KB each. */
  public static final int DEFAULT_CIPHERS = 1_000;

  private final SecureRandom random;
  private final RecordCiphers ciphers;
  // a call to the system's SecureRandom costs about as much for 12 bytes as for a few hundred, and takes its lock,
  // which a batch's seals on many request threads queued on: draw nonces in bulk
  private final ThreadLocal<Nonces> nonces = ThreadLocal.withInitial(Nonces::new);

  public LearnerSeal() {
    this(new SecureRandom(), DEFAULT_CIPHERS);
  }

  public LearnerSeal(SecureRandom random) {
    this(random, DEFAULT_CIPHERS);
  }

  /**
   * @param ciphers how many records' ciphers to keep ready (with the key expanded); a record seen again within that
   *     many others seals and opens without the AES key schedule
   */
  public LearnerSeal(SecureRandom random, int ciphers) {
    this.random = Objects.requireNonNull(random, "random");
    this.ciphers = new RecordCiphers(ciphers);
  }

  /** {@code plaintext} sealed under {@code record}'s key for {@code purpose}. */
  public byte[] seal(LearnerRecord record, String purpose, byte[] plaintext) {
    RecordCiphers.Lent lent = ciphers.borrow(record, purpose);
    byte[] sealed = sealWith(lent, plaintext);
    ciphers.giveBack(lent);
    return sealed;
  }

  /**
   * Each of {@code plaintexts} sealed under the record at the same place of {@code records} for {@code purpose}, as
   * {@link #seal} seals it; the batch's ciphers are taken from the pool and given back at once.
   */
  public List<byte[]> sealAll(List<LearnerRecord> records, String purpose, List<byte[]> plaintexts) {
    if (records.size() != plaintexts.size()) {
      throw new IllegalArgumentException(records.size() + " records for " + plaintexts.size() + " plaintexts");
    }
    List<RecordCiphers.Lent> lent = ciphers.borrowAll(records, purpose);
    List<byte[]> sealed = new ArrayList<>(plaintexts.size());
    for (int i = 0; i < plaintexts.size(); i++) {
      sealed.add(sealWith(lent.get(i), plaintexts.get(i)));
    }
    ciphers.giveBackAll(lent);
    return sealed;
  }

  /**
   * {@code plaintext} sealed under each of {@code inner} in turn (the first innermost), ready to be sealed under the
   * record whose it is ({@link #seal}, {@link #sealAll}); {@code plaintext} itself when {@code inner} is empty.
   */
  public byte[] sealLayers(List<LearnerRecord> inner, String purpose, byte[] plaintext) {
    byte[] layered = plaintext;
    for (LearnerRecord record : inner) {
      layered = seal(record, purpose, layered);
    }
    return layered;
  }

  /**
   * The plaintext of {@code sealed}, sealed under {@code record} for {@code purpose} and maybe in layers inside
   * ({@link #sealLayers}), each inner layer opened under the record it names, found by {@code inner}. A layer whose
   * record is gone (one of the people it names was erased) is {@link SealException.Reason#RECORD_ERASED}.
   */
  public byte[] openLayers(LearnerRecord record, String purpose, byte[] sealed, RecordFinder inner)
      throws SealException, SQLException {
    byte[] opened = open(record, purpose, sealed);
    while (isSealed(opened)) {
      UUID id = recordIdOf(opened);
      Optional<LearnerRecord> layer = inner.findById(record.tenant(), id);
      if (layer.isEmpty()) {
        throw new SealException(SealException.Reason.RECORD_ERASED, "learner record " + id + " of tenant "
            + record.tenant() + ", of a person the sealed bytes also name, is gone (erased): they cannot be opened");
      }
      opened = open(layer.get(), purpose, opened);
    }
    return opened;
  }

  /** Whether {@code bytes} are of the sealed form (a JSON text never begins with the format version byte). */
  public static boolean isSealed(byte[] bytes) {
    return bytes != null && bytes.length >= SMALLEST && bytes[0] == FORMAT_VERSION;
  }

  // a cipher that failed is not given back: its state is not known
  private byte[] sealWith(RecordCiphers.Lent lent, byte[] plaintext) {
    try {
      byte[] out = new byte[plaintext.length + LAYER_BYTES];
      out[0] = FORMAT_VERSION;
      putLong(out, 1, lent.record.id().getMostSignificantBits());
      putLong(out, 9, lent.record.id().getLeastSignificantBits());
      nonces.get().next(out, 1 + ID_BYTES);
      Cipher cipher = init(lent, Cipher.ENCRYPT_MODE, out, 1 + ID_BYTES);
      cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER_BYTES);
      return out;
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
    RecordCiphers.Lent lent = ciphers.borrow(record, purpose);
    try {
      byte[] plaintext = init(lent, Cipher.DECRYPT_MODE, sealed, 1 + ID_BYTES)
          .doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
      ciphers.giveBack(lent);
      return plaintext;
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
    return open(recordOf(records, tenant, sealed), purpose, sealed);
  }

  /**
   * The learner record {@code sealed} names, as found in {@code records}; a record that is gone (the learner was
   * erased) is {@link SealException.Reason#RECORD_ERASED}.
   */
  public static LearnerRecord recordOf(LearnerRecordStore records, String tenant, byte[] sealed)
      throws SealException, SQLException {
    UUID id = recordIdOf(sealed);
    Optional<LearnerRecord> record = records.findById(tenant, id);
    if (record.isEmpty()) {
      throw new SealException(SealException.Reason.RECORD_ERASED,
          "learner record " + id + " of tenant " + tenant + " is gone (erased): its sealed bytes cannot be opened");
    }
    return record.get();
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

  private static Cipher init(RecordCiphers.Lent lent, int mode, byte[] nonce, int nonceAt)
      throws GeneralSecurityException {
    lent.cipher.init(mode, lent.key, new GCMParameterSpec(TAG_BITS, nonce, nonceAt, NONCE_BYTES));
    lent.cipher.updateAAD(lent.associatedData);
    return lent.cipher;
  }

  private static void putLong(byte[] out, int at, long value) {
    for (int i = 7; i >= 0; i--) {
      out[at + i] = (byte) value;
      value >>>= 8;
    }
  }

  /** Random nonces of one thread, drawn from the seal's source 128 at a time; each is used once. */
  private final class Nonces {
    private final byte[] drawn = new byte[NONCE_BYTES * 128];
    private int next = drawn.length;

    void next(byte[] out, int at) {
      if (next == drawn.length) {
        random.nextBytes(drawn);
        next = 0;
      }
      System.arraycopy(drawn, next, out, at, NONCE_BYTES);
      next += NONCE_BYTES;
    }
  }
}
