package org.learnstream.pipeline.clickhouse;

import org.learnstream.pipeline.deadletter.DeadLetterFactory;
import org.learnstream.pipeline.deadletter.DeadLetterSink;
import org.learnstream.schemas.DeadLetter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Turns a row ClickHouse refused into a {@link DeadLetter} whose id is derived from table and row. */
final class RowDeadLetters<T> {

  static final String ORIGIN = "clickhouse-sink";
  private static final int MAX_REASON_CHARS = 4000;

  private final RowEncoder<T> encoder;
  private final String qualifiedTable;
  private final DeadLetterSink sink;

  RowDeadLetters(RowEncoder<T> encoder, String qualifiedTable, DeadLetterSink sink) {
    this.encoder = encoder;
    this.qualifiedTable = qualifiedTable;
    this.sink = sink;
  }

  void send(T row, String rule, String reason) {
    byte[] payload = encoder.describe(row).getBytes(StandardCharsets.UTF_8);
    String tenant = null;
    try {
      tenant = encoder.tenant(row);
    } catch (RuntimeException ignored) {
      // the row may be broken in exactly this field
    }
    sink.send(DeadLetter.newBuilder()
        .setId(id(payload))
        .setOrigin(ORIGIN)
        .setTopic(null).setPartition(null).setOffset(null)
        .setTenant(tenant)
        .setField(null)
        .setRule(rule)
        .setReason(reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason)
        .setPayload(ByteBuffer.wrap(payload))
        .setReceivedAt(Instant.now())
        .build());
  }

  private String id(byte[] payload) {
    return DeadLetterFactory.id(payload, ORIGIN, qualifiedTable);
  }
}
