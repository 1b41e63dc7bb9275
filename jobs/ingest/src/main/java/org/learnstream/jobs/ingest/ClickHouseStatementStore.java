package org.learnstream.jobs.ingest;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ErasedStatements;

/**
 * Landed statements from ClickHouse: the tables that views keep from {@code learning_events} for these reads
 * ({@code statement_ids} by id, {@code statement_refs} by the statement a StatementRef names, {@code
 * statement_keys} by filter value, {@code statement_agents} by agent, {@code statement_first} where a tenant's
 * statements begin, {@code statement_timeline} in stored order with the JSON; see migrations V072 and V080).
 */
public final class ClickHouseStatementStore implements StatementStore {

  private final ObjectMapper json = new ObjectMapper();
  private final Client client;
  private final String ids;
  private final String refs;
  private final String firstStored;
  private final String table;
  private final IndexedStatementBatches indexed;
  private final String deadLetters;
  private final String database;
  /** How many batches one page may read past statements the JSON filters refuse before it is answered short. */
  private static final int MAX_BATCHES_PER_PAGE = 20;

  /** @param database the database holding the statement tables */
  public ClickHouseStatementStore(Client client, String database) {
    this.client = client;
    this.ids = database + ".statement_ids";
    this.refs = database + ".statement_refs";
    this.firstStored = database + ".statement_first";
    this.table = database + ".statement_timeline";
    this.indexed = new IndexedStatementBatches(client, database);
    this.deadLetters = database + ".dead_letters";
    this.database = database;
  }

  @Override
  public Map<String, JsonNode> statements(String tenant, Collection<String> ids) {
    Map<String, JsonNode> out = new HashMap<>();
    for (Map<String, Object> row : rows("statement_id, statement_json", tenant, ids)) {
      out.putIfAbsent((String) row.get("statement_id"), parse(row.get("statement_json")));
    }
    return out;
  }

  @Override
  public Set<String> landed(String tenant, Collection<String> ids) {
    Set<String> out = new HashSet<>();
    rows("statement_id", tenant, ids).forEach(row -> out.add((String) row.get("statement_id")));
    return out;
  }

  /** One read for both when there are unknown ids: their stored statements, then the erased ids as rows without text. */
  @Override
  public KnownIds known(String tenant, Collection<String> unknown, Collection<String> clientIds) {
    if (unknown.isEmpty() || clientIds.isEmpty()) {
      return new KnownIds(statements(tenant, unknown), erased(tenant, clientIds));
    }
    Map<String, JsonNode> stored = new HashMap<>();
    Set<String> erased = new HashSet<>();
    try {
      for (Map<String, Object> row : ClickHouseQueries.rows(client, timelineQuery("statement_id, statement_json, "
          + "0 AS erased", tenant, unknown) + " UNION ALL " + ErasedStatements.amongQuery(database, tenant, clientIds,
              "statement_id, '' AS statement_json, 1 AS erased"))) {
        String id = (String) row.get("statement_id");
        if ("1".equals(String.valueOf(row.get("erased")))) {
          erased.add(id);
        } else {
          stored.putIfAbsent(id, parse(row.get("statement_json")));
        }
      }
    } catch (RuntimeException e) {
      throw unavailable(table + " and " + database + "." + ErasedStatements.TABLE, e);
    }
    return new KnownIds(stored, erased);
  }

