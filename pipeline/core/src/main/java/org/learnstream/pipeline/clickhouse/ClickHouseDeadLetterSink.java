package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import org.learnstream.pipeline.deadletter.DeadLetterSink;
import org.learnstream.pipeline.deadletter.LoggingDeadLetterSink;
import org.learnstream.schemas.DeadLetter;

/**
 * Dead letters into the {@code dead_letters} table, buffered like any other rows; call {@link #flush()} when the
 * rows they came with are flushed. A dead letter ClickHouse itself refuses is logged.
 */
public final class ClickHouseDeadLetterSink implements DeadLetterSink, AutoCloseable {

  private final ClickHouseWriter<DeadLetter> writer;

  public ClickHouseDeadLetterSink(Client client, String database, WriterSettings settings) {
    this.writer = new ClickHouseWriter<>(client, database, new DeadLetterEncoder(), settings,
        new LoggingDeadLetterSink());
  }

  @Override
  public void send(DeadLetter deadLetter) {
    writer.write(deadLetter);
  }

  public void flush() {
    writer.flush();
  }

  public long rowsWritten() {
    return writer.rowsWritten();
  }

  @Override
  public void close() {
    writer.close();
  }
}
