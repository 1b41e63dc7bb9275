package org.learnstream.pipeline.mastery;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of a {@link MasteryHistory}, as checkpoints and the RocksDB backend store it. Format 2:
 *
 * <pre>
 * varint capacity, varint size, varlong revision
 * state current                      double pKnown, varint attempts, varint correctCount, varint recentBits
 *                                    (unsigned), zigzag varlong firstMasteredAt
 * state checkpoint                   the same, but firstMasteredAt as a zigzag difference to current's
 * varint places, then per place      byte 0 and the long key of a place shared in the {@link PlaceDictionary}, or
 *                                    byte 1 and nullable string course, nullable string section
 * byte idForm                        0: every id is a UUID (16 bytes each); 1: per id a byte 0 (UUID) or 1 (string)
 * ids, oldest first
 * zigzag varlong first time, then zigzag varlong deltas (milliseconds; deltas are small and non-negative)
 * correct bits, 8 per byte, oldest in bit 0 of the first byte
 * place index per response (a byte), only when there is more than one place
 * </pre>
 *
 * A learner x skill with 8 kept UUID responses a minute apart in one shared course and section takes about
 * 16 + 3 bytes per response plus 50 bytes. Strings are a varint of (UTF-8 length + 1), 0 meaning null.
 *
 * <p>Format 1 differs in the states (recentBits a 4-byte int; the checkpoint's firstMasteredAt on its own) and the
 * places (always both strings, no tag byte). A new format gets a new number; {@link #read} keeps reading every
 * older one.
 */
public final class MasteryHistoryCodec {

  /** The format {@link #write} produces. */
  public static final int CURRENT_FORMAT = 2;

  private MasteryHistoryCodec() {
  }

  public static void write(MasteryHistory h, DataOutput out) throws IOException {
    writeVarLong(out, h.capacity);
    writeVarLong(out, h.size);
    writeVarLong(out, h.revision);
    writeState(out, h.current, 0);
    writeState(out, h.checkpoint, h.current.firstMasteredAt);
    writeVarLong(out, h.places);
    for (int p = 0; p < h.places; p++) {
      if (h.placeShared[p]) {
        out.writeByte(0);
        out.writeLong(h.placeKeys[p]);
      } else {
        out.writeByte(1);
        writeString(out, h.courses[p]);
        writeString(out, h.sections[p]);
      }
    }
    boolean allUuids = true;
    for (int i = 0; i < h.size && allUuids; i++) {
      allUuids = h.otherIds == null || h.otherIds[i] == null;
    }
    out.writeByte(allUuids ? 0 : 1);
    for (int i = 0; i < h.size; i++) {
      String other = h.otherIds == null ? null : h.otherIds[i];
      if (!allUuids) {
        out.writeByte(other == null ? 0 : 1);
      }
      if (other == null) {
        out.writeLong(h.idHigh[i]);
        out.writeLong(h.idLow[i]);
      } else {
        writeString(out, other);
      }
    }
    long previous = 0;
    for (int i = 0; i < h.size; i++) {
      writeVarLong(out, zigzag(h.timestamps[i] - previous));
      previous = h.timestamps[i];
    }
    for (int i = 0; i < h.size; i += 8) {
      int bits = 0;
      for (int b = 0; b < 8 && i + b < h.size; b++) {
        bits |= (h.correct[i + b] ? 1 : 0) << b;
      }
      out.writeByte(bits);
    }
    if (h.places > 1) {
      for (int i = 0; i < h.size; i++) {
        out.writeByte(h.placeOf[i]);
      }
    }
  }

  /** Reads a history written in {@code format} (1 .. {@link #CURRENT_FORMAT}). */
  public static MasteryHistory read(DataInput in, int format) throws IOException {
    if (format < 1 || format > CURRENT_FORMAT) {
      throw new IOException("mastery history format " + format + " is unknown to this version (it reads 1 to "
          + CURRENT_FORMAT + "); restore the state with the version that wrote it");
    }
    MasteryHistory h = new MasteryHistory((int) readVarLong(in));
    int size = (int) readVarLong(in);
    h.revision = readVarLong(in);
    h.current = format == 1 ? readStateV1(in) : readState(in, 0);
    h.checkpoint = format == 1 ? readStateV1(in) : readState(in, h.current.firstMasteredAt);
    int places = (int) readVarLong(in);
    h.setPlaces(places);
    for (int p = 0; p < places; p++) {
      if (format > 1 && in.readByte() == 0) {
        h.placeKeys[p] = in.readLong();
        h.placeShared[p] = true;
        h.placesResolved = false;
      } else {
        h.courses[p] = readString(in);
        h.sections[p] = readString(in);
        h.placeKeys[p] = PlaceDictionary.keyOf(h.courses[p], h.sections[p]);
      }
    }
    h.ensureCapacity(size);
    boolean allUuids = in.readByte() == 0;
    for (int i = 0; i < size; i++) {
      if (allUuids || in.readByte() == 0) {
        h.idHigh[i] = in.readLong();
        h.idLow[i] = in.readLong();
      } else {
        if (h.otherIds == null) {
          h.otherIds = new String[h.timestamps.length];
        }
        h.otherIds[i] = readString(in);
      }
    }
    long previous = 0;
    for (int i = 0; i < size; i++) {
      previous += unzigzag(readVarLong(in));
      h.timestamps[i] = previous;
    }
    for (int i = 0; i < size; i += 8) {
      int bits = in.readUnsignedByte();
      for (int b = 0; b < 8 && i + b < size; b++) {
        h.correct[i + b] = (bits >>> b & 1) == 1;
      }
    }
    if (places > 1) {
      for (int i = 0; i < size; i++) {
        h.placeOf[i] = in.readByte();
      }
    }
    h.size = size;
    return h;
  }

  private static void writeState(DataOutput out, MasteryState s, long masteredAtBase) throws IOException {
    out.writeDouble(s.pKnown);
    writeVarLong(out, s.attempts);
    writeVarLong(out, s.correctCount);
    writeVarLong(out, Integer.toUnsignedLong(s.recentBits));
    writeVarLong(out, zigzag(s.firstMasteredAt - masteredAtBase));
  }

  private static MasteryState readState(DataInput in, long masteredAtBase) throws IOException {
    MasteryState s = new MasteryState();
    s.pKnown = in.readDouble();
    s.attempts = (int) readVarLong(in);
    s.correctCount = (int) readVarLong(in);
    s.recentBits = (int) readVarLong(in);
    s.firstMasteredAt = unzigzag(readVarLong(in)) + masteredAtBase;
    return s;
  }

  private static MasteryState readStateV1(DataInput in) throws IOException {
    MasteryState s = new MasteryState();
    s.pKnown = in.readDouble();
    s.attempts = (int) readVarLong(in);
    s.correctCount = (int) readVarLong(in);
    s.recentBits = in.readInt();
    s.firstMasteredAt = unzigzag(readVarLong(in));
    return s;
  }

  private static void writeString(DataOutput out, String s) throws IOException {
    if (s == null) {
      writeVarLong(out, 0);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(out, utf8.length + 1L);
    out.write(utf8);
  }

  private static String readString(DataInput in) throws IOException {
    long length = readVarLong(in);
    if (length == 0) {
      return null;
    }
    byte[] utf8 = new byte[(int) (length - 1)];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** Unsigned LEB128: 7 bits per byte, high bit set on every byte but the last. */
  static void writeVarLong(DataOutput out, long value) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  static long readVarLong(DataInput in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("malformed mastery history: a variable-length number runs past 64 bits");
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
