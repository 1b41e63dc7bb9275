package org.learnstream.pipeline.clickhouse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the writer's insert deduplication tokens ({@link InsertDeduplication}) count on a current server. A MergeTree
 * table that is not {@code Replicated*} remembers the tokens of its recent inserts only when
 * {@code non_replicated_deduplication_window} is set (0 by default): without it a retried batch lands twice and the
 * repeats collapse only at a merge or under {@code FINAL}. 18.16 knows neither the token nor the setting and refuses
 * it in a migration, so it is set here, on servers that the writer sends the token to, and skipped on older ones.
 * Setting it again changes nothing, so a run on an up-to-date database only reports.
 */
public final class DeduplicationWindow {

  public static final String SETTING = "non_replicated_deduplication_window";
  /** Inserts remembered per table: a retry follows its failed insert within a few, the rest is headroom. */
  public static final int INSERTS = 1000;

  private static final Pattern CURRENT = Pattern.compile("\\b" + SETTING + "\\s*=\\s*(\\d+)");

  /** What became of one table. */
  public enum State {
    SET_NOW("set now"), ALREADY_SET("already set"), REPLICATED(
        "not needed: a replicated engine deduplicates by itself");

    private final String text;

    State(String text) {
      this.text = text;
    }
  }

  public record Table(String name, String engine, State state) {
  }

  /**
   * What a run did: {@code tables} is empty when the server is older than {@link InsertDeduplication#FIRST_VERSION}.
   */
  public record Outcome(String serverVersion, boolean supported, List<Table> tables) {

    /** Lines for an operator: one for the server, one per table. */
    public List<String> lines() {
      if (!supported) {
        return List.of("insert deduplication: ClickHouse " + serverVersion + " is older than "
            + InsertDeduplication.FIRST_VERSION + " and is sent no deduplication tokens; " + SETTING
            + " skipped");
      }
      List<String> lines = new ArrayList<>();
      lines.add("insert deduplication on ClickHouse " + serverVersion + ": " + SETTING + " = " + INSERTS
          + " on the tables the pipeline's sinks write and the tables views fill from them");
      tables.forEach(t -> lines.add("  " + t.name() + " (" + t.engine() + "): " + t.state().text));
      return lines;
    }
  }

  private DeduplicationWindow() {
  }

  /** Sets the window on each of {@code tables} in {@code database} that needs it, where the server sends tokens. */
  public static Outcome apply(SchoolDatabase.Sql sql, String database, Collection<String> tables) {
    SchemaMigrations.requireIdentifier(database);
    String version = InsertDeduplication.serverVersion(sql);
    if (!InsertDeduplication.supportsToken(version)) {
      return new Outcome(version, false, List.of());
    }
    Map<String, Map<String, Object>> existing = new HashMap<>();
    for (Map<String, Object> row : sql.rows("SELECT name, engine, engine_full FROM system.tables WHERE database = "
        + ClickHouseQueries.quote(database))) {
      existing.put(String.valueOf(row.get("name")), row);
    }
    List<Table> done = new ArrayList<>();
    for (String table : tables) {
      Map<String, Object> row = existing.get(table);
      if (row == null) {
        throw new IllegalStateException("Table " + database + "." + table + " does not exist: the migrations create "
            + "every table the pipeline writes, so run them first (learnstream migrate)");
      }
      String engine = String.valueOf(row.get("engine"));
      done.add(new Table(table, engine, settle(sql, database + "." + table, engine,
          String.valueOf(row.get("engine_full")))));
    }
    return new Outcome(version, true, List.copyOf(done));
  }

  private static State settle(SchoolDatabase.Sql sql, String qualifiedTable, String engine, String engineFull) {
    // ClickHouse Cloud's SharedMergeTree keeps its tokens in shared storage, as the replicated engines do
    if (engine.startsWith("Replicated") || engine.startsWith("Shared")) {
      return State.REPLICATED;
    }
    if (window(engineFull) >= INSERTS) {
      return State.ALREADY_SET;
    }
    sql.execute("ALTER TABLE " + qualifiedTable + " MODIFY SETTING " + SETTING + " = " + INSERTS);
    return State.SET_NOW;
  }

  /** The window a table's {@code engine_full} names; 0 (the server's default) when it names none. */
  static long window(String engineFull) {
    Matcher m = CURRENT.matcher(engineFull);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
