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
        // date parts in order Y, M, D; each designator at most once
        int next = 0;
        while (i < n && s.charAt(i) != 'T') {
            int end = number(s, i);
            if (end == i || end >= n) {
                return false;
            }
            int which = DATE_DESIGNATORS.indexOf(s.charAt(end), next);
            if (which < 0) {
                return false;
            }
            if (parts != null) {
                parts[1 + which] = value(s, i, end);
            }
            next = which + 1;
            i = end + 1;
        }
        if (i == n) {
            return true; // at least one date part was read: "P" alone has length 1
        }
        i++; // past T: at least one time part must follow
        if (i == n) {
            return false;
        }
        next = 0;
        while (i < n) {
            int end = number(s, i);
            if (end == i || end >= n) {
                return false;
            }
            int which = TIME_DESIGNATORS.indexOf(s.charAt(end), next);
            if (which < 0) {
                return false;
            }
            if (parts != null) {
                parts[4 + which] = value(s, i, end);
            }
            next = which + 1;
            i = end + 1;
        }
        return true;
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
