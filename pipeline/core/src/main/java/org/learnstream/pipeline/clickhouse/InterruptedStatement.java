package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration statement a process was running, or had just run, when it died: it may have taken effect in whole, in
 * part or not at all, so it runs again in a form that tolerates its earlier run. A CREATE gains IF NOT EXISTS, a DROP
 * IF EXISTS; an ALTER that adds or drops columns is skipped when they are there or gone; a RENAME keeps the pairs whose
 * target is not there yet; a copy of rows (INSERT ... SELECT) runs again into a table that collapses repeated rows
 * (Replacing) or that is still empty, and is refused into any other, where rows of the earlier run would count twice.
 * Mutations (ALTER ... UPDATE/DELETE) are written to be repeatable and run as they are. Before any of that, the earlier
 * run's statement is waited for while the server still runs it: a client that dies does not stop a copy the server is
 * in the middle of.
 */
final class InterruptedStatement {

  private static final Pattern CREATE = Pattern.compile(
      "(?is)^(CREATE\\s+(?:TABLE|MATERIALIZED\\s+VIEW|VIEW|DATABASE))\\s+(?!IF\\s+NOT\\s+EXISTS\\b)");
  private static final Pattern CREATE_IF_NOT_EXISTS = Pattern.compile(
      "(?is)^CREATE\\s+(?:TABLE|MATERIALIZED\\s+VIEW|VIEW|DATABASE)\\s+IF\\s+NOT\\s+EXISTS\\b");
  private static final Pattern DROP = Pattern.compile("(?is)^(DROP\\s+(?:TABLE|VIEW|DATABASE))\\s+(?!IF\\s+EXISTS\\b)");
  private static final Pattern DROP_IF_EXISTS = Pattern
      .compile("(?is)^DROP\\s+(?:TABLE|VIEW|DATABASE)\\s+IF\\s+EXISTS\\b");
  private static final Pattern ALTER = Pattern.compile("(?is)^ALTER\\s+TABLE\\s+(\\S+)\\s");
  private static final Pattern ADD_COLUMN = Pattern
      .compile("(?is)\\bADD\\s+COLUMN\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)");
  private static final Pattern DROP_COLUMN = Pattern.compile("(?is)\\bDROP\\s+COLUMN\\s+(?:IF\\s+EXISTS\\s+)?(\\w+)");
  private static final Pattern RENAME = Pattern.compile("(?is)^RENAME\\s+TABLE\\s+(.+)$");
  private static final Pattern RENAME_PAIR = Pattern.compile("(?is)^\\s*(\\S+)\\s+TO\\s+(\\S+)\\s*$");
  private static final Pattern INSERT = Pattern.compile("(?is)^INSERT\\s+INTO\\s+([A-Za-z0-9_]+\\.[A-Za-z0-9_]+)");
  private static final Duration POLL = Duration.ofMillis(200);

  private final Client client;
  private final MigrationPace pace;

  InterruptedStatement(Client client, MigrationPace pace) {
    this.client = client;
    this.pace = pace;
  }

  /**
   * Whether {@code statement} is a CREATE with IF NOT EXISTS or a DROP with IF EXISTS: it runs again as it is, to the
   * same end, whether it ran before or not.
   */
  static boolean repeatable(String statement) {
    String s = statement.strip();
    return CREATE_IF_NOT_EXISTS.matcher(s).find() || DROP_IF_EXISTS.matcher(s).find();
  }

  /**
   * What to run in place of {@code statement}, or empty when its whole effect is there already; first waits while
   * the server runs a query whose id starts with {@code queryIdPrefix} (the earlier run's).
   *
   * @throws IllegalStateException when it copies rows into a table where they would count twice
   */
  Optional<String> again(String statement, String label, String queryIdPrefix) {
    pace.progress().accept(label + ": an earlier run stopped in or right after it; going on from there");
    awaitEarlierRun(label, queryIdPrefix);
    String s = statement.strip();
    Matcher create = CREATE.matcher(s);
    if (create.find()) {
      return Optional.of(create.replaceFirst("$1 IF NOT EXISTS "));
    }
    Matcher drop = DROP.matcher(s);
    if (drop.find()) {
      return Optional.of(drop.replaceFirst("$1 IF EXISTS "));
    }
    Matcher alter = ALTER.matcher(s);
    if (alter.find()) {
      return columnsChanged(alter.group(1), s) ? Optional.empty() : Optional.of(s);
    }
    Matcher rename = RENAME.matcher(s);
    if (rename.matches()) {
      return renamesLeft(rename.group(1));
    }
    Matcher insert = INSERT.matcher(s);
    if (insert.find()) {
      refuseACopyThatWouldCountTwice(label, insert.group(1));
    }
    return Optional.of(s);
  }

