package org.learnstream.pipeline.warning.spi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/** The small pieces the rules' state encodings share: maps by skill, lists of statement ids, optional texts. */
public final class StateIo {

  /** Writes one value of a map. */
  public interface Writer<T> {
    void write(DataOutput out, T value) throws IOException;
  }

  /** Reads one value of a map. */
  public interface Reader<T> {
    T read(DataInput in) throws IOException;
  }

  private StateIo() {
  }

  /** A deep copy of {@code value} through its binary form, so that no field can be forgotten. */
  public static <T> T copy(T value, Writer<T> writer, Reader<T> reader, String what) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      writer.write(new DataOutputStream(bytes), value);
      return reader.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory copy of " + what + " failed", e);
    }
  }

  /** The entry count, then each key followed by its value. */
  public static <T> void writeMap(DataOutput out, Map<String, T> map, Writer<T> writer) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, T> e : map.entrySet()) {
      out.writeUTF(e.getKey());
      writer.write(out, e.getValue());
    }
  }

  /** Reads what {@link #writeMap} wrote into {@code into}. */
  public static <T> void readMap(DataInput in, Map<String, T> into, Reader<T> reader) throws IOException {
    for (int i = in.readInt(); i > 0; i--) {
      String key = in.readUTF();
      into.put(key, reader.read(in));
    }
  }

  public static void writeStrings(DataOutput out, Collection<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      out.writeUTF(v);
    }
  }

  public static void readStrings(DataInput in, Collection<String> into) throws IOException {
    for (int i = in.readInt(); i > 0; i--) {
      into.add(in.readUTF());
    }
  }

  public static void writeNullable(DataOutput out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  public static String readNullable(DataInput in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
