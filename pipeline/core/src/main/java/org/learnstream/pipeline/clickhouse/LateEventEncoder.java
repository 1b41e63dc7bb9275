package org.learnstream.pipeline.clickhouse;

import org.learnstream.schemas.LearningEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link LearningEvent} that reached the mastery job too late -> {@code late_events}. The row is the event's
 * {@code learning_events} row plus {@code arrived_at}, which is the event's {@code stored} time (when the pipeline
 * took it in): a wall-clock time here would move the row to another partition on every replay, and the same log
 * must give the same rows.
 */
public final class LateEventEncoder implements RowEncoder<LearningEvent> {

  private static final LearningEventEncoder EVENT = new LearningEventEncoder();
  private static final List<String> COLUMNS;

  static {
    List<String> columns = new ArrayList<>(EVENT.columns());
    columns.add("arrived_at");
    COLUMNS = List.copyOf(columns);
  }

  @Override
  public String table() {
    return "late_events";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void write(LearningEvent e, RowBinaryOutput out) {
    EVENT.write(e, out);
    out.dateTime(e.getStored());
  }

  @Override
  public String tenant(LearningEvent row) {
    return row.getTenant();
  }
}
