package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over JSON bytes already known to be valid (an accepted statement), for finding a few members in every
 * statement: values are skipped by their brackets and quotes alone, without the tokens, names and text a parser makes
 * of each. Only a name or string that holds an escape is decoded, by Jackson.
 */
final class JsonCursor {

  private static final JsonFactory JSON = new JsonFactory();

  private final byte[] json;
  private int at;
  private int nameStart;
  private int nameEnd;
  private boolean nameEscaped;
  /** Whether the string {@link #skipString} last passed holds a backslash. */
  private boolean escaped;

  JsonCursor(byte[] json) {
    this.json = json;
  }

  /** Enters the value at the cursor when it is an object. */
  boolean enterObject() {
    return enter('{');
  }

  /** Enters the value at the cursor when it is an array. */
  boolean enterArray() {
    return enter('[');
  }

  private boolean enter(char bracket) {
    skipWhitespace();
    if (at < json.length && json[at] == bracket) {
      at++;
      return true;
    }
    return false;
  }

  /** In an object: moves to the next member's value and keeps its name; false, past the brace, after the last. */
  boolean nextMember() {
    if (!more('}')) {
      return false;
    }
    nameStart = at;
    at = skipString(at);
    nameEnd = at;
    nameEscaped = escaped;
    skipWhitespace();
    at++; // the colon
    skipWhitespace();
    return true;
  }

  /** In an array: true with the cursor on the next element; false, past the bracket, after the last. */
  boolean nextElement() {
    return more(']');
  }

  private boolean more(char closing) {
    skipWhitespace();
    if (json[at] == ',') {
      at++;
      skipWhitespace();
    }
    if (json[at] == closing) {
      at++;
      return false;
    }
    return true;
  }

  /** Whether the current member is called {@code name} (ASCII). */
  boolean nameIs(String name) {
    if (nameEscaped) {
      return name.equals(decode(nameStart, nameEnd));
    }
    int length = nameEnd - nameStart - 2;
    if (length != name.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (json[nameStart + 1 + k] != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The string at the cursor, passed; null (and the value passed) when it is not a string. */
  String string() {
    skipWhitespace();
    if (json[at] != '"') {
      skipValue();
      return null;
    }
    int start = at;
    at = skipString(at);
    return escaped ? decode(start, at) : new String(json, start + 1, at - start - 2, StandardCharsets.UTF_8);
  }

  /** Whether the value at the cursor is {@code null}, passing it if so. */
  boolean isNull() {
    skipWhitespace();
    if (json[at] == 'n') {
      at += 4;
      return true;
    }
    return false;
  }

  /** Where the value at the cursor begins. */
  int position() {
    skipWhitespace();
    return at;
  }

  /** Where the cursor stands, e.g. just past the brace of an object {@link #nextMember} has left. */
  int here() {
    return at;
  }

  /** Passes the value at the cursor; returns where it ends (just past it). */
  int skipValue() {
    skipWhitespace();
    byte first = json[at];
    if (first == '"') {
      at = skipString(at);
    } else if (first == '{' || first == '[') {
      int depth = 0;
      do {
        byte b = json[at];
        if (b == '"') {
          at = skipString(at);
          continue;
        }
        if (b == '{' || b == '[') {
          depth++;
        } else if (b == '}' || b == ']') {
          depth--;
        }
        at++;
      } while (depth > 0);
    } else {
      while (at < json.length && !isEnd(json[at])) {
        at++;
      }
    }
    return at;
  }

  /** From an opening quote to just past its closing one. */
  private int skipString(int quote) {
    escaped = false;
    int k = quote + 1;
    while (json[k] != '"') {
      if (json[k] == '\\') {
        escaped = true;
        k++;
      }
      k++;
    }
    return k + 1;
  }

  private void skipWhitespace() {
    while (at < json.length && (json[at] == ' ' || json[at] == '\n' || json[at] == '\r' || json[at] == '\t')) {
      at++;
    }
  }

  private static boolean isEnd(byte b) {
    return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /** The text of the quoted string from {@code start} to {@code end}, escapes resolved. */
  private String decode(int start, int end) {
    try (JsonParser p = JSON.createParser(json, start, end - start)) {
      p.nextToken();
      return p.getText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
