package org.learnstream.pipeline.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnstream.pipeline.clickhouse.FrameworkCatalog;

/**
 * A synthetic school district written by ClickHouse itself ({@code INSERT ... SELECT ... FROM numbers(...)}, SQL that
 * runs on 18.16), so that millions of rows load in seconds instead of travelling through a client.
 * <p>
 * Learner {@code l} belongs to tenant {@code l % tenants}, one course and one section; its {@code k}-th event
 * happens at {@code firstDay + k * step + l % 3600}. Every tenth event is a video play, the others answer the
 * learner's course skills in turn, so the attempt number of a learner x skill grows with time. The estimate P(L)
 * rises linearly per attempt at a learner x skill specific rate until mastery, and the mastery updates carry the
 * same statement ids, learners, skills and times as the events they come from; mastery_current and the daily
 * aggregates are filled by the schema's materialized views. Alerts, deliveries, late events, dead letters and the
 * learner directory are written for the same learners. Counters that need a running total (correct answers) are
 * approximations: the data is for measuring queries, not for checking statistics.
 */
public record BenchDataset(long events, int tenants, int learners, int days, LocalDate lastDayExclusive) {

  /** One INSERT of the load, with what it writes, for a progress display. */
  public record Step(String label, String sql, long events) {
  }

  static final List<String> COURSES = List.of("math-7", "science-7");
  static final List<String> SKILLS = List.of("fractions", "ratios", "linear-equations", "angles", "percentages",
      "cells", "forces", "energy", "matter", "ecosystems");
  static final int SKILLS_PER_COURSE = 5;
  static final List<String> SECTIONS = List.of("7A", "7B", "7C", "7D");
  /** Small enough that one INSERT with every materialized view stays within the client timeout on a busy box. */
  private static final long CHUNK = 500_000;

  public BenchDataset {
    if (events < 1 || tenants < 1 || learners < 1 || days < 1) {
      throw new IllegalArgumentException("events, tenants, learners and days must be at least 1, got events="
          + events + ", tenants=" + tenants + ", learners=" + learners + ", days=" + days);
    }
    if (learners < tenants) {
      throw new IllegalArgumentException("learners (" + learners + ") must be at least tenants (" + tenants
          + ") so that every tenant has learners");
    }
  }

  /** {@code events} events of about 500 per learner, over the {@code days} days before today (UTC). */
  public static BenchDataset of(long events, int tenants) {
    int learners = (int) Math.max(tenants, Math.min(Integer.MAX_VALUE, events / 500));
    return new BenchDataset(events, tenants, learners, 30, LocalDate.now(ZoneOffset.UTC));
  }

  public LocalDate firstDay() {
    return lastDayExclusive.minusDays(days);
  }

  /** The time range a dashboard viewer would pick to see all of it. */
  public Instant from() {
    return firstDay().minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public Instant to() {
    return lastDayExclusive.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The name of tenant {@code index}, e.g. {@code school-00}. */
  public static String tenant(int index) {
    return String.format(Locale.ROOT, "school-%02d", index);
  }

  /** Events per learner, the last learners having one fewer when events do not divide evenly. */
  long eventsPerLearner() {
    return (events + learners - 1) / learners;
  }

  /** Every INSERT of the load in order: events and mastery updates in chunks, then the smaller tables. */
  public List<Step> steps(String database) {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "Database name '" + database + "' must be a plain identifier (letters, digits, _)");
    }
    List<Step> steps = new ArrayList<>();
    for (long offset = 0; offset < events; offset += CHUNK) {
      long count = Math.min(CHUNK, events - offset);
      steps.add(new Step("learning_events", learningEvents(database, offset, count), count));
      steps.add(new Step("mastery_updates", masteryUpdates(database, offset, count), 0));
    }
    steps.add(new Step("late_events", lateEvents(database), 0));
    steps.add(new Step("alerts (raised)", alerts(database, false), 0));
    steps.add(new Step("alerts (resolved)", alerts(database, true), 0));
    steps.add(new Step("alert_deliveries", deliveries(database), 0));
    steps.add(new Step("class_patterns", classPatterns(database), 0));
    steps.add(new Step("dead_letters", deadLetters(database), 0));
    steps.add(new Step("learner_directory", directory(database), 0));
    Map<String, List<String>> courseSkills = new LinkedHashMap<>();
    for (int c = 0; c < COURSES.size(); c++) {
      courseSkills.put(COURSES.get(c), SKILLS.subList(c * SKILLS_PER_COURSE, (c + 1) * SKILLS_PER_COURSE));
    }
    for (String insert : FrameworkCatalog.inserts(database, GeneratedFramework.of(courseSkills), 1, "bench",
        Instant.EPOCH)) {
      steps.add(new Step("skill framework", insert, 0));
    }
    return steps;
  }

