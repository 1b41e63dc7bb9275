package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.learnstream.pipeline.deadletter.DeadLetterSink;

/**
 * Buffers rows in RowBinary and inserts them into one table in large batches (knows nothing of Flink).
 * <ul>
 *   <li>A full batch is inserted on a background thread while the caller fills the next one, so encoding and
 *       ClickHouse's work overlap; at most one batch is in flight, so a slow or absent server stalls the caller
 *       (backpressure) at the next full batch. {@link #flush()} returns only when everything has landed.</li>
 *   <li>Retriable failures (server down, timeouts, too many parts, memory) are retried without end, with
 *       exponential backoff, jitter and a capped delay, each retry logged: nothing is dropped.</li>
 *   <li>A batch refused for its data is split in halves until the refused rows are isolated; those go to the
 *       {@link DeadLetterSink} with the server's reason, all others land.</li>
 *   <li>A setup error (unknown table, credentials) throws {@link ClickHouseWriteException}, at the latest from the
 *       next {@link #write} or {@link #flush()}.</li>
 * </ul>
 * At-least-once: a retried insert may have landed before its connection broke; the tables' ReplacingMergeTree
 * keys make such repeats collapse. Called from one thread.
 */
public final class ClickHouseWriter<T> implements AutoCloseable {

  private final String qualifiedTable;
  private final RowEncoder<T> encoder;
  private final WriterSettings settings;
  private final RowDeadLetters<T> deadLetters;
  private final BatchInserter<T> inserter;
  private final ExecutorService background;
  private final AtomicLong deadLettered = new AtomicLong();
  private RowBatch<T> filling;
  private RowBatch<T> spare;
  private RowBatch<T> inFlightBatch;
  private Future<List<BatchInserter.Refusal<T>>> inFlight;
  private volatile LongConsumer insertNanos = nanos -> {
  };

  public ClickHouseWriter(Client client, String database, RowEncoder<T> encoder, WriterSettings settings,
      DeadLetterSink deadLetterSink) {
    SchemaMigrations.requireIdentifier(database);
    this.qualifiedTable = database + "." + encoder.table();
    this.encoder = encoder;
    this.settings = settings;
    this.deadLetters = new RowDeadLetters<>(encoder, qualifiedTable, deadLetterSink);
    this.inserter = new BatchInserter<>(client, qualifiedTable,
        encoder.columns().stream().map(c -> "`" + c + "`").toList(), settings);
    this.filling = newBatch();
    this.background = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "clickhouse-insert " + qualifiedTable);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Buffers one row; hands the buffer to the inserting thread when it reaches the batch size in rows or bytes. */
  public void write(T row) {
    int start = filling.buffer.size();
    try {
      encoder.write(row, filling.buffer);
    } catch (RuntimeException e) {
      filling.buffer.truncate(start);
      deadLetter(row, "clickhouse.encode", "Cannot encode the row for " + qualifiedTable + ": " + e.getMessage());
      return;
    }
    filling.add(row);
    if (filling.size() >= settings.batchRows() || filling.buffer.size() >= settings.batchBytes()) {
      dispatch();
    }
  }

  /** Hands the buffered rows to the inserting thread without waiting for them to land (a partial batch). */
  public void send() {
    if (!filling.isEmpty()) {
      dispatch();
    }
  }

  /** Inserts everything buffered; returns once every row has landed or been dead-lettered. */
  public void flush() {
    if (!filling.isEmpty()) {
      dispatch();
    }
    awaitInFlight();
  }

  public String table() {
    return qualifiedTable;
  }

  /** Rows inserted so far (a retried insert counts once). */
  public long rowsWritten() {
    return inserter.rowsWritten();
  }

  /** Successful INSERT requests so far. */
  public long inserts() {
    return inserter.inserts();
  }

  /** Tells {@code observer} how long each batch took to land, retries included (called on the inserting thread). */
  public void timeInserts(LongConsumer observer) {
    this.insertNanos = observer;
  }

  /** Retries after retriable failures so far. */
  public long retries() {
    return inserter.retries();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  /** Drops what is buffered without inserting it and abandons an insert in flight (call {@link #flush()} first). */
  @Override
  public void close() {
    if (inFlight != null) {
      inFlight.cancel(true);
      inFlight = null;
    }
    background.shutdownNow();
    filling.clear();
  }

  private void dispatch() {
    awaitInFlight();
    RowBatch<T> batch = filling;
    filling = spare == null ? newBatch() : spare;
    spare = null;
    inFlightBatch = batch;
    inFlight = background.submit(() -> {
      long start = System.nanoTime();
      List<BatchInserter.Refusal<T>> refused = inserter.insert(batch);
      insertNanos.accept(System.nanoTime() - start);
      return refused;
    });
  }

  /** Waits for the batch in flight; its refused rows go to dead letters from this thread. */
  private void awaitInFlight() {
    if (inFlight == null) {
      return;
    }
    List<BatchInserter.Refusal<T>> refused;
    try {
      refused = inFlight.get();
    } catch (InterruptedException e) {
      inFlight.cancel(true);
      Thread.currentThread().interrupt();
      throw new ClickHouseWriteException("Insert into " + qualifiedTable + " interrupted", e);
    } catch (ExecutionException e) {
      inFlight = null;
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new ClickHouseWriteException(String.valueOf(e.getCause().getMessage()), e.getCause());
    }
    for (BatchInserter.Refusal<T> r : refused) {
      deadLetter(r.row(), "clickhouse.rejected", r.reason());
    }
    inFlight = null;
    inFlightBatch.clear();
    spare = inFlightBatch;
    inFlightBatch = null;
  }

  private void deadLetter(T row, String rule, String reason) {
    deadLetters.send(row, rule, reason);
    deadLettered.incrementAndGet();
  }

  private RowBatch<T> newBatch() {
    return new RowBatch<>(Math.min(settings.batchBytes(), 1 << 20));
  }
}
