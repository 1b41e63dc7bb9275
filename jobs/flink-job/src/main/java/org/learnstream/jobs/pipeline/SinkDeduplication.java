package org.learnstream.jobs.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.learnstream.jobs.pipeline.PipelineOutput.Table;
import org.learnstream.pipeline.clickhouse.DeduplicationWindow;
import org.learnstream.pipeline.clickhouse.ProjectionTables;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;

/**
 * The insert deduplication window on every table the pipeline's sinks write with a token ({@link PipelineOutputs}),
 * so a retried batch is dropped at insert time on servers that understand the token, and on every table a view fills
 * from one of them ({@link ProjectionTables}): on 26.x a view still passes the repeat on, and its target drops it only
 * with a window of its own (tried). Run after the migrations.
 */
public final class SinkDeduplication {

  private SinkDeduplication() {
  }

  /** The sinks' tables, each once, then the tables views fill from them. */
  public static List<String> tables() {
    List<String> tables = new ArrayList<>(PipelineOutputs.tables().stream().map(Table::table).distinct().toList());
    // declared so that every view's source comes before it, which also reaches a view on a view-fed table
    for (ProjectionTables.Projection view : ProjectionTables.viewFed()) {
      if (tables.contains(view.source()) && !tables.contains(view.table())) {
        tables.add(view.table());
      }
    }
    return List.copyOf(tables);
  }

  public static DeduplicationWindow.Outcome apply(SchoolDatabase.Sql sql, String database) {
    return DeduplicationWindow.apply(sql, database, tables());
  }
}
