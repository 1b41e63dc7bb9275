package org.learnstream.jobs.replay;

import com.clickhouse.client.api.Client;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.ProjectionTables;
import org.learnstream.pipeline.clickhouse.ProjectionTables.Projection;

/**
 * Puts rebuilt projection tables ({@link ProjectionTables#FROM_EVENT_LOG}) in place of the live ones with one
 * {@code RENAME TABLE} statement: each live table goes to a backup database and the rebuilt one takes its name.
 *
 * <p>ClickHouse 18.16 has no {@code EXCHANGE TABLES}, and versions bind a materialized view to its source
 * differently: 18.16 looks the source up by name at insert time, while current releases keep view dependencies by
 * table identity in Atomic databases, so a view left in place may follow its source into the backup. Hence the live
 * database's views are dropped before the renames and created again from their own definitions after them, which
 * binds them by name to the rebuilt tables on every version. The pipeline is stopped during a replay, so no insert
 * falls between the drop and the new view. Readers see either the old or the new table under each name; between
 * the individual renames of the one statement (milliseconds) a name can be briefly missing.
 */
public final class ProjectionSwap {

  private ProjectionSwap() {
  }

  /**
   * Moves {@code live.T} to {@code backup.T} and {@code rebuilt.T} to {@code live.T} for every rebuilt table, binds
   * the live views to the moved-in tables, then drops the rebuild database. The backup database keeps the old
   * tables (without views) until someone drops it.
   */
  public static void swap(Client client, String live, String rebuilt, String backup) {
    Map<String, String> liveViews = viewDefinitions(client, live);
    ClickHouseQueries.execute(client, "CREATE DATABASE IF NOT EXISTS " + backup);
    dropViews(client, rebuilt);
    dropViews(client, live);
    String pairs = ProjectionTables.FROM_EVENT_LOG.stream().map(Projection::table)
        .map(t -> live + "." + t + " TO " + backup + "." + t + ", " + rebuilt + "." + t + " TO " + live + "." + t)
        .collect(Collectors.joining(", "));
    try {
      ClickHouseQueries.execute(client, "RENAME TABLE " + pairs);
    } finally {
      // also after a failed rename: the live tables keep being fed as before
      liveViews.values().forEach(definition -> ClickHouseQueries.execute(client, definition));
    }
    ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + rebuilt);
  }

  /** {@code CREATE MATERIALIZED VIEW} statements of the views in {@code database}, by view name. */
  private static Map<String, String> viewDefinitions(Client client, String database) {
    Map<String, String> definitions = new LinkedHashMap<>();
    for (Projection p : ProjectionTables.viewFed()) {
      definitions.put(p.view(), ClickHouseQueries.text(client,
          "SHOW CREATE TABLE " + database + "." + p.view() + " FORMAT TabSeparatedRaw").strip());
    }
    return definitions;
  }

  private static void dropViews(Client client, String database) {
    for (Projection p : ProjectionTables.viewFed()) {
      ClickHouseQueries.execute(client, "DROP TABLE IF EXISTS " + database + "." + p.view());
    }
  }
}
