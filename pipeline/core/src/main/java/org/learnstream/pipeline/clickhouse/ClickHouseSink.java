package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;
import org.learnstream.pipeline.deadletter.DeadLetterCounters;
import org.learnstream.pipeline.kafka.AvroRecords;
import org.learnstream.pipeline.metrics.ObservedHistogram;
import org.learnstream.pipeline.metrics.ReadingCounter;

import java.util.Objects;

/**
 * Flink sink into one ClickHouse table through a {@link ClickHouseWriter}. {@code flush(..)} runs before every
 * checkpoint, so a completed checkpoint means its rows are in ClickHouse: at-least-once, made idempotent by the
 * tables' ReplacingMergeTree keys. Between checkpoints a row waits at most {@link WriterSettings#maxDelay} before it
 * is sent, so a quiet pipeline's rows appear within about a second. Rows ClickHouse refuses go to the {@code dead_letters} table of the same
 * database. During a ClickHouse outage the writer retries and the job backpressures.
 * Holds only serializable settings; the client is built on the task manager.
 */
public final class ClickHouseSink<T> implements Sink<T> {

  /** Metric group variable naming the table (unqualified, e.g. {@code mastery_updates}) of the metrics below. */
  public static final String TABLE = "table";
  /** Counter: rows inserted (a retried insert counts once). */
  public static final String ROWS_WRITTEN = "clickhouseRowsWritten";
  /** Counter: insert attempts that failed and were retried. */
  public static final String INSERT_FAILURES = "clickhouseInsertFailures";
  /** Histogram: nanoseconds until one batch landed, retries included. */
  public static final String INSERT_NANOS = "clickhouseInsertNanos";

  private static final long serialVersionUID = 1L;
  private static final int LATENCY_SAMPLE = 512;

  private final ClickHouseEndpoint endpoint;
  private final Class<? extends RowEncoder<T>> encoderClass;
  private final WriterSettings settings;

  public ClickHouseSink(ClickHouseEndpoint endpoint, Class<? extends RowEncoder<T>> encoderClass,
      WriterSettings settings) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.encoderClass = Objects.requireNonNull(encoderClass, "encoderClass");
    this.settings = Objects.requireNonNull(settings, "settings");
    RowEncoder.of(encoderClass); // fail at job build time, not on the cluster
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Client client = ClickHouseClients.create(endpoint);
    ClickHouseDeadLetterSink deadLetters = new ClickHouseDeadLetterSink(client, endpoint.database(), settings);
    DeadLetterCounters deadLettered = new DeadLetterCounters(context.metricGroup());
    RowEncoder<T> encoder = RowEncoder.of(encoderClass);
    ClickHouseWriter<T> writer = new ClickHouseWriter<>(client, endpoint.database(), encoder, settings, d -> {
      deadLettered.count(d.getOrigin(), d.getRule());
      deadLetters.send(d);
    });
    MetricGroup table = context.metricGroup().addGroup(TABLE, encoder.table());
    table.counter(ROWS_WRITTEN, new ReadingCounter(writer::rowsWritten));
    table.counter(INSERT_FAILURES, new ReadingCounter(writer::retries));
    writer.timeInserts(table.histogram(INSERT_NANOS, new ObservedHistogram(LATENCY_SAMPLE))::update);
    TypeSerializer<T> copier = context.isObjectReuseEnabled() ? context.createInputSerializer() : null;
    return new Writer<>(client, writer, deadLetters, copier, context.getProcessingTimeService(),
        settings.maxDelay().toMillis());
  }

  private static final class Writer<T> implements SinkWriter<T> {
    private final Client client;
    private final ClickHouseWriter<T> writer;
    private final ClickHouseDeadLetterSink deadLetters;
    private final TypeSerializer<T> copier;
    private final ProcessingTimeService time;
    private final long maxDelayMillis;
    private boolean sendScheduled;

    Writer(Client client, ClickHouseWriter<T> writer, ClickHouseDeadLetterSink deadLetters, TypeSerializer<T> copier,
        ProcessingTimeService time, long maxDelayMillis) {
      this.client = client;
      this.writer = writer;
      this.deadLetters = deadLetters;
      this.copier = copier;
      this.time = time;
      this.maxDelayMillis = maxDelayMillis;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void write(T element, Context context) {
      // rows stay buffered until flush (kept for dead letters), so reused objects must be copied
      writer.write(copier == null
          ? element
          : element instanceof SpecificRecordBase record
              ? (T) AvroRecords.copy(record)
              : copier.copy(element));
      if (maxDelayMillis > 0 && !sendScheduled) {
        // the first row since the last send: it must not wait for a full batch or the next checkpoint
        sendScheduled = true;
        time.registerTimer(time.getCurrentProcessingTime() + maxDelayMillis, now -> {
          sendScheduled = false;
          writer.send();
        });
      }
    }

    @Override
    public void flush(boolean endOfInput) {
      writer.flush();
      deadLetters.flush();
    }

    @Override
    public void close() {
      writer.close();
      deadLetters.close();
      client.close();
    }
  }
}
