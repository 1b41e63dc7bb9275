package org.learnstream.pipeline.xapi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a learner's inverse functional identifier into a stable pseudonym: the lower-case hex of
 * HMAC-SHA256(key, tenant + "|" + canonical IFI), first 32 characters (128 bits). The tenant is part of the input so
 * the same person gets unrelated pseudonyms in different tenants. Without the key a pseudonym cannot be linked
 * back to an email address by hashing guesses. Thread-safe (one {@link Mac} per thread).
 */
public final class Pseudonymizer implements LearnerPseudonyms {

  private static final String ALGORITHM = "HmacSHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** Fixed public key of {@link #unkeyed()}: stable pseudonyms without secrecy, for tests and local demos only. */
  private static final byte[] UNKEYED = "learnstream-unkeyed-pseudonyms".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  /** @param key the HMAC key (at least 16 bytes; keep it secret, e.g. from a file or environment variable) */
  public Pseudonymizer(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < 16) {
      throw new IllegalArgumentException("pseudonymisation key must be at least 16 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
    newMac(); // fail at construction, not on the first statement, if HMAC-SHA256 is unavailable
  }

  /** A pseudonymizer with a fixed, publicly known key: deterministic but not secret. Never use it in production. */
  public static Pseudonymizer unkeyed() {
    return new Pseudonymizer(UNKEYED);
  }

  /** 32 lower-case hex characters identifying the learner within {@code tenant}. */
  public String learnerId(String tenant, String canonicalIfi) {
    Mac mac = macs.get();
    mac.update(tenant.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '|');
    byte[] digest = mac.doFinal(canonicalIfi.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(out);
  }

  /** {@link #learnerId}: the actor's pseudonym is the HMAC of their identifier, whenever dated. */
  @Override
  public String actor(String tenant, String canonicalIfi, long datedMillis) {
    return learnerId(tenant, canonicalIfi);
  }

  /** {@link #learnerId}, as for the actor. */
  @Override
  public String named(String tenant, String canonicalIfi, long datedMillis) {
    return learnerId(tenant, canonicalIfi);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "Pseudonymizer[HMAC-SHA256, key hidden]";
  }
}
