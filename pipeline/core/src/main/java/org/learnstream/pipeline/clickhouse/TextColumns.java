package org.learnstream.pipeline.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of a table that can hold text, each as an expression of type String, and the condition that a row
 * mentions a learner. Numbers, dates and enums cannot hold an identifier and are left out; aggregate states are not
 * text (a uniqExact state keeps hashes) and are listed apart, so a scan can say what it did not read.
 */
record TextColumns(List<String> texts, List<String> aggregateStates) {

  static TextColumns of(SchoolDatabase.Sql sql, String database, String table) {
    List<String> texts = new ArrayList<>();
    List<String> states = new ArrayList<>();
    for (Map<String, Object> row : sql.rows("SELECT name, type FROM system.columns WHERE database = "
        + ClickHouseQueries.quote(database) + " AND table = " + ClickHouseQueries.quote(table) + " ORDER BY name")) {
      String name = (String) row.get("name");
      String type = (String) row.get("type");
      if (type.startsWith("AggregateFunction(")) {
        states.add(name);
      } else {
        asText("`" + name + "`", type).ifPresent(texts::add);
      }
    }
    return new TextColumns(texts, states);
  }

  /**
   * The column as text, or empty when its type cannot hold text. A text type not handled here (a tuple, a map) is
   * refused, so that a new column of such a type is noticed rather than left unscanned. A String column is read as it
   * is, Nullable or not ({@link #mentions} takes a NULL as no mention): wrapping it would copy every value of the
   * column, the statement text included, before the search.
   */
  static Optional<String> asText(String column, String type) {
    return type.equals("String") || type.equals("Nullable(String)") ? Optional.of(column) : asString(column, type);
  }

  /** The column as one String (never NULL), or empty when its type cannot hold text. */
  private static Optional<String> asString(String column, String type) {
    String inner = unwrap(unwrap(type, "LowCardinality("), "Nullable(");
    if (inner.equals("String") || inner.startsWith("FixedString(")) {
      return Optional.of(type.contains("Nullable(")
          ? "ifNull(toString(" + column + "), '')"
          : "toString(" + column
              + ")");
    }
    if (type.startsWith("Array(")) {
      String element = type.substring("Array(".length(), type.length() - 1);
      String variable = "e" + type.split("Array\\(", -1).length; // nested arrays each get their own name
      return asString(variable, element).map(text -> "arrayStringConcat(arrayMap(" + variable + " -> " + text + ", "
          + column + "), ' ')");
    }
    if (type.contains("String")) {
      throw new IllegalStateException("Cannot read column " + column + " of type " + type + " as text");
    }
    return Optional.empty();
  }

  /**
   * True for a row that holds every string of at least one group in any of its text columns (letter case aside),
   * e.g. groups [[pseudonym], [home page, account name]]. {@code 0} when the table has no text column. The groups of
   * one string are looked for together, one regular expression per column ({@code a|b}): ClickHouse reads a column
   * once for it, where a {@code positionCaseInsensitive} per string reads it once per string, and on the statement
   * text the expression is the faster of the two even for one string.
   */
  String mentions(List<List<String>> groups) {
    if (texts.isEmpty() || groups.isEmpty()) {
      return "0";
    }
    List<String> anyGroup = new ArrayList<>();
    List<String> single = groups.stream().filter(group -> group.size() == 1).map(group -> group.get(0)).toList();
    if (!single.isEmpty()) {
      anyGroup.add(inAnyColumn(single));
    }
    for (List<String> group : groups) {
      if (group.size() > 1) {
        anyGroup.add("(" + String.join(" AND ", group.stream().map(term -> inAnyColumn(List.of(term))).toList()) + ")");
      }
    }
    return "(" + String.join(" OR ", anyGroup) + ")";
  }

  /** True for a row with one of {@code terms} in one of its text columns, letter case aside. */
  private String inAnyColumn(List<String> terms) {
    String pattern = ClickHouseQueries.quote(String.join("|", terms.stream().map(TextColumns::literal).toList()));
    return "(" + String.join(" OR ", texts.stream().map(text -> "ifNull(match(" + text + ", " + pattern + "), 0)")
        .toList()) + ")";
  }

  /**
   * {@code term} as a regular expression (re2) that matches it literally, ASCII letters in either case (as
   * {@code positionCaseInsensitive}). Each letter is a class ({@code [aA]}) rather than the expression taking the flag
   * {@code (?i)}: ClickHouse 18.16 looks for a literal it finds in the expression before running it, and looks for it
   * with its case, so {@code match('ANA', '(?i)ana')} is 0 there.
   */
  static String literal(String term) {
    StringBuilder literal = new StringBuilder();
    for (char c : term.toCharArray()) {
      if (c < 128 && Character.isLetter(c)) {
        literal.append('[').append(Character.toUpperCase(c)).append(Character.toLowerCase(c)).append(']');
      } else {
        if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
          literal.append('\\');
        }
        literal.append(c);
      }
    }
    return literal.toString();
  }

  private static String unwrap(String type, String wrapper) {
    return type.startsWith(wrapper) ? type.substring(wrapper.length(), type.length() - 1) : type;
  }
}
