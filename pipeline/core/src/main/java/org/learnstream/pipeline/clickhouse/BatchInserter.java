package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts one {@link RowBatch} into one table: retriable failures are retried without end (backoff, jitter, capped
 * delay), a batch refused for its data is split in halves until the refused rows are isolated, and those are
 * returned with the server's reason while all others land. A setup error throws {@link ClickHouseWriteException}.
 */
final class BatchInserter<T> {

  private static final Logger LOG = LoggerFactory.getLogger(BatchInserter.class);

  /** A row ClickHouse refused for its data, and why. */
  record Refusal<T>(T row, String reason) {
  }

  private final Client client;
  private final String qualifiedTable;
  private final List<String> quotedColumns;
  private final RetryPolicy<Object> retryPolicy;
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong inserts = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile Boolean deduplicationToken;

  BatchInserter(Client client, String qualifiedTable, List<String> quotedColumns, WriterSettings settings) {
    this.client = client;
    this.qualifiedTable = qualifiedTable;
    this.quotedColumns = quotedColumns;
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

  /** Inserts every row of {@code batch}; returns the rows refused for their data (all others landed). */
  List<Refusal<T>> insert(RowBatch<T> batch) {
    List<Refusal<T>> refused = new ArrayList<>();
    insertRange(batch, 0, batch.size(), refused);
    return refused;
  }

  long rowsWritten() {
    return rowsWritten.get();
  }

  long inserts() {
    return inserts.get();
  }

  long retries() {
    return retries.get();
  }

  private void insertRange(RowBatch<T> batch, int from, int to, List<Refusal<T>> refusedRows) {
    RuntimeException refused = insertWithRetries(batch, from, to);
    if (refused == null) {
      return;
    }
    if (to - from == 1) {
      refusedRows.add(new Refusal<>(batch.rows.get(from), "ClickHouse refused the row for " + qualifiedTable
          + " (code " + ClickHouseErrors.code(refused) + "): " + refused.getMessage()));
      return;
    }
    if (from == 0 && to == batch.size()) {
      LOG.warn("ClickHouse refused a batch of {} rows for {} ({}); isolating the refused rows",
          to - from, qualifiedTable, refused.getMessage());
    }
    int mid = (from + to) >>> 1;
    insertRange(batch, from, mid, refusedRows);
    insertRange(batch, mid, to, refusedRows);
  }

  /** Null when the rows landed; the error when ClickHouse refused them for their data. */
  private RuntimeException insertWithRetries(RowBatch<T> batch, int from, int to) {
    try {
      Failsafe.with(retryPolicy).run(() -> insertOnce(batch, from, to));
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

  /** Asked once per table writer; while the server cannot be reached the token is left out and the question repeated. */
  private boolean supportsDeduplicationToken() {
    if (deduplicationToken == null) {
      deduplicationToken = InsertDeduplication.detect(client);
    }
    return Boolean.TRUE.equals(deduplicationToken);
  }

  private void insertOnce(RowBatch<T> batch, int from, int to) {
    int start = batch.offset(from);
    int end = batch.offset(to);
    ByteArrayInputStream data = new ByteArrayInputStream(batch.buffer.array(), start, end - start);
    InsertSettings insertSettings = new InsertSettings();
    if (supportsDeduplicationToken()) {
      insertSettings.serverSetting("insert_deduplication_token",
          InsertDeduplication.token(qualifiedTable, batch.buffer.array(), start, end - start));
    }
    try (InsertResponse ignored = client.insert(qualifiedTable, quotedColumns, data, ClickHouseFormat.RowBinary,
        insertSettings).get(10, TimeUnit.MINUTES)) {
      // landed
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new ClickHouseWriteException(e.getCause().getMessage(), e.getCause());
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
