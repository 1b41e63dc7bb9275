package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * A cohort spanning {@link #DAYS} days for retention tests: per tenant and day two learners, each with one statement
 * (learning_events, and through the views the statement tables and learner_daily), one mastery update (and so
 * mastery_current and the daily aggregates), one alert and one dead letter, all dated one hour past the day's
 * start counted back from {@code now}, so that no row sits on a window's edge.
 */
final class RetentionCohort {

  static final int DAYS = 90;
  static final int PER_DAY = 2;

  private RetentionCohort() {
  }

  /** The second of the row with index {@code number} (a system.numbers column): day number / PER_DAY back. */
  private static String time(Instant now) {
    return "(" + now.getEpochSecond() + " - intDiv(number, " + PER_DAY + ") * 86400 - 3600)";
  }

  static void insert(Client client, String database, String tenant, Instant now) {
    String rows = " FROM system.numbers LIMIT " + DAYS * PER_DAY;
    String t = time(now);
    String id = "concat('" + tenant + "-', toString(number))";
    ClickHouseQueries.execute(client, "INSERT INTO " + database + ".learning_events (statement_id, tenant, learner, "
        + "kind, verb, object_id, object_type, skills, success, timestamp, timestamp_ms, stored, stored_ms, "
        + "statement_json) SELECT " + id + ", '" + tenant + "', " + id + ", 'RESPONSE', 'answered', 'q', "
        + "'Activity', ['k'], 1, toDateTime(" + t + "), " + t + " * 1000, toDateTime(" + t + "), " + t
        + " * 1000, '{}'" + rows);
    ClickHouseQueries.execute(client, "INSERT INTO " + database + ".mastery_updates (tenant, learner, skill, "
        + "statement_id, course, section, event_time, event_time_ms, sequence, correct, p_known_after) SELECT '"
        + tenant + "', " + id + ", 'k', " + id + ", 'c', 's', toDateTime(" + t + "), " + t + " * 1000, 1, 1, 0.5"
        + rows);
    ClickHouseQueries.execute(client, "INSERT INTO " + database + ".alerts (alert_id, tenant, learner, rule, "
        + "severity, status, evidence, raised_at, version) SELECT " + id + ", '" + tenant + "', " + id
        + ", 'failure_streak', 'info', 'raised', '{}', toDateTime(" + t + "), 1" + rows);
    ClickHouseQueries.execute(client, "INSERT INTO " + database + ".dead_letters (id, origin, tenant, rule, reason, "
        + "payload, received_at, received_at_ms) SELECT " + id + ", 'normalise', '" + tenant + "', 'r', 'r', '{}', "
        + "toDateTime(" + t + "), " + t + " * 1000" + rows);
  }

  /** One record per row of {@link #insert}, with the same timestamps, oldest first as a live topic has them. */
  static void produce(Properties producerProps, String topic, Instant now) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
      for (int i = DAYS * PER_DAY - 1; i >= 0; i--) {
        long at = now.minus(Duration.ofDays(i / PER_DAY)).minus(Duration.ofHours(1)).toEpochMilli();
        producer.send(new ProducerRecord<>(topic, 0, at, null, new byte[] {(byte) i}));
      }
      producer.flush();
    }
  }

  /** Rows of {@code table} matching {@code where}. */
  static long count(Client client, String database, String table, String where) {
    return ClickHouseQueries.scalarLong(client, "SELECT count() FROM " + database + "." + table + " WHERE " + where);
  }
}
