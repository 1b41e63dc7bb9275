package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import org.learnstream.pipeline.deadletter.DeadLetterSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buffers rows in RowBinary and inserts them into one table in large batches (knows nothing of Flink).
 * <ul>
 *   <li>Retriable failures (server down, timeouts, too many parts, memory) are retried without end, with
 *       exponential backoff, jitter and a capped delay, each retry logged: an outage stalls the caller
 *       (backpressure) and nothing is dropped.</li>
 *   <li>A batch refused for its data is split in halves until the refused rows are isolated; those go to the
 *       {@link DeadLetterSink} with the server's reason, all others land.</li>
 *   <li>A setup error (unknown table, credentials) throws {@link ClickHouseWriteException}.</li>
 * </ul>
 * At-least-once: a retried insert may have landed before its connection broke; the tables' ReplacingMergeTree
 * keys make such repeats collapse. Not thread-safe.
 */
public final class ClickHouseWriter<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseWriter.class);

    private final Client client;
    private final String qualifiedTable;
    private final List<String> quotedColumns;
    private final RowEncoder<T> encoder;
    private final WriterSettings settings;
    private final RowDeadLetters<T> deadLetters;
    private final RetryPolicy<Object> retryPolicy;
    private final RowBinaryOutput buffer;
    private final List<T> rows = new ArrayList<>();
    private final List<Integer> rowEnds = new ArrayList<>();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private Boolean deduplicationToken;
    private final AtomicLong deadLettered = new AtomicLong();

    public ClickHouseWriter(Client client, String database, RowEncoder<T> encoder, WriterSettings settings,
                            DeadLetterSink deadLetterSink) {
        SchemaMigrations.requireIdentifier(database);
        this.client = client;
        this.qualifiedTable = database + "." + encoder.table();
        this.quotedColumns = encoder.columns().stream().map(c -> "`" + c + "`").toList();
        this.encoder = encoder;
        this.settings = settings;
        this.deadLetters = new RowDeadLetters<>(encoder, qualifiedTable, deadLetterSink);
        this.buffer = new RowBinaryOutput(Math.min(settings.batchBytes(), 1 << 20));
        this.retryPolicy = RetryPolicy.builder()
                .handleIf(e -> ClickHouseErrors.classify(e) == ClickHouseErrors.Kind.RETRIABLE)
                .withBackoff(settings.initialBackoff(), settings.maxBackoff())
                .withJitter(settings.jitter())
                .withMaxRetries(-1)
                .onRetry(event -> {
                    retries.incrementAndGet();
                    LOG.warn("Insert into {} failed (attempt {}), retrying: {}", qualifiedTable,
                            event.getAttemptCount(), String.valueOf(event.getLastException()));
                })
                .build();
    }

    /** Buffers one row; inserts the buffer when it reaches the batch size in rows or bytes. */
    public void write(T row) {
        int start = buffer.size();
        try {
            encoder.write(row, buffer);
        } catch (RuntimeException e) {
            buffer.truncate(start);
            deadLetters.send(row, "clickhouse.encode", "Cannot encode the row for " + qualifiedTable + ": " + e.getMessage());
            deadLettered.incrementAndGet();
            return;
        }
        rows.add(row);
        rowEnds.add(buffer.size());
        if (rows.size() >= settings.batchRows() || buffer.size() >= settings.batchBytes()) {
            flush();
        }
    }

    /** Inserts everything buffered; returns once every row has landed or been dead-lettered. */
    public void flush() {
        if (rows.isEmpty()) {
            return;
        }
        insertRange(0, rows.size());
        rows.clear();
        rowEnds.clear();
        buffer.clear();
    }

    public int bufferedRows() {
        return rows.size();
    }

    public String table() {
        return qualifiedTable;
    }

    /** Rows inserted so far (a retried insert counts once). */
    public long rowsWritten() {
        return rowsWritten.get();
    }

    /** Successful INSERT requests so far. */
    public long inserts() {
        return inserts.get();
    }

    /** Retries after retriable failures so far. */
    public long retries() {
        return retries.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Drops what is buffered without inserting it (call {@link #flush()} first to keep it). */
    @Override
    public void close() {
        rows.clear();
        rowEnds.clear();
        buffer.clear();
    }

    private void insertRange(int from, int to) {
        RuntimeException refused = insertWithRetries(from, to);
        if (refused == null) {
            return;
        }
        if (to - from == 1) {
            deadLetters.send(rows.get(from), "clickhouse.rejected", "ClickHouse refused the row for " + qualifiedTable
                    + " (code " + ClickHouseErrors.code(refused) + "): " + refused.getMessage());
            deadLettered.incrementAndGet();
            return;
        }
        if (from == 0 && to == rows.size()) {
            LOG.warn("ClickHouse refused a batch of {} rows for {} ({}); isolating the refused rows",
                    to - from, qualifiedTable, refused.getMessage());
        }
        int mid = (from + to) >>> 1;
        insertRange(from, mid);
        insertRange(mid, to);
    }

    /** Null when the rows landed; the error when ClickHouse refused them for their data. */
    private RuntimeException insertWithRetries(int from, int to) {
        try {
            Failsafe.with(retryPolicy).run(() -> insertOnce(from, to));
            rowsWritten.addAndGet(to - from);
            inserts.incrementAndGet();
            return null;
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ClickHouseWriteException("Insert into " + qualifiedTable + " interrupted", e);
        } catch (RuntimeException e) {
            if (ClickHouseErrors.classify(e) == ClickHouseErrors.Kind.DATA) {
                return e;
            }
            throw new ClickHouseWriteException("Insert into " + qualifiedTable + " failed and retrying will not help: "
                    + e.getMessage() + ". Check that the table exists (run the schema migrations, e.g. "
                    + "`learnstream migrate`) and that the user may insert into it.", e);
        }
    }

    /** Asked once per writer; while the server cannot be reached the token is left out and the question repeated. */
    private boolean supportsDeduplicationToken() {
        if (deduplicationToken == null) {
            deduplicationToken = InsertDeduplication.detect(client);
        }
        return Boolean.TRUE.equals(deduplicationToken);
    }

    private void insertOnce(int from, int to) {
        int start = from == 0 ? 0 : rowEnds.get(from - 1);
        int end = rowEnds.get(to - 1);
        ByteArrayInputStream data = new ByteArrayInputStream(buffer.array(), start, end - start);
        InsertSettings insertSettings = new InsertSettings();
        if (supportsDeduplicationToken()) {
            insertSettings.serverSetting("insert_deduplication_token",
                    InsertDeduplication.token(qualifiedTable, buffer.array(), start, end - start));
        }
        try (InsertResponse ignored = client.insert(qualifiedTable, quotedColumns, data, ClickHouseFormat.RowBinary,
                insertSettings).get(10, TimeUnit.MINUTES)) {
            // landed
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new ClickHouseWriteException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ClickHouseWriteException("Insert into " + qualifiedTable + " took longer than 10 minutes",
                    new java.io.InterruptedIOException(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseWriteException("Insert into " + qualifiedTable + " interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ClickHouseWriteException(e.getMessage(), e);
        }
    }
}
