package org.learnstream.jobs.ingest;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Version-4 UUIDs for statements that arrive without an id. {@link UUID#randomUUID()} shares one
 * NativePRNG whose reads take a global lock, and under concurrent batches every request thread queued
 * on it; one DRBG per thread keeps the same cryptographic strength without the contention.
 */
public final class RandomStatementIds implements Supplier<UUID> {

  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RandomStatementIds::drbg);

  @Override
  public UUID get() {
    byte[] bytes = new byte[16];
    RANDOM.get().nextBytes(bytes);
    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
    long most = 0;
    long least = 0;
    for (int i = 0; i < 8; i++) {
      most = (most << 8) | (bytes[i] & 0xff);
      least = (least << 8) | (bytes[i + 8] & 0xff);
    }
    return new UUID(most, least);
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
