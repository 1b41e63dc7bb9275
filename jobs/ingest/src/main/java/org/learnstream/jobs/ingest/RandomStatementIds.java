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

  private static final int IDS_PER_DRAW = 64;
  private static final ThreadLocal<Draws> DRAWS = ThreadLocal.withInitial(Draws::new);

  /** One thread's generator and the unused rest of its last draw. */
  private static final class Draws {
    final SecureRandom random = drbg();
    final byte[] bytes = new byte[16 * IDS_PER_DRAW];
    int next = bytes.length;
  }

  @Override
  public UUID get() {
    Draws d = DRAWS.get();
    if (d.next == d.bytes.length) {
      d.random.nextBytes(d.bytes);
      d.next = 0;
    }
    byte[] bytes = d.bytes;
    int at = d.next;
    d.next += 16;
    bytes[at + 6] = (byte) ((bytes[at + 6] & 0x0f) | 0x40);
    bytes[at + 8] = (byte) ((bytes[at + 8] & 0x3f) | 0x80);
    long most = 0;
    long least = 0;
    for (int i = 0; i < 8; i++) {
      most = (most << 8) | (bytes[at + i] & 0xff);
      least = (least << 8) | (bytes[at + i + 8] & 0xff);
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
