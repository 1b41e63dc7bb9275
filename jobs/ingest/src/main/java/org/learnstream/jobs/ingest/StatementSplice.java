package org.learnstream.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Adds server-owned members to a statement by copying its accepted bytes instead of writing its parsed
 * tree again: writing 100 trees back to JSON cost as much as parsing them. The caller guarantees that
 * none of the added member names is already in the object, so the result has no duplicate keys.
 * Pure: bytes in, bytes out.
 */
final class StatementSplice {

  private StatementSplice() {
  }

  /**
   * The JSON object found in {@code source[from, to)} (surrounding whitespace allowed) with {@code members} (e.g.
   * {@code "stored":"...","authority":{...}}, no leading or trailing comma) inserted right after its opening brace.
   * The members may come in pieces, written one after the other as they are (each with the commas it needs): the
   * parts shared by every statement of a request are then made once, not once per statement.
   *
   * @throws IllegalArgumentException when the range does not hold one object's braces
   */
  static byte[] insertMembers(byte[] source, int from, int to, byte[]... members) {
    int open = from;
    while (open < to && isWhitespace(source[open])) {
      open++;
    }
    int close = to - 1;
    while (close > open && isWhitespace(source[close])) {
      close--;
    }
    if (open >= close || source[open] != '{' || source[close] != '}') {
      throw new IllegalArgumentException("bytes " + from + ".." + to + " do not hold a JSON object");
    }
    int membersLength = 0;
    for (byte[] piece : members) {
      membersLength += piece.length;
    }
    if (membersLength == 0) {
      return Arrays.copyOfRange(source, open, close + 1);
    }
    int firstInside = open + 1;
    while (firstInside < close && isWhitespace(source[firstInside])) {
      firstInside++;
    }
    boolean empty = firstInside == close;
    int rest = close + 1 - (open + 1); // everything after the opening brace, closing brace included
    byte[] out = new byte[1 + membersLength + (empty ? 0 : 1) + rest];
    out[0] = '{';
    int at = 1;
    for (byte[] piece : members) {
      System.arraycopy(piece, 0, out, at, piece.length);
      at += piece.length;
    }
    if (!empty) {
      out[at++] = ',';
    }
    System.arraycopy(source, open + 1, out, at, rest);
    return out;
  }

  /** {@code "name":"value",} as bytes, for a value that needs no JSON escaping (see {@link #plainMember}). */
  static byte[] plainMemberAndComma(String name, String value) {
    checkPlain(name, value);
    int n = name.length();
    int v = value.length();
    byte[] out = new byte[n + v + 6];
    out[0] = '"';
    ascii(name, out, 1);
    out[n + 1] = '"';
    out[n + 2] = ':';
    out[n + 3] = '"';
    ascii(value, out, n + 4);
    out[n + v + 4] = '"';
    out[n + v + 5] = ',';
    return out;
  }

  /** {@code "name":"value"} for a value that needs no JSON escaping (ids, timestamps, versions). */
  static String plainMember(String name, String value) {
    checkPlain(name, value);
    return "\"" + name + "\":\"" + value + "\"";
  }

  private static void checkPlain(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        throw new IllegalArgumentException("member " + name + " needs escaping: " + value);
      }
    }
  }

  /** Text of printable ASCII only (as {@link #checkPlain} lets through), one byte per char. */
  private static void ascii(String text, byte[] out, int at) {
    for (int i = 0; i < text.length(); i++) {
      out[at + i] = (byte) text.charAt(i);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}
