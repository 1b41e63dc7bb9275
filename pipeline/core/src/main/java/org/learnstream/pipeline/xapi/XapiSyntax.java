package org.learnstream.pipeline.xapi;

import java.util.regex.Pattern;

/**
 * Lexical forms used by xAPI (IRI, UUID, ISO 8601 timestamp and duration, RFC 5646 tag, MIME type). The checks that
 * run on every statement are hand-written; the rest use patterns compiled once.
 */
final class XapiSyntax {

  private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-fA-F]{40}");
  private static final Pattern SHA2_HEX = Pattern
      .compile("[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}");
  /**
   * RFC 5646 Language-Tag (langtag / privateuse / irregular "i-" grandfathered tags), case-insensitive. The primary
   * subtag must be 2-3 letters: 4 letters are reserved and no 5-8 letter subtag is registered, so such tags are
   * well-formed but never valid (the conformance suite rejects e.g. "test").
   */
  private static final Pattern LANGUAGE_TAG = Pattern.compile(
      "(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}"
          + "(?:-[a-z]{4})?"
          + "(?:-(?:[a-z]{2}|[0-9]{3}))?"
          + "(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
          + "(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*"
          + "(?:-x(?:-[a-z0-9]{1,8})+)?"
          + "|x(?:-[a-z0-9]{1,8})+"
          + "|i-[a-z]{2,8})",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern MIME_TYPE = Pattern.compile(
      "[A-Za-z0-9!#$&^_.+\\-]+/[A-Za-z0-9!#$&^_.+\\-]+(?:\\s*;\\s*[A-Za-z0-9!#$&^_.+\\-]+=(?:[^;\"\\s]+|\"[^\"]*\"))*\\s*");
  private static final Pattern VERSION_1 = Pattern.compile("1\\.0(?:\\.\\d+)?");
  private static final Pattern VERSION_2 = Pattern.compile("2\\.0(?:\\.\\d+)?");

  private XapiSyntax() {
  }

  /**
   * Absolute IRI: an RFC 3986 scheme, a colon, then at least one character and none of whitespace, controls or the
   * characters RFC 3987 excludes ({@code <>"{}|\^`}). Hand-written: it runs for many values of every statement.
   */
  static boolean isIri(String s) {
    int n = s.length();
    if (n < 3 || !isAsciiLetter(s.charAt(0))) {
      return false;
    }
    int i = 1;
    while (i < n) {
      char c = s.charAt(i);
      if (c == ':') {
        break;
      }
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-')) {
        return false;
      }
      i++;
    }
    if (i >= n - 1) {
      return false;
    }
    for (i++; i < n; i++) {
      char c = s.charAt(i);
      if (c < 128 ? IRI_FORBIDDEN_ASCII[c] : Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return false;
      }
    }
    return true;
  }

  private static final boolean[] IRI_FORBIDDEN_ASCII = new boolean[128];

  static {
    for (int c = 0; c <= ' '; c++) {
      IRI_FORBIDDEN_ASCII[c] = true;
    }
    IRI_FORBIDDEN_ASCII[0x7F] = true;
    for (char c : "<>\"{}|\\^`".toCharArray()) {
      IRI_FORBIDDEN_ASCII[c] = true;
    }
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isMailto(String s) {
    if (!s.startsWith("mailto:")) {
      return false;
    }
    int at = s.indexOf('@', 7);
    if (at <= 7 || at == s.length() - 1 || s.indexOf('@', at + 1) >= 0) {
      return false;
    }
    for (int i = 7; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '<' || c == '>' || c == '"' || Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  static boolean isSha1Hex(String s) {
    return SHA1_HEX.matcher(s).matches();
  }

  static boolean isSha2Hex(String s) {
    return SHA2_HEX.matcher(s).matches();
  }

  /** Any UUID layout; the variant and version nibbles are deliberately not checked (spec examples use other variants). */
  static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean ok = (i == 8 || i == 13 || i == 18 || i == 23)
          ? c == '-'
          : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static boolean isLanguageTag(String s) {
    // Fast path for the common "en" / "en-US" shapes; everything else goes through the full grammar.
    int n = s.length();
    if ((n == 2 || n == 5) && isAsciiLetter(s.charAt(0)) && isAsciiLetter(s.charAt(1))
        && (n == 2 || (s.charAt(2) == '-' && isAsciiLetter(s.charAt(3)) && isAsciiLetter(s.charAt(4))))) {
      return true;
    }
    return LANGUAGE_TAG.matcher(s).matches();
  }

  static boolean isMimeType(String s) {
    return MIME_TYPE.matcher(s).matches();
  }

  static boolean isVersion(String s, XapiVersion version) {
    return VERSION_1.matcher(s).matches() || (version == XapiVersion.V2_0_0 && VERSION_2.matcher(s).matches());
  }

  static boolean isDuration(String s) {
    return Durations.isDuration(s);
  }

  /** Duration in milliseconds, or -1 when {@code s} is not an ISO 8601 duration ({@link Durations#millis}). */
  static long durationMillis(String s) {
    return Durations.millis(s);
  }

  /**
   * Epoch millis of an ISO 8601 / RFC 3339 timestamp with a time zone ({@code Z}, {@code ±hh:mm}, {@code ±hhmm} or
   * {@code ±hh}), or {@link Long#MIN_VALUE} when it is not one. The unknown-offset forms {@code -00:00}/{@code -0000}
   * are refused, as the xAPI conformance suite requires. Hand-parsed: this runs for every statement.
   */
  static long timestampMillis(String s) {
    int n = s.length();
    if (n < 17 || !AsciiDigits.all(s, 0, 4) || s.charAt(4) != '-' || !AsciiDigits.all(s, 5, 7) || s.charAt(7) != '-'
        || !AsciiDigits.all(s, 8, 10) || (s.charAt(10) != 'T' && s.charAt(10) != 't') || !AsciiDigits.all(s, 11, 13)
        || s.charAt(13) != ':' || !AsciiDigits.all(s, 14, 16)) {
      return Long.MIN_VALUE;
    }
    int year = AsciiDigits.value(s, 0, 4);
    int month = AsciiDigits.value(s, 5, 7);
    int day = AsciiDigits.value(s, 8, 10);
    int hour = AsciiDigits.value(s, 11, 13);
    int minute = AsciiDigits.value(s, 14, 16);
    int second = 0;
    long millis = 0;
    int i = 16;
    if (i < n && s.charAt(i) == ':') {
      if (i + 3 > n || !AsciiDigits.all(s, i + 1, i + 3)) {
        return Long.MIN_VALUE;
      }
      second = AsciiDigits.value(s, i + 1, i + 3);
      i += 3;
      if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        int start = ++i;
        while (i < n && Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (i == start) {
          return Long.MIN_VALUE;
        }
        for (int k = 0; k < 3; k++) {
          millis = millis * 10 + (start + k < i ? s.charAt(start + k) - '0' : 0);
        }
      }
    }
    if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
        || hour > 23 || minute > 59 || second > 60) {
      return Long.MIN_VALUE;
    }
    long offsetMinutes = zoneOffsetMinutes(s, i);
    if (offsetMinutes == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
    long secs = epochDay * 86_400 + hour * 3_600L + minute * 60L + Math.min(second, 59) - offsetMinutes * 60;
    return secs * 1000 + millis;
  }

  private static long zoneOffsetMinutes(String s, int i) {
    int n = s.length();
    if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
      return 0;
    }
    if (i >= n || (s.charAt(i) != '+' && s.charAt(i) != '-')) {
      return Long.MIN_VALUE;
    }
    boolean negative = s.charAt(i) == '-';
    String rest = s.substring(i + 1);
    int hours;
    int minutes;
    if (rest.length() == 2 && AsciiDigits.all(rest, 0, 2)) {
      hours = AsciiDigits.value(rest, 0, 2);
      minutes = 0;
    } else if (rest.length() == 4 && AsciiDigits.all(rest, 0, 4)) {
      hours = AsciiDigits.value(rest, 0, 2);
      minutes = AsciiDigits.value(rest, 2, 4);
    } else if (rest.length() == 5 && rest.charAt(2) == ':' && AsciiDigits.all(rest, 0, 2)
        && AsciiDigits.all(rest, 3, 5)) {
      hours = AsciiDigits.value(rest, 0, 2);
      minutes = AsciiDigits.value(rest, 3, 5);
    } else {
      return Long.MIN_VALUE;
    }
    if (hours > 23 || minutes > 59 || (negative && hours == 0 && minutes == 0)) {
      return Long.MIN_VALUE;
    }
    int total = hours * 60 + minutes;
    return negative ? -total : total;
  }
}