  private String learningEvents(String db, long offset, long count) {
    return "INSERT INTO " + db + ".learning_events (statement_id, tenant, learner, kind, verb, object_id, object_type, "
        + "activity_type, skills, success, score_scaled, duration_ms, registration, course, section, "
        + "voided_statement_id, timestamp, timestamp_ms, stored, stored_ms, statement_json)\n"
        + "SELECT statement_id, tenant, learner, kind, "
        + "if(response, 'http://adlnet.gov/expapi/verbs/answered', 'https://w3id.org/xapi/video/verbs/played'), "
        + "if(response, concat('https://lms.example/items/', skill, '/', toString(attempt)), concat('https://lms.example/videos/', course)), "
        + "'Activity', "
        + "if(response, 'http://adlnet.gov/expapi/activities/cmi.interaction', 'https://w3id.org/xapi/video/activity-type/video'), "
        + "if(response, [skill], emptyArrayString()), "
        + "if(response, toNullable(correct), CAST(NULL AS Nullable(UInt8))), "
        + "if(response, toNullable(toFloat64(correct)), CAST(NULL AS Nullable(Float64))), "
        + "toNullable(toInt64(4000 + sipHash64(number, 'duration') % 60000)), "
        + "CAST(NULL AS Nullable(String)), toNullable(course), toNullable(section), CAST(NULL AS Nullable(String)), "
        + "toDateTime(ts, 'UTC'), toUInt64(ts) * 1000, toDateTime(ts + 2, 'UTC'), toUInt64(ts + 2) * 1000, "
        + "CAST(NULL AS Nullable(String))\n"
        + "FROM (" + eventSource(offset, count) + ")";
  }

  private String masteryUpdates(String db, long offset, long count) {
    return "INSERT INTO " + db + ".mastery_updates (tenant, learner, skill, statement_id, course, section, event_time, "
        + "event_time_ms, sequence, correct, p_known_before, p_correct_predicted, p_known_after, mastered, attempts, "
        + "correct_count, recent_accuracy, recent_window, trend, first_mastered_at, first_mastered_at_ms, model_version)\n"
        + "SELECT tenant, learner, skill, statement_id, toNullable(course), toNullable(section), toDateTime(ts, 'UTC'), "
        + "toUInt64(ts) * 1000, toUInt32(attempt), correct, p_before, p_predicted, p_after, mastered, toUInt32(attempt), "
        + "toUInt32(floor(attempt * (0.2 + 0.7 * p_before))), round(p_predicted, 2), toUInt32(least(attempt, 5)), "
        + "p_after - p_before, "
        + "if(mastered = 1, toNullable(toDateTime(mastered_ts, 'UTC')), CAST(NULL AS Nullable(DateTime('UTC')))), "
        + "if(mastered = 1, toNullable(toUInt64(mastered_ts) * 1000), CAST(NULL AS Nullable(UInt64))), 'bkt-v1'\n"
        + "FROM (" + eventSource(offset, count) + ")\nWHERE response";
  }

