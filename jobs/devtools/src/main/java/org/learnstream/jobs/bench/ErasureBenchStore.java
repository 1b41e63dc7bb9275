package org.learnstream.jobs.bench;

import com.clickhouse.client.api.Client;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * The rows the pipeline and the endpoint would hold next to a tenant's {@code learning_events}, written by ClickHouse
 * itself from those events ({@code INSERT ... SELECT}, SQL that runs on 18.16), so that every per-learner table an
 * erasure touches holds realistic rows: a mastery update per answer (which fills {@code mastery_current} and the daily
 * aggregates through their views), two alerts per learner with one webhook delivery each, a directory entry per
 * learner, one event in a thousand also late, one statement in two thousand also dead-lettered. The statement-read
 * tables and {@code learner_daily} fill from {@code learning_events} through their own views.
 */
public record ErasureBenchStore(Client client, String database) {

  /** Writes the derived rows, one step per line on {@code progress}; mastery updates a day of events at a time. */
  public void fillFromEvents(PrintWriter progress) {
    String events = database + ".learning_events";
    List<String> days = List.of(ClickHouseQueries.text(client, "SELECT DISTINCT toString(toDate(timestamp)) AS d FROM "
        + events + " ORDER BY d FORMAT TabSeparated").strip().split("\n"));
    long t0 = System.nanoTime();
    for (int i = 0; i < days.size(); i++) {
      step(masteryUpdates(events, "toDate(timestamp) = toDate('" + days.get(i) + "')"));
      progress.printf(Locale.ROOT, "  mastery_updates: day %d / %d after %.0f s%n", i + 1, days.size(),
          (System.nanoTime() - t0) / 1e9);
    }
    step(progress, "alerts", "INSERT INTO " + database + ".alerts (alert_id, tenant, learner, course, section, skill, "
        + "rule, severity, tier, status, evidence, raised_at, version) SELECT concat('alert-', learner, '-', rule), "
        + "tenant, learner, course, section, skill, rule, 'high', 'caution', 'raised', concat('{\"attempts\":', "
        + "toString(answers), ',\"last\":\"', last_statement, '\"}'), last, 1 FROM (SELECT tenant, learner, "
        + "any(course) AS course, any(section) AS section, any(skills[1]) AS skill, count() AS answers, "
        + "max(timestamp) AS last, argMax(statement_id, timestamp) AS last_statement FROM " + events
        + " WHERE kind = 'RESPONSE' GROUP BY tenant, learner) ARRAY JOIN ['inactivity', 'wheel_spinning'] AS rule");
    step(progress, "alert_deliveries", "INSERT INTO " + database + ".alert_deliveries (alert_id, change, "
        + "subscription_id, attempt, status, http_status, at) SELECT alert_id, 'raised', 'subscription-1', 1, "
        + "'delivered', 200, raised_at FROM " + database + ".alerts");
    step(progress, "learner_directory", "INSERT INTO " + database + ".learner_directory (tenant, learner, "
        + "display_name, updated_at) SELECT tenant, learner, concat('Learner ', replaceOne(learner, 'lrn-', '')), "
        + "max(stored) FROM " + events + " GROUP BY tenant, learner");
    String columns = "statement_id, tenant, learner, kind, verb, object_id, object_type, activity_type, skills, "
        + "success, score_scaled, duration_ms, registration, course, section, voided_statement_id, timestamp, "
        + "timestamp_ms, stored, stored_ms, statement_json";
    step(progress, "late_events", "INSERT INTO " + database + ".late_events (" + columns + ", arrived_at) SELECT "
        + columns + ", stored FROM " + events + " WHERE sipHash64(statement_id) % 1000 = 0");
    step(progress, "dead_letters", "INSERT INTO " + database + ".dead_letters (id, origin, topic, tenant, field, "
        + "rule, reason, payload, received_at, received_at_ms) SELECT concat('dl-', statement_id), 'xapi.statements', "
        + "'xapi.statements', tenant, 'result.score.scaled', 'xapi.score-range', 'must lie between -1 and 1', "
        + "assumeNotNull(statement_json), stored, stored_ms FROM " + events
        + " WHERE sipHash64(statement_id) % 2000 = 1 AND isNotNull(statement_json)");
  }

  /** One BKT-shaped update per answer, values drawn from the statement's hash. */
  private String masteryUpdates(String events, String where) {
    String p = "(sipHash64(statement_id, 'p') % 1000) / 1000";
    return "INSERT INTO " + database + ".mastery_updates (tenant, learner, skill, statement_id, course, section, "
        + "event_time, event_time_ms, sequence, correct, p_known_before, p_correct_predicted, p_known_after, "
        + "mastered, attempts, correct_count, recent_accuracy, recent_window, trend, model_version, revision) "
        + "SELECT tenant, learner, skills[1], statement_id, course, section, timestamp, timestamp_ms, "
        + "toUInt32(intDiv(stored_ms, 1000) % 1000000000), assumeNotNull(success), " + p + ", 0.2 + " + p
        + " * 0.6, " + p + " * 0.9 + 0.1 * assumeNotNull(success), toUInt8(" + p + " >= 0.95), "
        + "toUInt32(sipHash64(statement_id, 'n') % 40 + 1), toUInt32(sipHash64(statement_id, 'c') % 20), "
        + p + ", 8, " + p + " - 0.5, 'bkt', toUInt64(intDiv(stored_ms, 1000)) FROM " + events
        + " WHERE kind = 'RESPONSE' AND " + where;
  }

  private void step(PrintWriter progress, String table, String insert) {
    long t0 = System.nanoTime();
    step(insert);
    progress.printf(Locale.ROOT, "  %s: %,d rows after %.0f s%n", table,
        ClickHouseQueries.count(client, database + "." + table), (System.nanoTime() - t0) / 1e9);
  }

  private void step(String insert) {
    ClickHouseQueries.execute(client, insert, ClickHouseQueries.SMALL_INSERT_BLOCKS);
  }
}
