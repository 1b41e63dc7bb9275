package org.learnstream.pipeline.kafka;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.Utf8;

/**
 * Copies of generated Avro records on the hot path. Avro's own deep copy ({@code newBuilder(record)},
 * {@code SpecificData.deepCopy}) resolves the schema branch of every nullable field through hash lookups; a copy
 * here takes each field by position and shares what cannot change (strings, boxed numbers, enums, instants),
 * copying only what can: lists, maps, byte buffers, {@link Utf8} and nested records.
 */
public final class AvroRecords {

  private AvroRecords() {
  }

  /** A copy that shares no mutable part with {@code record}. */
  public static <T extends SpecificRecordBase> T copy(T record) {
    return copyWithout(record);
  }

  /**
   * A copy as {@link #copy} makes it, with the fields named {@code leftOut} null: a field the copy is not to have is
   * not copied first (a kilobyte of text or bytes, for an event's statement).
   */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecordBase> T copyWithout(T record, String... leftOut) {
    T copy = (T) SpecificData.newInstance(record.getClass(), record.getSchema());
    for (Schema.Field field : record.getSchema().getFields()) {
      if (!named(field, leftOut)) {
        copy.put(field.pos(), copyValue(record.get(field.pos())));
      }
    }
    return copy;
  }

  private static boolean named(Schema.Field field, String[] names) {
    for (String name : names) {
      if (field.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Object copyValue(Object value) {
    // classes first: an interface test (List, Map) scans the class's interfaces, and on JDK 17 a hit also
    // writes a per-class cache that threads copying at the same time keep invalidating for each other
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
        || value instanceof Enum<?> || value instanceof Instant) {
      return value;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(copyValue(element));
      }
      return copy;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new HashMap<>(map.size() * 2);
      map.forEach((k, v) -> copy.put(copyValue(k), copyValue(v)));
      return copy;
    }
    if (value instanceof SpecificRecordBase nested) {
      return copy(nested);
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
      copy.put(buffer.duplicate()).flip();
      return copy;
    }
    if (value instanceof Utf8 utf8) {
      return new Utf8(utf8);
    }
    return value;
  }
}
