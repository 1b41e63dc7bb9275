package org.learnstream.dashboards;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compares the answers two ClickHouse engines give to the same query in {@code FORMAT JSONEachRow}. Only what is
 * representation is normalised, nothing that a reader of the result could see:
 * <ul>
 * <li>floating-point values are equal within 1e-9 relative (engines print the same double with different digits,
 * and summing in another order moves the last bits);</li>
 * <li>a number and a string holding that number are the same value (JSON quotes 64-bit integers by default, and
 * whether Decimal or Int64 is quoted has changed between releases);</li>
 * <li>the zero Date and DateTime: 18.16 prints {@code 0000-00-00 00:00:00}, current releases {@code 1970-01-01
 * 00:00:00}, for the same stored value 0 (e.g. {@code minIfMerge} of a day where the condition never held);</li>
 * <li>rows are compared as a multiset when the query has no ORDER BY at its outer level (the engine may return
 * them in any order then); with an ORDER BY the order is part of the answer.</li>
 * </ul>
 */
final class EngineAnswers {

  private static final double RELATIVE_TOLERANCE = 1e-9;
  private static final String ZERO_DATE_1816 = "0000-00-00";
  private static final String ZERO_DATE_CURRENT = "1970-01-01";
  private static final Pattern OUTER_ORDER_BY = Pattern.compile("\\bORDER\\s+BY\\b", Pattern.CASE_INSENSITIVE);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

  private EngineAnswers() {
  }

  /** The rows of a JSONEachRow answer, columns in the order the engine wrote them. */
  static List<Map<String, Object>> rows(String jsonEachRow) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (var it = JSON.readerFor(new TypeReference<LinkedHashMap<String, Object>>() {
    }).<LinkedHashMap<String, Object>>readValues(jsonEachRow)) {
      while (it.hasNext()) {
        rows.add(it.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Not JSONEachRow: " + jsonEachRow, e);
    }
    return rows;
  }

  /** Empty when both answers are the same; otherwise what differs first. */
  static Optional<String> difference(String sql, List<Map<String, Object>> older, List<Map<String, Object>> current) {
    if (older.size() != current.size()) {
      return Optional.of(older.size() + " rows on 18.16, " + current.size() + " on the current engine");
    }
    if (!older.isEmpty() && !List.copyOf(older.get(0).keySet()).equals(List.copyOf(current.get(0).keySet()))) {
      return Optional.of("columns " + older.get(0).keySet() + " on 18.16, " + current.get(0).keySet()
          + " on the current engine");
    }
    List<Map<String, Object>> left = older;
    List<Map<String, Object>> right = current;
    if (!hasOuterOrderBy(sql)) {
      left = sorted(older);
      right = sorted(current);
    }
    for (int i = 0; i < left.size(); i++) {
      for (String column : left.get(i).keySet()) {
        Object a = left.get(i).get(column);
        Object b = right.get(i).get(column);
        if (!same(a, b)) {
          return Optional.of("row " + i + ", column " + column + ": " + a + " on 18.16, " + b
              + " on the current engine\n18.16:   " + left.get(i) + "\ncurrent: " + right.get(i));
        }
      }
    }
    return Optional.empty();
  }

  static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    Optional<Double> x = number(a);
    Optional<Double> y = number(b);
    if ((a instanceof Number || b instanceof Number) && x.isPresent() && y.isPresent()) {
      return closeEnough(x.get(), y.get());
    }
    return canonical(a).equals(canonical(b));
  }

  private static Object canonical(Object value) {
    return value instanceof String s && s.startsWith(ZERO_DATE_1816)
        ? ZERO_DATE_CURRENT + s.substring(ZERO_DATE_1816.length())
        : value;
  }

  private static boolean closeEnough(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
      return Double.compare(a, b) == 0;
    }
    return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static Optional<Double> number(Object value) {
    if (value instanceof Number n) {
      return Optional.of(n.doubleValue());
    }
    if (value instanceof String s) {
      try {
        return Optional.of(new BigDecimal(s).doubleValue());
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Rows in a fixed order: by their values, numbers rounded to 9 significant digits so float noise cannot reorder. */
  private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows) {
    List<Map<String, Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(EngineAnswers::sortKey));
    return copy;
  }

  private static String sortKey(Map<String, Object> row) {
    StringBuilder key = new StringBuilder();
    row.values().forEach(value -> key.append(sortKey(value)).append('\u0001'));
    return key.toString();
  }

  private static String sortKey(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(EngineAnswers::sortKey).toList().toString();
    }
    return number(value).map(d -> String.format(Locale.ROOT, "%.8e", d)).orElse(String.valueOf(canonical(value)));
  }

  /** Whether the statement ends in an ORDER BY of its own, not one inside a subquery or a function. */
  static boolean hasOuterOrderBy(String sql) {
    StringBuilder outer = new StringBuilder();
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '\'') {
          quoted = false;
        }
      } else if (c == '\'') {
        quoted = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0) {
        outer.append(c);
        continue;
      }
      outer.append(' ');
    }
    return OUTER_ORDER_BY.matcher(outer).find();
  }
}
