package org.learnstream.pipeline.clickhouse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A growable buffer of rows in ClickHouse's RowBinary format (little-endian numbers, LEB128-prefixed strings,
 * a null-flag byte before Nullable values), for the column types our tables use. Written by hand because
 * client-v2's RowBinaryFormatWriter needs the table schema from the server, which 18.16 cannot describe.
 */
public final class RowBinaryOutput {

  private static final long MAX_DATETIME_SECONDS = 0xFFFF_FFFFL;

  private byte[] bytes;
  private int size;

  public RowBinaryOutput(int initialCapacity) {
    bytes = new byte[Math.max(64, initialCapacity)];
  }

  public int size() {
    return size;
  }

  /** Drops everything after {@code newSize}, e.g. a row whose encoding failed half-way. */
  public void truncate(int newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IllegalArgumentException("Cannot truncate " + size + " bytes to " + newSize);
    }
    size = newSize;
  }

  public void clear() {
    size = 0;
  }

  /** The underlying array; valid bytes are [0, size()). */
  byte[] array() {
    return bytes;
  }

  public RowBinaryOutput uint8(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
    return this;
  }

  public RowBinaryOutput bool(boolean value) {
    return uint8(value ? 1 : 0);
  }

  public RowBinaryOutput int32(int value) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  /** UInt32 from a non-negative long. */
  public RowBinaryOutput uint32(long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("Value " + value + " does not fit UInt32");
    }
    return int32((int) value);
  }

  /** Int64, or UInt64 for non-negative values. */
  public RowBinaryOutput int64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  public RowBinaryOutput uint64(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("Value " + value + " does not fit UInt64");
    }
    return int64(value);
  }

  public RowBinaryOutput float64(double value) {
    return int64(Double.doubleToRawLongBits(value));
  }

  public RowBinaryOutput string(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_8));
  }

  public RowBinaryOutput bytes(byte[] value) {
    varUInt(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
    return this;
  }

  /** A String column holding raw bytes (the buffer's position is not changed). */
  public RowBinaryOutput bytes(ByteBuffer value) {
    ByteBuffer copy = value.duplicate();
    byte[] raw = new byte[copy.remaining()];
    copy.get(raw);
    return bytes(raw);
  }

  /** DateTime: seconds since the epoch as UInt32 (milliseconds are cut; keep them in a *_ms column). */
  public RowBinaryOutput dateTime(Instant value) {
    long seconds = value.getEpochSecond();
    if (seconds < 0 || seconds > MAX_DATETIME_SECONDS) {
      throw new IllegalArgumentException("Time " + value + " is outside the DateTime range 1970-01-01..2106-02-07");
    }
    return int32((int) seconds);
  }

  /** UInt64 milliseconds since the epoch. */
  public RowBinaryOutput epochMillis(Instant value) {
    return uint64(value.toEpochMilli());
  }

  public RowBinaryOutput stringArray(List<String> values) {
    varUInt(values.size());
    for (String value : values) {
      string(value);
    }
    return this;
  }

  /** Array(Array(String)). */
  public RowBinaryOutput stringArrays(List<List<String>> values) {
    varUInt(values.size());
    for (List<String> inner : values) {
      stringArray(inner);
    }
    return this;
  }

  /** Writes the null flag of a Nullable column; returns true when a value must follow. */
  public boolean present(Object value) {
    uint8(value == null ? 1 : 0);
    return value != null;
  }

  public RowBinaryOutput nullableString(String value) {
    if (present(value)) {
      string(value);
    }
    return this;
  }

  public RowBinaryOutput nullableBool(Boolean value) {
    if (present(value)) {
      bool(value);
    }
    return this;
  }

  public RowBinaryOutput nullableFloat64(Double value) {
    if (present(value)) {
      float64(value);
    }
    return this;
  }

  public RowBinaryOutput nullableInt32(Integer value) {
    if (present(value)) {
      int32(value);
    }
    return this;
  }

  public RowBinaryOutput nullableInt64(Long value) {
    if (present(value)) {
      int64(value);
    }
    return this;
  }

  public RowBinaryOutput nullableDateTime(Instant value) {
    if (present(value)) {
      dateTime(value);
    }
    return this;
  }

  public RowBinaryOutput nullableEpochMillis(Instant value) {
    if (present(value)) {
      epochMillis(value);
    }
    return this;
  }

  private void varUInt(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
