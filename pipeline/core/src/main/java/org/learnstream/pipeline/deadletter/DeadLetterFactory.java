package org.learnstream.pipeline.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.learnstream.schemas.DeadLetter;

/**
 * Builds dead letters whose id depends only on where the input came from and its bytes, so a replay or a restart
 * writes the same dead-letter row again instead of a new one.
 */
public final class DeadLetterFactory {

  private DeadLetterFactory() {
  }

  /** Input that a stage refused, with the JSON path and rule it broke. */
  public static DeadLetter forRejectedInput(String origin, String topic, int partition, long offset, String tenant,
      String field, String rule, String reason, byte[] payload,
      long receivedAtMillis) {
    byte[] bytes = payload == null ? new byte[0] : payload;
    return DeadLetter.newBuilder()
        .setId(id(bytes, origin, topic, Integer.toString(partition), Long.toString(offset)))
        .setOrigin(origin)
        .setTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setTenant(tenant)
        .setField(field)
        .setRule(rule)
        .setReason(reason)
        .setPayload(ByteBuffer.wrap(bytes))
        .setReceivedAt(Instant.ofEpochMilli(receivedAtMillis))
        .build();
  }

  /** 32 hex characters of SHA-256 over the context parts and the payload. */
  public static String id(byte[] payload, String... context) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : context) {
        sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest(payload), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
