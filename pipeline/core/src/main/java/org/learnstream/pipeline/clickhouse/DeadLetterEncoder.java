package org.learnstream.pipeline.clickhouse;

import org.learnstream.schemas.DeadLetter;

import java.util.List;

/** {@link DeadLetter} -> {@code dead_letters}; the payload's bytes are stored untouched in a String column. */
public final class DeadLetterEncoder implements RowEncoder<DeadLetter> {

  private static final List<String> COLUMNS = List.of("id", "origin", "topic", "partition", "offset", "tenant",
      "field", "rule", "reason", "payload", "received_at", "received_at_ms");

  @Override
  public String table() {
    return "dead_letters";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void write(DeadLetter d, RowBinaryOutput out) {
    out.string(d.getId()).string(d.getOrigin())
        .nullableString(d.getTopic()).nullableInt32(d.getPartition()).nullableInt64(d.getOffset())
        .nullableString(d.getTenant()).nullableString(d.getField())
        .string(d.getRule()).string(d.getReason())
        .bytes(d.getPayload())
        .dateTime(d.getReceivedAt()).epochMillis(d.getReceivedAt());
  }

  @Override
  public String describe(DeadLetter row) {
    return "DeadLetter[id=" + row.getId() + ", origin=" + row.getOrigin() + ", rule=" + row.getRule()
        + ", reason=" + row.getReason() + "]";
  }

  @Override
  public String tenant(DeadLetter row) {
    return row.getTenant();
  }
}
