package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.learnstream.pipeline.clickhouse.RetentionTables.Kind;
import org.learnstream.pipeline.clickhouse.RetentionTables.Table;

/**
 * Retention on ClickHouse without TTL (18.16 has none): monthly partitions (each learner bucket of a month, where the
 * table has them) wholly older than the longest window of any tenant are dropped, and the rows past a tenant's own
 * window in what remains are deleted with {@code ALTER TABLE ... DELETE} mutations, one per group of tenants sharing a
 * window. Both statements run on 18.16 and on current releases.
 */
public final class ClickHouseRetention {

  public enum Action {
    DROP_PARTITION, DELETE_ROWS
  }

  /**
   * One removal: a partition, or the rows of some tenants before the cutoff.
   *
   * @param rows the rows it removes as stored (rows a ReplacingMergeTree has not merged yet count each)
   */
  public record Step(String table, Action action, String scope, long rows, Instant cutoff, String sql) {
  }

  private static final Duration POLL = Duration.ofMillis(200);

  private final SchoolDatabase.Sql sql;
  private final String database;

  public ClickHouseRetention(Client client, String database) {
    this(SchoolDatabase.Sql.of(client), database);
  }

  /** On any engine that runs the statements, e.g. the current release in process for the compatibility tests. */
  public ClickHouseRetention(SchoolDatabase.Sql sql, String database) {
    this.sql = sql;
    this.database = database;
  }

  /** What a run at {@code now} removes, table by table in {@link RetentionTables#TABLES} order. */
  public List<Step> plan(Map<Kind, RetentionWindows> windows, Instant now) {
    List<String> present = sql.rows("SELECT name FROM system.tables WHERE database = "
        + ClickHouseQueries.quote(database)).stream().map(r -> (String) r.get("name")).toList();
    List<Step> steps = new ArrayList<>();
    for (Table table : RetentionTables.TABLES) {
      if (present.contains(table.name())) {
        steps.addAll(plan(table, windows.get(table.kind()), now));
      }
    }
    return steps;
  }

  private List<Step> plan(Table table, RetentionWindows windows, Instant now) {
    List<Step> steps = new ArrayList<>();
    Instant sharedCutoff = now.minus(windows.longest());
    String kept = "1";
    if (table.monthlyPartitions()) {
      steps.addAll(droppedPartitions(table, sharedCutoff));
      Instant keptFrom = YearMonth.from(sharedCutoff.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay()
          .toInstant(ZoneOffset.UTC);
      kept = table.timeType().notBefore(table.timeColumn(), keptFrom);
    }
    if (table.tenantColumn() == null) {
      addDeletion(steps, table, "every tenant", "1", sharedCutoff, kept);
      return steps;
    }
    String tenant = "ifNull(" + table.tenantColumn() + ", '')";
    for (Map.Entry<String, Duration> override : windows.tenants().entrySet()) {
      addDeletion(steps, table, "tenant " + override.getKey(),
          tenant + " = " + ClickHouseQueries.quote(override.getKey()), now.minus(override.getValue()), kept);
    }
    String others = windows.tenants().isEmpty()
        ? "1"
        : tenant + " NOT IN (" + windows.tenants().keySet().stream().map(ClickHouseQueries::quote)
            .collect(Collectors.joining(", ")) + ")";
    addDeletion(steps, table, windows.tenants().isEmpty() ? "every tenant" : "every other tenant", others,
        now.minus(windows.standard()), kept);
    return steps;
  }

  /** Partitions whose whole month lies before the cutoff that every tenant's window has passed. */
  private List<Step> droppedPartitions(Table table, Instant cutoff) {
    List<Step> steps = new ArrayList<>();
    for (Map<String, Object> part : sql.rows("SELECT partition, toString(sum(rows)) AS rows"
        + " FROM system.parts WHERE active AND database = " + ClickHouseQueries.quote(database) + " AND table = "
        + ClickHouseQueries.quote(table.name()) + " GROUP BY partition ORDER BY partition")) {
      String partition = String.valueOf(part.get("partition")).replace("'", "");
      // a month alone (202601) or a month and a learner bucket ((202601,3)), as system.parts prints them
      String month = partition.replaceAll("^\\(|[,)].*$", "");
      Instant monthEnd = YearMonth.parse(month, java.time.format.DateTimeFormatter.ofPattern("yyyyMM"))
          .plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      if (!monthEnd.isAfter(cutoff)) {
        steps.add(new Step(table.name(), Action.DROP_PARTITION, "partition " + partition,
            Long.parseLong(String.valueOf(part.get("rows"))), cutoff,
            "ALTER TABLE " + qualified(table) + " DROP PARTITION " + partition));
      }
    }
    return steps;
  }

  private void addDeletion(List<Step> steps, Table table, String scope, String tenants, Instant cutoff,
      String kept) {
    String where = tenants + " AND " + table.timeType().before(table.retainedFrom(), cutoff) + " AND " + kept;
    long rows = Long.parseLong(String.valueOf(sql.rows("SELECT toString(count()) AS n FROM " + qualified(table)
        + " WHERE " + where).get(0).get("n")));
    if (rows > 0) {
      steps.add(new Step(table.name(), Action.DELETE_ROWS, scope + " before " + LocalDate.ofInstant(cutoff,
          ZoneOffset.UTC), rows, cutoff, "ALTER TABLE " + qualified(table) + " DELETE WHERE " + where));
    }
  }

  /**
   * Removes what {@code step} names. A deletion is a mutation, which ClickHouse runs in the background: this waits
   * until the table has no unfinished mutation, reporting the parts still to rewrite, for at most {@code timeout}.
   */
  public void apply(Step step, Duration timeout, Consumer<String> progress) {
    sql.execute(step.sql());
    if (step.action() == Action.DELETE_ROWS) {
      awaitMutations(step.table(), timeout, progress);
    }
  }

  private void awaitMutations(String table, Duration timeout, Consumer<String> progress) {
    String pending = "SELECT toString(count()) AS mutations, toString(sum(parts_to_do)) AS parts FROM system.mutations"
        + " WHERE database = " + ClickHouseQueries.quote(database) + " AND table = " + ClickHouseQueries.quote(table)
        + " AND is_done = 0";
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      Map<String, Object> row = sql.rows(pending).get(0);
      if (Long.parseLong(String.valueOf(row.get("mutations"))) == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the deletion in " + database + "." + table + " has not finished after "
            + timeout.toSeconds() + " s (" + row.get("parts") + " parts still to rewrite; see system.mutations);"
            + " it goes on in the background, run retention again to see what is left");
      }
      if (System.nanoTime() > nextReport) {
        progress.accept("  " + table + ": deleting, " + row.get("parts") + " parts still to rewrite");
        nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      }
      try {
        Thread.sleep(POLL.toMillis()); // polling a server-side condition; the deadline above bounds it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the deletion in " + table, e);
      }
    }
  }

  private String qualified(Table table) {
    return database + "." + table.name();
  }
}
