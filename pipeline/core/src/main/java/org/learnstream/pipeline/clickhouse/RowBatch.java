package org.learnstream.pipeline.clickhouse;

import java.util.ArrayList;
import java.util.List;

/** Rows encoded in RowBinary, with the rows themselves and where each one ends, so a refused batch can be split. */
final class RowBatch<T> {

  final RowBinaryOutput buffer;
  final List<T> rows = new ArrayList<>();
  private final List<Integer> rowEnds = new ArrayList<>();

  RowBatch(int initialBytes) {
    this.buffer = new RowBinaryOutput(initialBytes);
  }

  /** Records that {@code row} is encoded up to the buffer's current end. */
  void add(T row) {
    rows.add(row);
    rowEnds.add(buffer.size());
  }

  int size() {
    return rows.size();
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Where row {@code index} begins in the buffer, which is where row {@code index - 1} ends. */
  int offset(int index) {
    return index == 0 ? 0 : rowEnds.get(index - 1);
  }

  void clear() {
    rows.clear();
    rowEnds.clear();
    buffer.clear();
  }
}
