package org.learnstream.pipeline.simulate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A reusable growable byte buffer for assembling statements without intermediate strings. */
final class ByteBuf {

  private byte[] bytes = new byte[2048];
  private int length;

  void clear() {
    length = 0;
  }

  ByteBuf put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, length, b.length);
    length += b.length;
    return this;
  }

  ByteBuf put(char ascii) {
    ensure(1);
    bytes[length++] = (byte) ascii;
    return this;
  }

  /** Appends a non-negative number in decimal, left-padded with zeros to {@code width} digits. */
  ByteBuf putDigits(long value, int width) {
    int digits = 1;
    for (long v = value / 10; v > 0; v /= 10) {
      digits++;
    }
    int n = Math.max(width, digits);
    ensure(n);
    for (int i = length + n - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += n;
    return this;
  }

  int length() {
    return length;
  }

  /** The bytes written since the given mark, e.g. a UUID just appended. */
  String asciiSince(int mark) {
    return new String(bytes, mark, length - mark, StandardCharsets.ISO_8859_1);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
