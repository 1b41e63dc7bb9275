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
 */
public record LearnerRecord(String tenant, UUID id, String pseudonym, byte[] dataKey, Instant created) {

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

  @Override
  public byte[] dataKey() {
    return dataKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LearnerRecord r && tenant.equals(r.tenant) && id.equals(r.id)
        && pseudonym.equals(r.pseudonym) && Arrays.equals(dataKey, r.dataKey) && created.equals(r.created);
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
