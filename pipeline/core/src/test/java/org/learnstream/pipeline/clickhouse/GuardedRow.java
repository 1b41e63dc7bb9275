package org.learnstream.pipeline.clickhouse;

import java.util.List;

/** A row of the test table {@code guarded}, whose server-side check refuses ids starting with "poison". */
public record GuardedRow(String id, long n) {

  public static final class Encoder implements RowEncoder<GuardedRow> {
    @Override
    public String table() {
      return "guarded";
    }

    @Override
    public List<String> columns() {
      return List.of("id", "n");
    }

    @Override
    public void write(GuardedRow row, RowBinaryOutput out) {
      out.string(row.id()).int64(row.n());
    }
  }
}
