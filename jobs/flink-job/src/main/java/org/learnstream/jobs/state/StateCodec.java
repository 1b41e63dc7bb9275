package org.learnstream.jobs.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How one kind of keyed state is written, in numbered formats. {@link CodecSerializer} records the format in the
 * checkpoint's serializer snapshot, so values carry no header, and a restore reads every older format. An
 * implementation needs a public no-argument constructor: the snapshot names its class.
 */
public interface StateCodec<T> {

  /** What the state is, for error messages, e.g. "mastery history". */
  String describe();

  /** The format {@link #write} produces. */
  int currentFormat();

  T create();

  T copy(T value);

  void write(T value, DataOutput out) throws IOException;

  /** Reads a value written in {@code format}, which is at most {@link #currentFormat()}. */
  T read(DataInput in, int format) throws IOException;
}
