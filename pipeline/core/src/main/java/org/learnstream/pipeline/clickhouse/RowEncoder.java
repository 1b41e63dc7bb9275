package org.learnstream.pipeline.clickhouse;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * How one kind of record becomes a row of one table. Implementations have a public no-argument constructor
 * (the Flink sink creates them from their class) and keep no state.
 */
public interface RowEncoder<T> extends Serializable {

  /** A new encoder of the given class. */
  static <T> RowEncoder<T> of(Class<? extends RowEncoder<T>> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalArgumentException("Row encoder " + type.getName()
          + " needs a public no-argument constructor: " + e, e);
    }
  }

  /** Table name without the database. */
  String table();

  /** Columns in the order {@link #write} writes them. */
  List<String> columns();

  /** Appends {@code row} in RowBinary; throws IllegalArgumentException for a value the column cannot hold. */
  void write(T row, RowBinaryOutput out);

  /** The row as text, kept as the payload of its dead letter when ClickHouse refuses it. */
  default String describe(T row) {
    return String.valueOf(row);
  }

  /** The tenant of a row, for its dead letter; null when unknown. */
  default String tenant(T row) {
    return null;
  }
}