  /**
   * Every derived column of event {@code number} (learner l, its k-th event, response r, skill s, attempt a),
   * layered so each level only names columns of the level below (18.16 resolves aliases within one level only
   * in order).
   */
  private String eventSource(long offset, long count) {
    long perLearner = eventsPerLearner();
    long step = Math.max(1, (long) days * 86400 / perLearner);
    long base = firstDay().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    String skills = SKILLS.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + "," + b).orElseThrow();
    String courses = COURSES.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + "," + b).orElseThrow();
    String sections = SECTIONS.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + "," + b).orElseThrow();
    String ids = "SELECT number, number % " + learners + " AS l, intDiv(number, " + learners + ") AS k"
        + " FROM numbers(" + offset + ", " + count + ")";
    String learner = "SELECT number, l, k, "
        + "l % " + tenants + " AS tenant_index, intDiv(l, " + tenants + ") % " + COURSES.size() + " AS course_index, "
        + "intDiv(l, " + tenants * COURSES.size() + ") % " + SECTIONS.size() + " AS section_index, "
        + "k % 10 != 9 AS response, k - intDiv(k, 10) AS r, "
        + base + " + k * " + step + " + l % 3600 AS ts FROM (" + ids + ")";
    String attempt = "SELECT *, r % " + SKILLS_PER_COURSE + " AS s, intDiv(r, " + SKILLS_PER_COURSE
        + ") + 1 AS attempt, "
        + "0.001 + pow((sipHash64(l * 16 + r % " + SKILLS_PER_COURSE + ") % 100) / 100, 2) * 0.04 AS gain FROM ("
        + learner + ")";
    String mastery = "SELECT *, toUInt32(ceil(0.7 / gain)) AS a_star, "
        + "toUInt8(attempt >= toUInt32(ceil(0.7 / gain))) AS mastered, "
        + "least(0.99, 0.25 + (attempt - 1) * gain) AS p_before_raw, least(0.99, 0.25 + attempt * gain) AS p_after_raw "
        + "FROM (" + attempt + ")";
    String estimates = "SELECT *, if(mastered = 1, greatest(0.95, p_after_raw), least(0.949, p_after_raw)) AS p_after, "
        + "if(attempt > a_star, greatest(0.95, p_before_raw), least(0.949, p_before_raw)) AS p_before, "
        + "(a_star - 1) * " + SKILLS_PER_COURSE + " + s AS r_star FROM (" + mastery + ")";
    return "SELECT *, "
        + "concat(lower(hex(sipHash64(number, 'statement'))), '-', toString(number)) AS statement_id, "
        + "" + tenantExpression("tenant_index") + " AS tenant, "
        + "concat('lrn-', lower(hex(sipHash64(l, 'learner')))) AS learner, "
        + "CAST(if(response, 'RESPONSE', 'ACTIVITY') AS Enum8('RESPONSE' = 1, 'ACTIVITY' = 2, 'VOIDING' = 3)) AS kind, "
        + "arrayElement([" + courses + "], course_index + 1) AS course, "
        + "arrayElement([" + sections + "], section_index + 1) AS section, "
        + "arrayElement([" + skills + "], course_index * " + SKILLS_PER_COURSE + " + s + 1) AS skill, "
        + "p_before * 0.9 + (1 - p_before) * 0.2 AS p_predicted, "
        + "toUInt8(sipHash64(number, 'correct') % 1000 < (p_before * 0.9 + (1 - p_before) * 0.2) * 1000) AS correct, "
        + base + " + (r_star + intDiv(r_star, 9)) * " + step + " + l % 3600 AS mastered_ts "
        + "FROM (" + estimates + ")";
  }

  /** One event in a thousand also arrived six hours behind the watermark. */
  private String lateEvents(String db) {
    return "INSERT INTO " + db
        + ".late_events SELECT statement_id, tenant, learner, kind, verb, object_id, object_type, "
        + "activity_type, skills, success, score_scaled, duration_ms, registration, course, section, "
        + "voided_statement_id, timestamp, timestamp_ms, stored, stored_ms, statement_json, "
        + "toDateTime(toUInt32(timestamp) + 21600, 'UTC') AS arrived_at\n"
        + "FROM " + db + ".learning_events WHERE sipHash64(statement_id) % 1000 = 0";
  }

  /**
   * One learner x skill pair in five raises an alert at a time within the range; half of them are resolved
   * later by a second version of the same alert.
   */
  private String alerts(String db, boolean resolved) {
    return "INSERT INTO " + db + ".alerts (alert_id, tenant, learner, course, section, skill, rule, severity, status, "
        + "evidence, raised_at, resolved_at, version)\n"
        + "SELECT alert_id, tenant, learner, toNullable(course), toNullable(section), "
        + "if(rule = 'inactivity', CAST(NULL AS Nullable(String)), toNullable(skill)), rule, "
        + "if(rule = 'wheel_spinning', 'critical', 'warning'), "
        + (resolved
            ? "'resolved', '{\"resolved_by\":\"correct answer\"}', "
            : "'raised', concat('{\"attempts\":', toString(h % 20), '}'), ")
        + "toDateTime(raised, 'UTC'), "
        + (resolved
            ? "toNullable(toDateTime(raised + 3600 + h % 172800, 'UTC')), 2"
            : "CAST(NULL AS Nullable(DateTime('UTC'))), 1")
        + "\nFROM (" + alertSource() + ")\nWHERE "
        + (resolved ? "h % 2 = 0 AND raised + 3600 + h % 172800 < toUInt32(now())" : "1");
  }

  /** One class-wide pattern per class, rule and skill the alerts name, over half of a class twice their size. */
  private String classPatterns(String db) {
    return "INSERT INTO " + db + ".class_patterns (tenant, course, section, rule, skill, start, start_ms, at, at_ms, "
        + "alerted_learners, class_learners)\n"
        + "SELECT tenant, course, section, rule, pattern_skill, toDateTime(min(raised), 'UTC'), "
        + "toUInt64(min(raised)) * 1000, toDateTime(max(raised), 'UTC'), toUInt64(max(raised)) * 1000, "
        + "toUInt32(uniqExact(learner)), toUInt32(uniqExact(learner) * 2)\n"
        + "FROM (SELECT *, if(rule = 'inactivity', '', skill) AS pattern_skill FROM (" + alertSource() + "))\n"
        + "GROUP BY tenant, course, section, rule, pattern_skill";
  }

  private String deliveries(String db) {
    return "INSERT INTO " + db
        + ".alert_deliveries (alert_id, subscription_id, attempt, status, http_status, error, at)\n"
        + "SELECT alert_id, 'sub-counsellors', toUInt32(attempt), "
        + "CAST(if(attempt = 1 AND intDiv(h, 100) % 10 = 1, 'failed', if(intDiv(h, 1000) % 50 = 7, 'dead_lettered', 'delivered')) "
        + "AS Enum8('delivered' = 1, 'failed' = 2, 'dead_lettered' = 3)), "
        + "nullIf(toUInt16(if(intDiv(h, 1000) % 50 = 7, 0, if(attempt = 1 AND intDiv(h, 100) % 10 = 1, 503, 200))), 0), "
        + "nullIf(if(attempt = 1 AND intDiv(h, 100) % 10 = 1, 'HTTP 503 Service Unavailable', "
        + "if(intDiv(h, 1000) % 50 = 7, 'connection refused', '')), ''), "
        + "toDateTime(raised + 30 * attempt, 'UTC')\n"
        + "FROM (" + alertSource() + ") ARRAY JOIN if(intDiv(h, 100) % 10 = 1, [1, 2], [1]) AS attempt";
  }

  private String alertSource() {
    long base = firstDay().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    String skills = SKILLS.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + "," + b).orElseThrow();
    String courses = COURSES.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + "," + b).orElseThrow();
    String sections = SECTIONS.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + "," + b).orElseThrow();
    String pairs = "SELECT number % " + learners + " AS l, intDiv(number, " + learners + ") AS s, "
        + "sipHash64(number, 'alert') AS h FROM numbers(" + (long) learners * SKILLS_PER_COURSE + ")";
    return "SELECT l, s, h, concat('al-', lower(hex(h))) AS alert_id, "
        + tenantExpression("l % " + tenants) + " AS tenant, "
        + "concat('lrn-', lower(hex(sipHash64(l, 'learner')))) AS learner, "
        + "arrayElement([" + courses + "], intDiv(l, " + tenants + ") % " + COURSES.size() + " + 1) AS course, "
        + "arrayElement([" + sections + "], intDiv(l, " + tenants * COURSES.size() + ") % " + SECTIONS.size()
        + " + 1) AS section, "
        + "arrayElement([" + skills + "], (intDiv(l, " + tenants + ") % " + COURSES.size() + ") * " + SKILLS_PER_COURSE
        + " + s + 1) AS skill, "
        + "arrayElement(['failure_streak', 'wheel_spinning', 'inactivity'], intDiv(h, 10) % 3 + 1) AS rule, "
        + base + " + h % " + (long) days * 86400 + " AS raised "
        + "FROM (" + pairs + ") WHERE h % 5 = 0";
  }

  private String deadLetters(String db) {
    long base = firstDay().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    return "INSERT INTO " + db
        + ".dead_letters (id, origin, `topic`, `partition`, `offset`, tenant, field, rule, reason, "
        + "payload, received_at, received_at_ms)\n"
        + "SELECT concat('dl-', toString(number)), arrayElement(['ingest', 'normalise', 'mastery'], number % 3 + 1), "
        + "toNullable('xapi.statements'), toNullable(toInt32(number % 4)), toNullable(toInt64(number)), "
        + "toNullable(" + tenantExpression("number % " + tenants) + "), "
        + "toNullable(if(number % 2 = 0, 'actor', 'timestamp')), if(number % 2 = 0, 'actor.missing', 'timestamp.unparseable'), "
        + "if(number % 2 = 0, 'statement has no usable actor', 'statement has no usable timestamp'), '{\"verb\":{}}', "
        + "toDateTime(" + base + " + sipHash64(number, 'dl') % " + (long) days * 86400 + ", 'UTC'), "
        + "toUInt64(" + base + " + sipHash64(number, 'dl') % " + (long) days * 86400 + ") * 1000\n"
        + "FROM numbers(" + Math.max(tenants, events / 1000) + ")";
  }

  private String directory(String db) {
    long base = firstDay().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    return "INSERT INTO " + db + ".learner_directory (tenant, learner, display_name, updated_at)\n"
        + "SELECT " + tenantExpression("number % " + tenants)
        + ", concat('lrn-', lower(hex(sipHash64(number, 'learner')))), "
        + "concat('Learner ', toString(number)), toDateTime(" + base + ", 'UTC') FROM numbers(" + learners + ")";
  }

  private static String tenantExpression(String index) {
    return "concat('school-', if(" + index + " < 10, '0', ''), toString(" + index + "))";
  }
}
