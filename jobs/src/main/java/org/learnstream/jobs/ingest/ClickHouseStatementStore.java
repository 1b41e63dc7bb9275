package org.learnstream.jobs.ingest;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/** Landed statements from ClickHouse {@code learning_events} (column {@code statement_json}). */
public final class ClickHouseStatementStore implements StatementStore {

  private final ObjectMapper json = new ObjectMapper();
  private final Client client;
  private final String table;

  /** @param database the database holding {@code learning_events} */
  public ClickHouseStatementStore(Client client, String database) {
    this.client = client;
    this.table = database + ".learning_events";
  }

  @Override
  public Map<String, JsonNode> statements(String tenant, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, JsonNode> out = new HashMap<>();
    try {
      for (Map<String, Object> row : rows("statement_id, statement_json", tenant, ids)) {
        Object text = row.get("statement_json");
        if (text != null) {
          out.putIfAbsent((String) row.get("statement_id"), json.readTree(text.toString()));
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(table + " holds a statement_json that is not JSON: " + e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      throw new StatementStore.UnavailableException("ClickHouse query on " + table + " failed: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public Set<String> landed(String tenant, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    try {
      rows("statement_id", tenant, ids).forEach(row -> out.add((String) row.get("statement_id")));
    } catch (RuntimeException e) {
      throw new StatementStore.UnavailableException("ClickHouse query on " + table + " failed: " + e.getMessage(), e);
    }
    return out;
  }

  private List<Map<String, Object>> rows(String columns, String tenant, Collection<String> ids) {
    String in = ids.stream().map(ClickHouseQueries::quote).collect(Collectors.joining(","));
    return ClickHouseQueries.rows(client, "SELECT " + columns + " FROM " + table + " WHERE tenant = "
        + ClickHouseQueries.quote(tenant) + " AND statement_id IN (" + in + ") AND isNotNull(statement_json)");
  }

  @Override
  public boolean isVoided(String tenant, String id) {
    String sql = "SELECT count() FROM " + table + " WHERE tenant = " + ClickHouseQueries.quote(tenant)
        + " AND kind = 'VOIDING' AND voided_statement_id = " + ClickHouseQueries.quote(id);
    try {
      return ClickHouseQueries.scalarLong(client, sql) > 0;
    } catch (RuntimeException e) {
      throw new StatementStore.UnavailableException("ClickHouse query on " + table + " failed: " + e.getMessage(), e);
    }
  }
}
