package org.learnstream.pipeline.xapi;

import java.nio.charset.StandardCharsets;

/**
 * A byte scan for {@link StatementTimestamps} that reads a statement's top-level {@code timestamp} and
 * {@code stored} without a JSON parser: the event time is needed for every record at the Kafka source, and the
 * parser's tokenizer cost more than the rest of the work there.
 *
 * <p>It decides only inputs in a plain subset of JSON that it checks completely up to the point where the parser
 * would stop reading: ASCII text without control characters, string escapes or a byte order mark, numbers and
 * literals in strict JSON form, short strings and numbers, shallow nesting. For anything else (any doubt, any
 * error) {@link #decided} is false and the caller asks the parser, so both give the same answer for every input.
 */
final class TopLevelTimes {

  /** Longer strings are left to the parser, whose name and number length limits lie well above these. */
  private static final int MAX_STRING = 1_000;
  private static final int MAX_NUMBER = 100;
  private static final int MAX_DEPTH = 64;

  private static final byte[] TIMESTAMP = {'t', 'i', 'm', 'e', 's', 't', 'a', 'm', 'p'};
  private static final byte[] STORED = {'s', 't', 'o', 'r', 'e', 'd'};

  private final byte[] json;
  private int at;
  /** True once the scan reached the same conclusion the parser would. */
  boolean decided;
  /** The first valid top-level timestamp, else Long.MIN_VALUE. */
  long timestamp = Long.MIN_VALUE;
  /** The value of the last top-level string {@code stored} (Long.MIN_VALUE when not a timestamp), else MIN_VALUE. */
  long stored = Long.MIN_VALUE;

  private TopLevelTimes(byte[] json) {
    this.json = json;
  }

  static TopLevelTimes scan(byte[] json) {
    TopLevelTimes scan = new TopLevelTimes(json);
    scan.decided = scan.topLevelObject();
    return scan;
  }

  /** Member by member: a valid timestamp ends the scan as the parser's loop does; so does the closing brace. */
  private boolean topLevelObject() {
    if (!whitespace() || json[at] != '{') {
      return false;
    }
    at++;
    if (!whitespace()) {
      return false;
    }
    if (json[at] == '}') {
      return true;
    }
    while (true) {
      int nameStart = at + 1;
      if (json[at] != '"' || !string()) {
        return false;
      }
      int nameEnd = at - 1;
      if (!whitespace() || json[at++] != ':' || !whitespace()) {
        return false;
      }
      if (json[at] == '"') {
        int valueStart = at + 1;
        if (!string()) {
          return false;
        }
        if (named(TIMESTAMP, nameStart, nameEnd)) {
          long millis = XapiSyntax.timestampMillis(ascii(valueStart, at - 1));
          if (millis != Long.MIN_VALUE) {
            timestamp = millis;
            return true;
          }
        } else if (named(STORED, nameStart, nameEnd)) {
          stored = XapiSyntax.timestampMillis(ascii(valueStart, at - 1));
        }
      } else if (!value(1)) {
        return false;
      }
      if (!whitespace()) {
        return false;
      }
      byte next = json[at++];
      if (next == '}') {
        return true;
      }
      if (next != ',' || !whitespace()) {
        return false;
      }
    }
  }

  /** Skips one value starting at {@code at}; false when it is outside the subset or not JSON. */
  private boolean value(int depth) {
    byte b = json[at];
    if (b == '"') {
      return string();
    }
    if (b == '{' || b == '[') {
      return depth < MAX_DEPTH && container(depth + 1, b == '{' ? (byte) '}' : (byte) ']', b == '{');
    }
    if (b == '-' || (b >= '0' && b <= '9')) {
      return number();
    }
    return literal("true") || literal("false") || literal("null");
  }

  private boolean container(int depth, byte close, boolean object) {
    at++;
    if (!whitespace()) {
      return false;
    }
    if (json[at] == close) {
      at++;
      return true;
    }
    while (true) {
      if (object) {
        if (json[at] != '"' || !string() || !whitespace() || json[at++] != ':' || !whitespace()) {
          return false;
        }
      }
      if (!value(depth) || !whitespace()) {
        return false;
      }
      byte next = json[at++];
      if (next == close) {
        return true;
      }
      if (next != ',' || !whitespace()) {
        return false;
      }
    }
  }

  /** A string at {@code at} of printable ASCII without escapes; leaves {@code at} past its closing quote. */
  private boolean string() {
    int end = Math.min(json.length, at + 2 + MAX_STRING);
    for (int i = at + 1; i < end; i++) {
      byte b = json[i];
      if (b == '"') {
        at = i + 1;
        return true;
      }
      if (b < 0x20 || b > 0x7E || b == '\\') {
        return false;
      }
    }
    return false;
  }

  /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, the only form the parser accepts by default. */
  private boolean number() {
    int start = at;
    if (json[at] == '-') {
      at++;
    }
    if (at < json.length && json[at] == '0') {
      at++;
    } else if (digits() == 0) {
      return false;
    }
    if (at < json.length && json[at] == '.') {
      at++;
      if (digits() == 0) {
        return false;
      }
    }
    if (at < json.length && (json[at] == 'e' || json[at] == 'E')) {
      at++;
      if (at < json.length && (json[at] == '+' || json[at] == '-')) {
        at++;
      }
      if (digits() == 0) {
        return false;
      }
    }
    return at - start <= MAX_NUMBER && at < json.length && isDelimiter(json[at]);
  }

  private int digits() {
    int start = at;
    while (at < json.length && json[at] >= '0' && json[at] <= '9') {
      at++;
    }
    return at - start;
  }

  private boolean literal(String word) {
    int end = at + word.length();
    if (end >= json.length) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (json[at + i] != word.charAt(i)) {
        return false;
      }
    }
    if (!isDelimiter(json[end])) {
      return false;
    }
    at = end;
    return true;
  }

  /** What may follow a value inside an object or array: whitespace, a comma or a closing bracket. */
  private static boolean isDelimiter(byte b) {
    return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /** Skips JSON whitespace; false when the input ends (the statement is unfinished). */
  private boolean whitespace() {
    while (at < json.length) {
      byte b = json[at];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return true;
      }
      at++;
    }
    return false;
  }

  private boolean named(byte[] name, int from, int to) {
    if (to - from != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (json[from + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private String ascii(int from, int to) {
    return new String(json, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
