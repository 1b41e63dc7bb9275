package org.learnstream.jobs.ingest;

import java.nio.charset.StandardCharsets;

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
   * The JSON object found in {@code source[from, to)} (surrounding whitespace allowed) with
   * {@code members} (e.g. {@code "stored":"...","authority":{...}}, no leading or trailing comma)
   * inserted right after its opening brace.
   *
   * @throws IllegalArgumentException when the range does not hold one object's braces
   */
  static byte[] insertMembers(byte[] source, int from, int to, byte[] members) {
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
    if (members.length == 0) {
      byte[] same = new byte[close + 1 - open];
      System.arraycopy(source, open, same, 0, same.length);
      return same;
    }
    int firstInside = open + 1;
    while (firstInside < close && isWhitespace(source[firstInside])) {
      firstInside++;
    }
    boolean empty = firstInside == close;
    int rest = close + 1 - (open + 1); // everything after the opening brace, closing brace included
    byte[] out = new byte[1 + members.length + (empty ? 0 : 1) + rest];
    out[0] = '{';
    System.arraycopy(members, 0, out, 1, members.length);
    int at = 1 + members.length;
    if (!empty) {
      out[at++] = ',';
    }
    System.arraycopy(source, open + 1, out, at, rest);
    return out;
  }

  /** {@code "name":"value"} for a value that needs no JSON escaping (ids, timestamps, versions). */
  static String plainMember(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        throw new IllegalArgumentException("member " + name + " needs escaping: " + value);
      }
    }
    return "\"" + name + "\":\"" + value + "\"";
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}
