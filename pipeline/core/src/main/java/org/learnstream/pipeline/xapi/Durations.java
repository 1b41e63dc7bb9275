package org.learnstream.pipeline.xapi;

/**
 * ISO 8601 durations as xAPI uses them: {@code PnW} alone, or {@code P[nY][nM][nD][T[nH][nM][nS]]} with at least one
 * part, a fraction ({@code .} or {@code ,}) allowed on any part. Read by hand in one pass: a duration is in nearly
 * every answered statement, checked by the validator and converted by the normaliser.
 */
final class Durations {

  private static final String DATE_DESIGNATORS = "YMD";
  private static final String TIME_DESIGNATORS = "HMS";

  private Durations() {
  }

  static boolean isDuration(String s) {
    return scan(s, null);
  }

  /**
   * Milliseconds, or -1 when {@code s} is not a duration. Calendar parts use fixed lengths (a year is 365 days, a
   * month 30 days, a week 7 days) since a duration in a statement has no anchor date.
   */
  static long millis(String s) {
    double[] parts = new double[7];
    if (!scan(s, parts)) {
      return -1;
    }
    double days = 7 * parts[0] + 365 * parts[1] + 30 * parts[2] + parts[3];
    double seconds = days * 86_400 + parts[4] * 3_600 + parts[5] * 60 + parts[6];
    return Math.round(seconds * 1000);
  }

  /** Whether {@code s} is a duration; fills {@code parts} (W, Y, M, D, H, M, S) when it is not null. */
  private static boolean scan(String s, double[] parts) {
    int n = s.length();
    if (n < 3 || s.charAt(0) != 'P') {
      return false;
    }
    int i = 1;
    int numberEnd = number(s, i);
    if (numberEnd > i && numberEnd == n - 1 && s.charAt(numberEnd) == 'W') {
      if (parts != null) {
        parts[0] = value(s, i, numberEnd);
      }
      return true;
    }
    i = designated(s, i, DATE_DESIGNATORS, parts, 1);
    if (i == n) {
      return true; // at least one date part was read: "P" alone has length 1
    }
    if (i < 0 || ++i == n) {
      return false; // past T: at least one time part must follow
    }
    return designated(s, i, TIME_DESIGNATORS, parts, 4) == n;
  }

  /**
   * Reads numbers each followed by one of {@code designators}, in that order and each at most once, from
   * {@code i} up to a {@code T} or the end; fills {@code parts[firstPart + designator]} when parts is not null.
   * Returns where it stopped, or -1 when a part is malformed.
   */
  private static int designated(String s, int i, String designators, double[] parts, int firstPart) {
    int n = s.length();
    int next = 0;
    while (i < n && s.charAt(i) != 'T') {
      int end = number(s, i);
      if (end == i || end >= n) {
        return -1;
      }
      int which = designators.indexOf(s.charAt(end), next);
      if (which < 0) {
        return -1;
      }
      if (parts != null) {
        parts[firstPart + which] = value(s, i, end);
      }
      next = which + 1;
      i = end + 1;
    }
    return i;
  }

  /** End of {@code \d+([.,]\d+)?} starting at {@code from}; {@code from} when there is none. */
  private static int number(String s, int from) {
    int i = digits(s, from);
    if (i == from) {
      return from;
    }
    if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      int fractionEnd = digits(s, i + 1);
      if (fractionEnd > i + 1) {
        return fractionEnd;
      }
    }
    return i;
  }

  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private static double value(String s, int from, int to) {
    return Double.parseDouble(s.substring(from, to).replace(',', '.'));
  }
}