  @Override
  public Set<String> erased(String tenant, Collection<String> wanted) {
    if (wanted.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    try {
      ClickHouseQueries.rows(client, ErasedStatements.amongQuery(database, tenant, wanted))
          .forEach(row -> out.add((String) row.get("statement_id")));
    } catch (RuntimeException e) {
      throw unavailable(database + "." + ErasedStatements.TABLE, e);
    }
    return out;
  }

  /** Looks for the ids in the payloads of the tenant's dead letters (the statement as the pipeline read it). */
  @Override
  public Set<String> deadLettered(String tenant, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    String anyId = ids.stream().map(id -> "position(payload, " + ClickHouseQueries.quote(id) + ") > 0")
        .collect(Collectors.joining(" OR "));
    Set<String> out = new HashSet<>();
    try {
      for (Map<String, Object> row : ClickHouseQueries.rows(client, "SELECT payload FROM " + deadLetters
          + " WHERE tenant = " + ClickHouseQueries.quote(tenant) + " AND (" + anyId + ")")) {
        String payload = String.valueOf(row.get("payload"));
        ids.stream().filter(payload::contains).forEach(out::add);
      }
    } catch (RuntimeException e) {
      throw unavailable(deadLetters, e);
    }
    return out;
  }

  /**
   * Pages by (stored_ms, statement_id) from the query's cursor. A query with a registration, agent, plain activity or
   * verb filter reads its batches through the ordered table of that value ({@link IndexedStatementBatches}); any other
   * reads statement_timeline. The agent and the related forms are checked on each statement's JSON, reading further
   * batches until the page is full or the table exhausted. Each batch is found in two steps, as ClickHouse 18.16 reads
   * every row a WHERE lets through before it sorts: the stored time of the batch's last statement from the narrow
   * columns of growing time windows (the newest hour first; ascending, from the tenant's first statement), then the
   * batch's statements, JSON included, from that time on.
   */
  @Override
  public StatementPage query(String tenant, StatementQuery query) {
    List<JsonNode> page = new ArrayList<>(Math.min(query.limit(), 100));
    String cursor = query.cursor();
    StatementIndex index = StatementIndex.of(query);
    // statements the JSON filters may refuse: read ahead, so that a page seldom needs a second batch
    boolean jsonFiltered = query.agentIdentifier() != null || query.activity() != null && query.relatedActivities();
    int batch = jsonFiltered ? Math.max(100, query.limit() * 2) : query.limit();
    try {
      Long first = query.ascending() && cursor == null && query.sinceMillis() == null ? firstStored(tenant) : null;
      for (int round = 0; round < MAX_BATCHES_PER_PAGE; round++) {
        String from = cursor;
        StatementWindows.Batch found = StatementWindows.find(query, from, batch, System.currentTimeMillis(), first,
            index == null ? StatementWindows.WIDTHS_MS : StatementWindows.INDEXED_WIDTHS_MS, window -> index == null
                ? boundOf(tenant, query, from, window, batch)
                : indexed.bound(tenant, query, index, from, window, batch));
        if (found.count() == 0) {
          return new StatementPage(page, "");
        }
        IndexedStatementBatches.Batch rows = index == null
            ? timelineBatch(tenant, query, cursor, found, batch)
            : indexed.next(tenant, query, index, cursor, found.rest(), found.count(), batch);
        for (Map<String, Object> row : rows.rows()) {
          long stored = Long.parseLong(row.get("stored_ms").toString());
          String id = (String) row.get("statement_id");
          JsonNode statement = parse(row.get("statement_json"));
          if (StatementFilter.matches(statement, query)) {
            page.add(statement);
            if (page.size() == query.limit()) {
              return new StatementPage(page, query.moreLink(stored, id));
            }
          }
        }
        cursor = rows.last();
        if (rows.exhausted()) {
          return new StatementPage(page, "");
        }
      }
    } catch (RuntimeException e) {
      throw unavailable(table, e);
    }
    // a long run of statements the JSON filters refuse: a short page, and the link goes on from there
    String[] at = cursor.split("_", 2);
    return new StatementPage(page, query.moreLink(Long.parseLong(at[0]), at[1]));
  }

  /** The stored time of the tenant's first statement, where an ascending page without since starts looking. */
  private Long firstStored(String tenant) {
    long first = ClickHouseQueries.scalarLong(client, "SELECT minMerge(first_stored_ms) FROM " + firstStored
        + " WHERE tenant = " + ClickHouseQueries.quote(tenant));
    return first > 0 ? first : null;
  }

  /** A batch of a query no index narrows, straight from statement_timeline. */
  private IndexedStatementBatches.Batch timelineBatch(String tenant, StatementQuery q, String cursor,
      StatementWindows.Batch found, int batch) {
    List<Map<String, Object>> rows = ClickHouseQueries.rows(client, querySql(tenant, q, cursor, found.rest(), batch));
    if (rows.isEmpty()) {
      return new IndexedStatementBatches.Batch(rows, cursor, true);
    }
    Map<String, Object> last = rows.get(rows.size() - 1);
    return new IndexedStatementBatches.Batch(rows, last.get("stored_ms") + "_" + last.get("statement_id"),
        found.count() < batch && rows.size() < batch);
  }

  /** How many statements (at most {@code batch}) match in {@code window}, and the stored time of the last of them. */
  private StatementWindows.Bound boundOf(String tenant, StatementQuery q, String cursor, StatementWindows.Window window,
      int batch) {
    String order = q.ascending() ? "ASC" : "DESC";
    Map<String, Object> row = ClickHouseQueries.rows(client, "SELECT count() AS n, " + (q.ascending() ? "max" : "min")
        + "(stored_ms) AS bound FROM (SELECT stored_ms FROM " + table + " WHERE " + where(tenant, q, cursor, window)
        + " ORDER BY stored_ms " + order + " LIMIT " + batch + ")").get(0);
    return new StatementWindows.Bound(Long.parseLong(row.get("n").toString()),
        Long.parseLong(row.get("bound").toString()));
  }

  private String querySql(String tenant, StatementQuery q, String cursor, StatementWindows.Window window, int batch) {
    String order = q.ascending() ? "ASC" : "DESC";
    // LIMIT 1 BY: a statement written twice (a replayed batch) before the table's merge is one statement
    return "SELECT statement_id, stored_ms, statement_json FROM " + table + " WHERE " + where(tenant, q, cursor, window)
        + " ORDER BY stored_ms " + order + ", statement_id " + order + " LIMIT 1 BY statement_id LIMIT " + batch;
  }

  private String where(String tenant, StatementQuery q, String cursor, StatementWindows.Window window) {
    String t = ClickHouseQueries.quote(tenant);
    return "tenant = " + t + window.sql("stored_ms") + StatementConditions.of(t, q, cursor, refs);
  }

  /** The (stored_ms, statement_id) keys in the timeline of the statements among {@code inList} ({@code ('a', ...)}). */
  private String keysOf(String quotedTenant, String inList) {
    return "SELECT stored_ms, statement_id FROM " + ids + " WHERE tenant = " + quotedTenant + " AND statement_id IN "
        + inList;
  }

  private static StatementStore.UnavailableException unavailable(String queried, RuntimeException e) {
    return new StatementStore.UnavailableException("ClickHouse query on " + queried + " failed: " + e.getMessage(), e);
  }

  /** The columns of the tenant's landed statements among {@code ids}. */
  private List<Map<String, Object>> rows(String columns, String tenant, Collection<String> wanted) {
    if (wanted.isEmpty()) {
      return List.of();
    }
    try {
      if (!columns.contains("statement_json")) {
        return ClickHouseQueries.rows(client, "SELECT DISTINCT " + columns + " FROM " + this.ids + " WHERE tenant = "
            + ClickHouseQueries.quote(tenant) + " AND statement_id IN " + ClickHouseQueries.inList(wanted));
      }
      return ClickHouseQueries.rows(client, timelineQuery(columns, tenant, wanted));
    } catch (RuntimeException e) {
      throw unavailable(table, e);
    }
  }

  /** The query of {@code columns} of the timeline's rows of the tenant's statements among {@code wanted}. */
  private String timelineQuery(String columns, String tenant, Collection<String> wanted) {
    String t = ClickHouseQueries.quote(tenant);
    // the key of each statement's row in the timeline first, so that only the granules holding them are read
    return "SELECT " + columns + " FROM " + table + " WHERE tenant = " + t + " AND (stored_ms, statement_id) IN ("
        + keysOf(t, ClickHouseQueries.inList(wanted)) + ")";
  }

  private JsonNode parse(Object statementJson) {
    try {
      return json.readTree(statementJson.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(table + " holds a statement_json that is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public Set<String> voided(String tenant, Collection<String> wanted) {
    if (wanted.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    try {
      ClickHouseQueries.rows(client, "SELECT DISTINCT target_id FROM (" + StatementConditions.voidedIdsAmong(
          ClickHouseQueries.quote(tenant), refs, ClickHouseQueries.inList(wanted)) + ")")
          .forEach(row -> out.add((String) row.get("target_id")));
    } catch (RuntimeException e) {
      throw unavailable(refs, e);
    }
    return out;
  }

  @Override
  public boolean isVoided(String tenant, String id) {
    String sql = "SELECT count() FROM (" + StatementConditions.voidedIdsAmong(ClickHouseQueries.quote(tenant), refs,
        ClickHouseQueries.inList(List.of(id))) + ")";
    try {
      return ClickHouseQueries.scalarLong(client, sql) > 0;
    } catch (RuntimeException e) {
      throw unavailable(refs, e);
    }
  }
}
