package org.learnstream.pipeline.xapi;

/** Reading fixed-width decimal fields of timestamps and offsets by hand, without a formatter. */
public final class AsciiDigits {

  private AsciiDigits() {
  }

  /** True when every character in [from, to) is an ASCII digit. */
  public static boolean all(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The decimal value of [from, to), which {@link #all} has accepted. */
  public static int value(String s, int from, int to) {
    int v = 0;
    for (int k = from; k < to; k++) {
      v = v * 10 + (s.charAt(k) - '0');
    }
    return v;
  }
}