  /**
   * Whether an ALTER that adds or drops columns did so already: every column it adds is there and every one it drops
   * is gone (18.16 has no ADD COLUMN IF NOT EXISTS). An ALTER doing neither (a mutation, a MODIFY) runs again.
   */
  private boolean columnsChanged(String qualifiedTable, String alter) {
    List<String> added = names(ADD_COLUMN.matcher(alter));
    List<String> dropped = names(DROP_COLUMN.matcher(alter));
    if (added.isEmpty() && dropped.isEmpty()) {
      return false;
    }
    List<String> columns = ClickHouseQueries.rows(client, "SELECT name FROM system.columns WHERE "
        + where(qualifiedTable, "table") + " FORMAT JSONEachRow").stream().map(row -> (String) row.get("name"))
        .toList();
    return columns.containsAll(added) && dropped.stream().noneMatch(columns::contains);
  }

  private static List<String> names(Matcher clauses) {
    List<String> names = new ArrayList<>();
    while (clauses.find()) {
      names.add(clauses.group(1));
    }
    return names;
  }

  /**
   * The pairs of {@code RENAME TABLE a TO b, c TO d} not done yet: those whose target is not there. A target that is
   * there was renamed to by the earlier run (a RENAME onto an existing table fails), though its source may be there
   * again: a swap ({@code a TO a_old, a_new TO a}) brings it back.
   */
  private Optional<String> renamesLeft(String pairs) {
    List<String> left = new ArrayList<>();
    for (String pair : pairs.split(",")) {
      Matcher m = RENAME_PAIR.matcher(pair);
      if (!m.matches() || engineOf(m.group(2)).isEmpty()) {
        left.add(pair.strip());
      }
    }
    return left.isEmpty() ? Optional.empty() : Optional.of("RENAME TABLE " + String.join(", ", left));
  }

  private void refuseACopyThatWouldCountTwice(String label, String table) {
    Optional<String> engine = engineOf(table);
    // a missing table is named by the server's own error; a Replacing one collapses the repeated rows
    if (engine.isEmpty() || engine.get().startsWith("Replacing")) {
      return;
    }
    long rows = ClickHouseQueries.count(client, table);
    if (rows > 0) {
      throw new IllegalStateException(label + " copies rows into " + table + " (" + engine.get()
          + "), and an earlier run of it stopped before it was recorded: that run's rows may be there (the table holds "
          + rows + ") and would count twice. If nothing but this migration has written to the table since it began,"
          + " empty it (TRUNCATE TABLE " + table + ") and migrate again.");
    }
  }

  /** The engine of {@code table} ({@code db.name}, or a name in the current database); empty when it is not there. */
  private Optional<String> engineOf(String table) {
    return ClickHouseQueries.rows(client, "SELECT engine FROM system.tables WHERE " + where(table, "name")
        + " FORMAT JSONEachRow").stream().map(row -> (String) row.get("engine")).findFirst();
  }

  /** The condition naming {@code table}'s database and, in column {@code nameColumn}, its name. */
  private static String where(String table, String nameColumn) {
    int dot = table.indexOf('.');
    return "database = " + (dot < 0 ? "currentDatabase()" : ClickHouseQueries.quote(table.substring(0, dot)))
        + " AND " + nameColumn + " = " + ClickHouseQueries.quote(table.substring(dot + 1));
  }

  private void awaitEarlierRun(String label, String queryIdPrefix) {
    long start = System.nanoTime();
    long lastReport = start;
    String sameStatement = "SELECT count() FROM system.processes WHERE substring(query_id, 1, "
        + queryIdPrefix.length() + ") = " + ClickHouseQueries.quote(queryIdPrefix);
    while (ClickHouseQueries.scalarLong(client, sameStatement) > 0) {
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (waited.compareTo(pace.timeout()) > 0) {
        throw new IllegalStateException(label + ": the server still runs it for an earlier run after "
            + waited.toSeconds() + " s; stop that query (KILL QUERY WHERE startsWith(query_id, '" + queryIdPrefix
            + "')) or wait for it, and migrate again");
      }
      if (System.nanoTime() - lastReport >= pace.progressEvery().toNanos()) {
        pace.progress().accept(label + ": waiting for the server to finish it for an earlier run ("
            + waited.toSeconds() + " s)");
        lastReport = System.nanoTime();
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for an earlier run of " + label, e);
      }
    }
  }
}
