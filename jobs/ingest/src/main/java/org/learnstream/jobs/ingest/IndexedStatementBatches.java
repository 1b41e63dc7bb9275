package org.learnstream.jobs.ingest;

import com.clickhouse.client.api.Client;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * Batches of a query that a {@link StatementIndex} narrows. Where a batch lies and which statements it holds are read
 * from the index table's range of the filter value, then the statements themselves from {@code statement_timeline} by
 * their keys: no query reads a filter column of every statement of the tenant. xAPI's rule that a statement referring
 * to a matching one (a StatementRef object) matches too adds the referring statements of the batch's span from {@code
 * statement_refs} whose targets match.
 */
final class IndexedStatementBatches {

  /**
   * The statements of one batch that pass the filters on the statement's own columns, in query order, with their JSON.
   *
   * @param last the position of the last statement the batch looked at, where the next one starts
   * @param exhausted no statement matches beyond this batch
   */
  record Batch(List<Map<String, Object>> rows, String last, boolean exhausted) {
  }

  /** One statement a batch looks at: found in the index range, or referring to a statement that matches. */
  private record Candidate(long stored, String id, boolean referring) {
  }

  /** Up to this many targets are looked up by id; more, through the filter value's range of the index. */
  private static final int TARGETS_BY_ID = 64;

  private final Client client;
  private final String database;
  private final String refs;
  private final String timeline;

  IndexedStatementBatches(Client client, String database) {
    this.client = client;
    this.database = database;
    this.refs = database + ".statement_refs";
    this.timeline = database + ".statement_timeline";
  }

  /** How many statements of the filter value (at most {@code batch}) lie in {@code window}, and the last one's time. */
  StatementWindows.Bound bound(String tenant, StatementQuery q, StatementIndex index, String cursor,
      StatementWindows.Window window, int batch) {
    String order = q.ascending() ? "ASC" : "DESC";
    Map<String, Object> row = ClickHouseQueries.rows(client, "SELECT count() AS n, " + (q.ascending() ? "max" : "min")
        + "(stored_ms) AS bound FROM (SELECT stored_ms FROM " + inRange(tenant, q, index, cursor, window)
        + " ORDER BY stored_ms " + order + " LIMIT " + batch + ")").get(0);
    return new StatementWindows.Bound(Long.parseLong(row.get("n").toString()),
        Long.parseLong(row.get("bound").toString()));
  }

  /**
   * The next batch from {@code cursor} within {@code rest}, where {@code found} statements of the filter value lie (at
   * most {@code batch}: fewer, and the range ends there).
   */
  Batch next(String tenant, StatementQuery q, StatementIndex index, String cursor, StatementWindows.Window rest,
      long found, int batch) {
    String order = q.ascending() ? "ASC" : "DESC";
    List<Candidate> candidates = new ArrayList<>();
    for (Map<String, Object> row : ClickHouseQueries.rows(client, "SELECT DISTINCT stored_ms, statement_id FROM "
        + inRange(tenant, q, index, cursor, rest) + " ORDER BY stored_ms " + order + ", statement_id " + order
        + " LIMIT " + batch)) {
      candidates.add(new Candidate(stored(row), (String) row.get("statement_id"), false));
    }
    if (referenceRuleApplies(q, index)) {
      candidates.addAll(referring(tenant, q, index, cursor, rest));
    }
    List<Candidate> ordered = inQueryOrder(candidates, q.ascending());
    List<Candidate> chosen = ordered.stream().limit(batch).toList();
    boolean exhausted = found < batch && ordered.size() <= batch;
    if (chosen.isEmpty()) {
      return new Batch(List.of(), cursor, exhausted);
    }
    Candidate last = chosen.get(chosen.size() - 1);
    return new Batch(statementsOf(tenant, q, index, chosen), last.stored() + "_" + last.id(), exhausted);
  }

  /** The index table's rows of the filter value in {@code window}, after the cursor, none voided (FROM ... WHERE). */
  private String inRange(String tenant, StatementQuery q, StatementIndex index, String cursor,
      StatementWindows.Window window) {
    String t = ClickHouseQueries.quote(tenant);
    return database + "." + index.table() + " WHERE tenant = " + t + " AND " + index.column() + " = "
        + ClickHouseQueries.quote(index.value()) + window.sql("stored_ms")
        + StatementConditions.of(t, q, cursor, refs);
  }

  /**
   * As the store has always answered: the rule is applied for the verb and registration filters; an agent filter is
   * decided on the statement's own JSON, and a referring statement has no activity of its own to match one.
   */
  private static boolean referenceRuleApplies(StatementQuery q, StatementIndex index) {
    return index.table().equals("statement_keys") && q.agentIdentifier() == null && q.activity() == null;
  }

