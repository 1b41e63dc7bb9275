package org.learnstream.jobs.replay;

import com.clickhouse.client.api.Client;
import java.util.List;
import java.util.stream.Collectors;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * Puts rebuilt projection tables in place of the live ones with one {@code RENAME TABLE} statement.
 *
 * <p>ClickHouse 18.16 has no {@code EXCHANGE TABLES}, and a materialized view finds its source and its {@code TO}
 * table by name at insert time. So only the data tables move: each live table goes to a backup database and the
 * rebuilt one takes its name. The live database's views stay where they are and, from the swap on, feed from and
 * into the rebuilt tables; the rebuild database keeps only its own views, which then point at nothing and are
 * dropped with it. Readers see either the old or the new table under each name; between the individual renames of
 * the one statement (milliseconds) a name can be briefly missing, and a writer still running against the live
 * database writes into whichever table holds the name at that moment.
 */
public final class ProjectionSwap {

  /**
   * The tables {@code LearnstreamPipeline.project} fills, directly or through materialized views. Dead letters,
   * late events, alerts and the learner directory are not derived from the event log and stay as they are.
   */
  public static final List<String> REBUILT_TABLES =
      List.of("learning_events", "mastery_updates", "mastery_current", "skill_daily", "learner_daily");

  private ProjectionSwap() {}

  /**
   * Moves {@code live.T} to {@code backup.T} and {@code rebuilt.T} to {@code live.T} for every rebuilt table, then
   * drops the rebuild database (its remaining views and empty tables). The backup database keeps the old tables
   * until someone drops it.
   */
  public static void swap(Client client, String live, String rebuilt, String backup) {
    ClickHouseQueries.execute(client, "CREATE DATABASE IF NOT EXISTS " + backup);
    String pairs = REBUILT_TABLES.stream()
        .map(t -> live + "." + t + " TO " + backup + "." + t + ", " + rebuilt + "." + t + " TO " + live + "." + t)
        .collect(Collectors.joining(", "));
    ClickHouseQueries.execute(client, "RENAME TABLE " + pairs);
    ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + rebuilt);
  }
}
