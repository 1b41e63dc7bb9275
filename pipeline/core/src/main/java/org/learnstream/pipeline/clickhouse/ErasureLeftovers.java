package org.learnstream.pipeline.clickhouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second round of an erasure: what the verification scan still found of the learner after the planned deletes, in
 * a table an erasure may delete from. The plan finds the learner's rows by key and the statements naming them through
 * the agent index; a mention no key or index answers (an address in a statement's free text, the pseudonym in another
 * learner's row) is found only by reading the text, which the verification does anyway. Those rows are deleted here by
 * the scan's own condition, and a statement of {@code learning_events} or {@code late_events} found so also from the
 * statement-read tables, by id (and named in the plan's {@code othersStatements}: after the deletes of the learner's
 * own, a statement that still mentions them is another actor's). Aggregates and tables without per-learner rows are
 * left to the scan's result, as before.
 */
final class ErasureLeftovers {

  private ErasureLeftovers() {
  }

  /** The deletes of the rows {@code scan} found, as a plan; no conditions when none of its tables may be deleted from. */
  static LearnerErasure.Plan plan(SchoolDatabase.Sql sql, LearnerErasure.Plan erased, LearnerScan.Result scan) {
    LearnerErasure.Learner learner = erased.learner();
    String tenant = ClickHouseQueries.quote(learner.tenant());
    Map<String, List<String>> conditions = new LinkedHashMap<>();
    Set<String> statements = new LinkedHashSet<>();
    for (String at : scan.occurrences().keySet()) {
      String database = at.substring(0, at.indexOf('.'));
      String table = at.substring(at.indexOf('.') + 1);
      String mentions = TextColumns.of(sql, database, table).mentions(learner.mentionGroups());
      if (ErasureScope.BY_LEARNER.contains(table) || ErasureScope.BY_STATEMENT.containsKey(table)) {
        conditions.computeIfAbsent(at, t -> new ArrayList<>()).add("tenant = " + tenant + " AND " + mentions);
      } else if (ErasureScope.BY_ALERT.contains(table)) {
        conditions.computeIfAbsent(at, t -> new ArrayList<>()).add(mentions);
      } else if (ErasureScope.BY_PAYLOAD.contains(table)) {
        conditions.computeIfAbsent(at, t -> new ArrayList<>())
            .add("ifNull(tenant, " + tenant + ") = " + tenant + " AND " + mentions);
      }
      if (table.equals("learning_events") || table.equals("late_events")) {
        List<String> ids = ClickHouseCatalog.strings(sql, "SELECT DISTINCT statement_id FROM " + at + " WHERE tenant = "
            + tenant + " AND " + mentions);
        statements.addAll(ids);
        if (!ids.isEmpty()) {
          ErasureScope.BY_STATEMENT.forEach((statementTable, columns) -> LearnerErasure.chunks(ids)
              .forEach(c -> conditions.computeIfAbsent(database + "." + statementTable, t -> new ArrayList<>())
                  .add("tenant = " + tenant + " AND (" + String.join(" OR ", columns.stream()
                      .map(column -> column + " IN " + c).toList()) + ")")));
        }
      }
    }
    Map<String, List<String>> found = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    conditions.forEach((at, where) -> {
      String database = at.substring(0, at.indexOf('.'));
      if (!ClickHouseCatalog.tables(sql, database).contains(at.substring(at.indexOf('.') + 1))) {
        return;
      }
      long count = ClickHouseCatalog.count(sql, at, "(" + String.join(") OR (", where) + ")");
      if (count > 0) {
        found.put(at, where);
        rows.put(at, count);
      }
    });
    return new LearnerErasure.Plan(learner, erased.databases(), found, rows, Map.of(), statements, statements);
  }
}
