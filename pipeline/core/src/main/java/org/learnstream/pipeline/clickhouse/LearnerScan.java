package org.learnstream.pipeline.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verification of an erasure: every table of the given databases is read, every column that can hold text as
 * text, for rows that mention the learner (their pseudonym, or every part of their identifier). The tables kept as
 * evidence ({@link ErasureScope#KEPT_AS_EVIDENCE}: the receipts, the audit log) are read too: they name a learner by
 * {@link org.learnstream.pipeline.xapi.LearnerDigest} only, so a row of theirs that mentions the learner is a
 * pseudonym that should not be there (written by a version before the digest after migration V097 rewrote the older
 * rows), and the erasure is not verified.
 */
public final class LearnerScan {

  /**
   * What the scan found: rows that mention the learner per {@code database.table} (tables with none left out), how
   * many tables it read, and the aggregate-state columns it could not read as text.
   */
  public record Result(int tablesScanned, Map<String, Long> occurrences, List<String> aggregateStates) {

    public long total() {
      return occurrences.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private LearnerScan() {
  }

  /** @param groups e.g. [[pseudonym], [e-mail address]]: a row mentions the learner when it holds a whole group */
  public static Result scan(SchoolDatabase.Sql sql, List<String> databases, List<List<String>> groups) {
    Map<String, Long> found = new TreeMap<>();
    List<String> states = new ArrayList<>();
    int scanned = 0;
    for (String database : databases) {
      for (String table : ClickHouseCatalog.tables(sql, database)) {
        TextColumns columns = TextColumns.of(sql, database, table);
        columns.aggregateStates().forEach(c -> states.add(database + "." + table + "." + c));
        scanned++;
        long rows = ClickHouseCatalog.count(sql, database + "." + table, columns.mentions(groups));
        if (rows > 0) {
          found.put(database + "." + table, rows);
        }
      }
    }
    return new Result(scanned, found, states);
  }
}