  /** The statements of the span that refer to one matching the query's filters on its own columns. */
  private List<Candidate> referring(String tenant, StatementQuery q, StatementIndex index, String cursor,
      StatementWindows.Window rest) {
    String t = ClickHouseQueries.quote(tenant);
    String inSpan = " FROM " + refs + " WHERE tenant = " + t + rest.sql("stored_ms")
        + StatementConditions.of(t, q, cursor, refs);
    List<Map<String, Object>> refRows = ClickHouseQueries.rows(client,
        "SELECT DISTINCT stored_ms, statement_id, target_id" + inSpan);
    if (refRows.isEmpty()) {
      return List.of();
    }
    Set<String> targets = refRows.stream().map(r -> (String) r.get("target_id")).collect(Collectors.toSet());
    // a few targets by id; many (a wide span) through the filter value's range, which holds every match
    String keysOfTargets = targets.size() <= TARGETS_BY_ID
        ? "SELECT stored_ms, statement_id FROM " + database + ".statement_ids WHERE tenant = " + t
            + " AND statement_id IN (" + targets.stream().map(ClickHouseQueries::quote).collect(Collectors.joining(","))
            + ")"
        : "SELECT stored_ms, statement_id FROM " + database + ".statement_keys WHERE tenant = " + t + " AND key = "
            + ClickHouseQueries.quote(index.value()) + " AND statement_id IN (SELECT target_id" + inSpan + ")";
    Set<String> matching = new HashSet<>();
    ClickHouseQueries.rows(client, "SELECT DISTINCT statement_id FROM " + timeline + " WHERE tenant = " + t
        + " AND (stored_ms, statement_id) IN (" + keysOfTargets + ") AND " + contentSql(q))
        .forEach(r -> matching.add((String) r.get("statement_id")));
    return refRows.stream().filter(r -> matching.contains((String) r.get("target_id")))
        .map(r -> new Candidate(stored(r), (String) r.get("statement_id"), true)).toList();
  }

  /** Sorted as the page is (stored time, then id), each statement once: referring wins over found in the range. */
  private static List<Candidate> inQueryOrder(List<Candidate> candidates, boolean ascending) {
    Map<String, Candidate> byId = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      byId.merge(c.id(), c, (a, b) -> a.referring() ? a : b);
    }
    Comparator<Candidate> order = Comparator.comparingLong(Candidate::stored).thenComparing(Candidate::id);
    return byId.values().stream().sorted(ascending ? order : order.reversed()).toList();
  }

  /**
   * The chosen statements with their JSON, in order; those found in the range only if their columns match. The
   * timeline is read by the keys of the index's rows in the chosen span (a superset of the chosen, should more land
   * meanwhile) and of the chosen referring statements: ClickHouse 18.16 analyses a set from a subquery faster than
   * one of literal tuples.
   */
  private List<Map<String, Object>> statementsOf(String tenant, StatementQuery q, StatementIndex index,
      List<Candidate> chosen) {
    String t = ClickHouseQueries.quote(tenant);
    String span = " WHERE tenant = " + t + " AND stored_ms >= "
        + chosen.stream().mapToLong(Candidate::stored).min().orElseThrow() + " AND stored_ms <= "
        + chosen.stream().mapToLong(Candidate::stored).max().orElseThrow();
    String keys = "SELECT stored_ms, statement_id FROM " + database + "." + index.table() + span + " AND "
        + index.column() + " = " + ClickHouseQueries.quote(index.value())
        + (chosen.stream().anyMatch(Candidate::referring)
            ? " UNION ALL SELECT stored_ms, statement_id FROM " + refs + span + " AND statement_id IN ("
                + chosen.stream().filter(Candidate::referring).map(c -> ClickHouseQueries.quote(c.id()))
                    .collect(Collectors.joining(","))
                + ")"
            : "");
    Map<String, Map<String, Object>> byId = new HashMap<>();
    for (Map<String, Object> row : ClickHouseQueries.rows(client, "SELECT statement_id, stored_ms, verb, "
        + "object_type, object_id, registration, statement_json FROM " + timeline + span
        + " AND (stored_ms, statement_id) IN (" + keys + ") LIMIT 1 BY statement_id")) {
      byId.put((String) row.get("statement_id"), row);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Candidate c : chosen) {
      Map<String, Object> row = byId.get(c.id());
      if (row != null && (c.referring() || columnsMatch(row, q))) {
        out.add(row);
      }
    }
    return out;
  }

  /** The filters on the statement's own columns (verb, registration, the plain activity) on one row. */
  private static boolean columnsMatch(Map<String, Object> row, StatementQuery q) {
    return (q.verb() == null || q.verb().equals(row.get("verb")))
        && (q.registration() == null || q.registration().equals(row.get("registration")))
        && (q.activity() == null || q.relatedActivities()
            || "Activity".equals(row.get("object_type")) && Objects.equals(q.activity(), row.get("object_id")));
  }

  /** The same filters as SQL on statement_timeline; the query has at least one of them. */
  private static String contentSql(StatementQuery q) {
    List<String> conditions = new ArrayList<>();
    if (q.verb() != null) {
      conditions.add("verb = " + ClickHouseQueries.quote(q.verb()));
    }
    if (q.registration() != null) {
      conditions.add("registration = " + ClickHouseQueries.quote(q.registration()));
    }
    if (q.activity() != null && !q.relatedActivities()) {
      conditions.add("object_type = 'Activity' AND object_id = " + ClickHouseQueries.quote(q.activity()));
    }
    return String.join(" AND ", conditions);
  }

  private static long stored(Map<String, Object> row) {
    return Long.parseLong(row.get("stored_ms").toString());
  }
}
