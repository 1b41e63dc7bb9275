package org.learnstream.pipeline.records;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One learner of one tenant: a random id, a random pseudonym and the random AES-256 key their personal data is
 * sealed with. None of it is derived from the learner's identifier.
 *
 * @param tenant the tenant the learner belongs to
 * @param id the record's random id, which sealed data names so that it can be opened
 * @param pseudonym 32 lower-case hex characters, random
 * @param dataKey the 32-byte AES key; {@link #toString()} never shows it
 * @param created when the record was first written
 * @param predecessorErased when the record that the same identifier had before this one was erased, if it had one
 *     (null otherwise): what was stored for the identifier until then belongs to the erased learner, not to this one
 */
public record LearnerRecord(String tenant, UUID id, String pseudonym, byte[] dataKey, Instant created,
    Instant predecessorErased) {

  /** Bytes of an AES-256 key. */
  public static final int KEY_BYTES = 32;

  public LearnerRecord {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pseudonym, "pseudonym");
    Objects.requireNonNull(created, "created");
    if (dataKey == null || dataKey.length != KEY_BYTES) {
      throw new IllegalArgumentException("a learner record's data key must have " + KEY_BYTES + " bytes");
    }
    dataKey = dataKey.clone();
  }

  /** A record whose identifier had none before. */
  public LearnerRecord(String tenant, UUID id, String pseudonym, byte[] dataKey, Instant created) {
    this(tenant, id, pseudonym, dataKey, created, null);
  }

  /**
   * Whether something of the identifier dated or stored at {@code datedMillis} belongs to the learner erased before
   * this record began rather than to this record's: at or before that erasure.
   */
  public boolean predatesErasure(long datedMillis) {
    return predecessorErased != null && datedMillis <= predecessorErased.toEpochMilli();
  }

  @Override
  public byte[] dataKey() {
    return dataKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LearnerRecord r && tenant.equals(r.tenant) && id.equals(r.id)
        && pseudonym.equals(r.pseudonym) && Arrays.equals(dataKey, r.dataKey) && created.equals(r.created)
        && Objects.equals(predecessorErased, r.predecessorErased);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, id);
  }

  @Override
  public String toString() {
    return "LearnerRecord[tenant=" + tenant + ", id=" + id + ", created=" + created + ", key hidden]";
  }
}
