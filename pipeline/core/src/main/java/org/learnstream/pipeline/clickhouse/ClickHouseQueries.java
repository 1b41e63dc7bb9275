package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Small synchronous helpers over client-v2 that work on 18.16 as on current servers: the FORMAT goes into the
 * SQL (18.16 ignores the format header) and results are read from the raw stream.
 * JSONEachRow quotes 64-bit integers: {@link #rows} returns them as strings.
 */
public final class ClickHouseQueries {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 300;
  /**
   * Server settings for an INSERT ... SELECT of wide rows (statement JSON): blocks of at most 64k rows or 64 MiB,
   * where the default blocks of a million rows exceed the 1 GiB a query may use on the private servers.
   */
  public static final Map<String, String> SMALL_INSERT_BLOCKS = Map.of("min_insert_block_size_rows", "65536",
      "min_insert_block_size_bytes", "67108864");

  private ClickHouseQueries() {
  }

  /** Runs a statement that returns nothing (DDL, INSERT ... VALUES). */
  public static void execute(Client client, String sql) {
    try (var response = await(client.execute(sql), sql)) {
      response.getWrittenRows(); // nothing to read: the call returns once the server has answered
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  /** Runs a statement that returns nothing with server settings for this statement only. */
  public static void execute(Client client, String sql, Map<String, String> serverSettings) {
    com.clickhouse.client.api.command.CommandSettings settings = new com.clickhouse.client.api.command.CommandSettings();
    serverSettings.forEach(settings::serverSetting);
    try (var response = await(client.execute(sql, settings), sql)) {
      response.getWrittenRows(); // nothing to read: the call returns once the server has answered
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  /** Rows of a SELECT as column -> value maps; appends FORMAT JSONEachRow when the SQL has no FORMAT clause. */
  public static List<Map<String, Object>> rows(Client client, String sql) {
    String query = hasFormat(sql) ? sql : sql + " FORMAT JSONEachRow";
    try (QueryResponse response = await(client.query(query), query);
        InputStream in = response.getInputStream();
        MappingIterator<LinkedHashMap<String, Object>> it = JSON
            .readerFor(new TypeReference<LinkedHashMap<String, Object>>() {
            }).readValues(in)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      while (it.hasNext()) {
        rows.add(it.next());
      }
      return rows;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the result of: " + query + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  /** The raw text result, e.g. for {@code FORMAT TabSeparated}. */
  public static String text(Client client, String sql) {
    try (QueryResponse response = await(client.query(sql), sql); InputStream in = response.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the result of: " + sql + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  /** A single numeric value, e.g. {@code SELECT count() FROM db.t}. */
  public static long scalarLong(Client client, String sql) {
    String result = text(client, sql + " FORMAT TabSeparated").strip();
    try {
      return Long.parseLong(result);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("Expected one integer from: " + sql + ", got: " + result, e);
    }
  }

  /** Row count of a table given as {@code db.table}. */
  public static long count(Client client, String qualifiedTable) {
    return scalarLong(client, "SELECT count() FROM " + qualifiedTable);
  }

  /** Row count after deduplication by the table's ReplacingMergeTree key. */
  public static long countFinal(Client client, String qualifiedTable) {
    return scalarLong(client, "SELECT count() FROM " + qualifiedTable + " FINAL");
  }

  /** A single-quoted SQL string literal. */
  public static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** {@code ('a', 'b')}: the values quoted, as the right side of IN. */
  public static String inList(Collection<String> values) {
    return values.stream().map(ClickHouseQueries::quote).collect(Collectors.joining(", ", "(", ")"));
  }

  private static boolean hasFormat(String sql) {
    return sql.toUpperCase(java.util.Locale.ROOT).matches("(?s).*\\bFORMAT\\s+[A-Z]+\\s*;?\\s*$");
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String sql) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running: " + sql, e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("No answer from ClickHouse within " + TIMEOUT_SECONDS + " s to: " + sql, e);
    }
  }

  private static RuntimeException rethrow(Throwable e) {
    if (e instanceof ExecutionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }
}
