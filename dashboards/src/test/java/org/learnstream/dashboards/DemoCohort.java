package org.learnstream.dashboards;

import org.learnstream.pipeline.bench.GeneratedFramework;
import org.learnstream.pipeline.clickhouse.FrameworkCatalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A small school for dashboard and cookbook tests: learners with a hidden true skill state answer items over
 * two weeks, a BKT estimate follows them, and the alerts, deliveries, late events and dead letters such a cohort
 * produces are written next to them. Seeded, so every run writes the same rows.
 * Rows go straight into the tables (the materialized views fill the daily aggregates and mastery_current).
 */
final class DemoCohort {

  static final String TENANT = "school-north";
  static final String OTHER_TENANT = "school-south";
  static final int DAYS = 14;
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);
  private static final double GUESS = 0.2;
  private static final double SLIP = 0.1;

  /** course -> skills; section 7A takes both courses, 7B only maths. */
  private static final Map<String, List<String>> COURSES = new LinkedHashMap<>();

  static {
    COURSES.put("math-7", List.of("fractions", "ratios", "linear-equations", "angles"));
    COURSES.put("science-7", List.of("cells", "forces", "energy"));
  }

  private final LocalDate firstDay;
  private final Random random;
  private final List<String> events = new ArrayList<>();
  private final List<String> updates = new ArrayList<>();
  private final List<String> alerts = new ArrayList<>();
  private final List<String> deliveries = new ArrayList<>();
  private final List<String> late = new ArrayList<>();
  private final List<String> directory = new ArrayList<>();
  private final List<String> deadLetters = new ArrayList<>();
  private final Map<String, Instant> raisedAt = new LinkedHashMap<>();
  private final DemoClassPatterns classPatterns = new DemoClassPatterns();

  /** A cohort whose last active day is the day before {@code lastDayExclusive}. */
  DemoCohort(LocalDate lastDayExclusive, long seed) {
    this.firstDay = lastDayExclusive.minusDays(DAYS);
    this.random = new Random(seed);
    generate();
  }

  LocalDate firstDay() {
    return firstDay;
  }

  LocalDate lastDay() {
    return firstDay.plusDays(DAYS - 1);
  }

  Instant from() {
    return firstDay.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  Instant to() {
    return lastDay().plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** INSERT statements for every table, each a few hundred rows at most. */
  List<String> inserts(String database) {
    List<String> statements = new ArrayList<>();
    add(statements, database + ".learning_events (statement_id, tenant, learner, kind, verb, object_id, object_type, "
        + "activity_type, skills, success, score_scaled, duration_ms, registration, course, section, "
        + "voided_statement_id, timestamp, timestamp_ms, stored, stored_ms, statement_json)", events);
    add(statements, database + ".mastery_updates (tenant, learner, skill, statement_id, course, section, event_time, "
        + "event_time_ms, sequence, correct, p_known_before, p_correct_predicted, p_known_after, mastered, attempts, "
        + "correct_count, recent_accuracy, recent_window, trend, first_mastered_at, first_mastered_at_ms, model_version)",
        updates);
    add(statements, database + ".alerts (alert_id, tenant, learner, course, section, skill, rule, severity, status, "
        + "evidence, raised_at, resolved_at, version)", alerts);
    add(statements, database + ".alert_deliveries (alert_id, subscription_id, attempt, status, http_status, error, at)",
        deliveries);
    add(statements, database + ".late_events (statement_id, tenant, learner, kind, verb, object_id, object_type, "
        + "activity_type, skills, success, score_scaled, duration_ms, registration, course, section, "
        + "voided_statement_id, timestamp, timestamp_ms, stored, stored_ms, statement_json, arrived_at)", late);
    add(statements, database + ".class_patterns (tenant, course, section, rule, skill, start, start_ms, at, at_ms, "
        + "alerted_learners, class_learners)", classPatterns.rows());
    add(statements, database + ".learner_directory (tenant, learner, display_name, updated_at)", directory);
    add(statements,
        database + ".dead_letters (id, origin, `topic`, `partition`, `offset`, tenant, field, rule, reason, "
            + "payload, received_at, received_at_ms)",
        deadLetters);
    // the skill framework over the cohort's courses, imported at the cohort's first day so both engines get equal rows
    statements.addAll(FrameworkCatalog.inserts(database, GeneratedFramework.of(COURSES), 1, "demo cohort",
        firstDay.atStartOfDay(ZoneOffset.UTC).toInstant()));
    return statements;
  }

  private static void add(List<String> statements, String target, List<String> rows) {
    for (int i = 0; i < rows.size(); i += 500) {
      statements.add(
          "INSERT INTO " + target + " VALUES " + String.join(",", rows.subList(i, Math.min(rows.size(), i + 500))));
    }
  }

  private void generate() {
    int n = 0;
    for (String tenant : List.of(TENANT, OTHER_TENANT)) {
      for (String section : List.of("7A", "7B")) {
        int size = tenant.equals(TENANT) ? 8 : 4;
        for (int i = 0; i < size; i++) {
          String learner = "lrn-" + String.format(Locale.ROOT, "%04x", 0x1a00 + n++);
          directory.add(row(q(tenant), q(learner), q("Learner " + n), q(TIME.format(from()))));
          for (Map.Entry<String, List<String>> course : COURSES.entrySet()) {
            if (section.equals("7A") || course.getKey().equals("math-7")) {
              simulate(tenant, learner, course.getKey(), section, course.getValue(), random.nextDouble() < 0.2);
            }
          }
        }
      }
    }
    commentOnAStatement(OTHER_TENANT, "lrn-" + String.format(Locale.ROOT, "%04x", 0x1a00 + n - 1));
    for (int i = 0; i < 6; i++) {
      Instant at = at(firstDay.plusDays(i * 2L), 9, i * 7);
      deadLetters.add(row(q("dl-" + i), q(i % 2 == 0 ? "ingest" : "normalise"), q("xapi.statements"), "0",
          Integer.toString(i),
          q(TENANT), q(i % 3 == 0 ? "actor" : "timestamp"), q(i % 3 == 0 ? "actor.missing" : "timestamp.unparseable"),
          q("statement has no usable " + (i % 3 == 0 ? "actor" : "timestamp")), q("{\"verb\":{}}"),
          q(TIME.format(at)), Long.toString(at.toEpochMilli())));
    }
  }

  /**
   * A statement whose object is a StatementRef (a learner's comment on an earlier statement), as an LMS's forum or
   * feedback tool sends: the endpoint's reference lookup (statement_refs) has a row to hold.
   */
  private void commentOnAStatement(String tenant, String learner) {
    String id = uuid();
    String target = uuid();
    Instant t = at(firstDay.plusDays(3), 15, 0);
    // the actor as an LMS account named by the pseudonym: the endpoint's agent lookup (statement_agents) has a row
    String json = "{\"id\":\"" + id + "\",\"actor\":{\"account\":{\"homePage\":\"https://lms.example\",\"name\":\""
        + learner + "\"}},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/commented\"},"
        + "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"" + target + "\"}}";
    events.add("(" + String.join(",", q(id), q(tenant), q(learner), q("ACTIVITY"),
        q("http://adlnet.gov/expapi/verbs/commented"), q(target), q("StatementRef"), "NULL", "[]", "NULL", "NULL",
        "NULL", "NULL", q("math-7"), q("7B"), "NULL", q(TIME.format(t)), Long.toString(t.toEpochMilli()),
        q(TIME.format(t.plusSeconds(2))), Long.toString(t.plusSeconds(2).toEpochMilli()), q(json)) + ")");
  }

  /** One learner on one course: 14 days of practice, BKT estimates, and the alerts the rules would raise. */
  private void simulate(String tenant, String learner, String course, String section, List<String> skills,
      boolean disengages) {
    Map<String, double[]> state = new LinkedHashMap<>(); // skill -> {estimate, trueKnown, seq, correctCount, failStreak}
    Map<String, List<Integer>> recent = new LinkedHashMap<>();
    Map<String, Instant> masteredAt = new LinkedHashMap<>();
    Map<String, String> openAlert = new LinkedHashMap<>();
    Instant lastActive = null;
    for (int day = 0; day < DAYS; day++) {
      if (random.nextDouble() > (disengages && day > 6 ? 0.05 : 0.75)) {
        continue;
      }
      int minute = random.nextInt(120);
      for (int s = 0; s < 1 + random.nextInt(2); s++) {
        String skill = skills.get(random.nextInt(skills.size()));
        double learnRate = 0.08 + 0.05 * skills.indexOf(skill);
        double[] st = state.computeIfAbsent(skill,
            k -> new double[] {0.25, random.nextDouble() < 0.25 ? 1 : 0, 0, 0, 0});
        for (int a = 0; a < 2 + random.nextInt(5); a++) {
          minute += 1 + random.nextInt(4);
          Instant t = at(firstDay.plusDays(day), 8, minute);
          boolean correct = random.nextDouble() < (st[1] == 1 ? 1 - SLIP : GUESS);
          String id = uuid();
          double before = st[0];
          double predicted = before * (1 - SLIP) + (1 - before) * GUESS;
          double posterior = correct
              ? before * (1 - SLIP) / predicted
              : before * SLIP / (before * SLIP + (1 - before) * (1 - GUESS));
          double after = posterior + (1 - posterior) * learnRate;
          st[0] = after;
          st[2]++;
          st[3] += correct ? 1 : 0;
          st[4] = correct ? 0 : st[4] + 1;
          if (st[1] == 0 && random.nextDouble() < learnRate * 1.5) {
            st[1] = 1;
          }
          List<Integer> window = recent.computeIfAbsent(skill, k -> new ArrayList<>());
          window.add(correct ? 1 : 0);
          if (window.size() > 5) {
            window.remove(0);
          }
          double accuracy = window.stream().mapToInt(Integer::intValue).average().orElse(0);
          boolean mastered = after >= 0.95;
          if (mastered && !masteredAt.containsKey(skill)) {
            masteredAt.put(skill, t);
          }
          Instant firstMastered = masteredAt.get(skill);
          int durationMs = 4000 + random.nextInt(40000);
          String json = "{\"id\":\"" + id + "\",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
              + "\"result\":{\"success\":" + correct + "}}";
          String eventValues = String.join(",", q(id), q(tenant), q(learner), q("RESPONSE"),
              q("http://adlnet.gov/expapi/verbs/answered"), q("https://lms.example/items/" + skill + "/" + a),
              q("Activity"), q("http://adlnet.gov/expapi/activities/cmi.interaction"), "[" + q(skill) + "]",
              correct ? "1" : "0", correct ? "1" : "0", Integer.toString(durationMs), "NULL", q(course), q(section),
              "NULL", q(TIME.format(t)), Long.toString(t.toEpochMilli()), q(TIME.format(t.plusSeconds(2))),
              Long.toString(t.plusSeconds(2).toEpochMilli()), q(json));
          events.add("(" + eventValues + ")");
          classPatterns.answered(tenant, course, section, learner, t);
          if (random.nextDouble() < 0.02) {
            late.add("(" + eventValues + "," + q(TIME.format(t.plusSeconds(3 * 86400))) + ")");
          }
          updates.add(row(q(tenant), q(learner), q(skill), q(id), q(course), q(section), q(TIME.format(t)),
              Long.toString(t.toEpochMilli()), Long.toString((long) st[2]), correct ? "1" : "0", num(before),
              num(predicted), num(after), mastered ? "1" : "0", Long.toString((long) st[2]),
              Long.toString((long) st[3]),
              num(accuracy), Integer.toString(window.size()), num(after - before),
              firstMastered == null ? "NULL" : q(TIME.format(firstMastered)),
              firstMastered == null ? "NULL" : Long.toString(firstMastered.toEpochMilli()), q("bkt-v1")));
          String alertKey = skill + "|failure_streak";
          if (st[4] >= 3 && !openAlert.containsKey(alertKey)) {
            openAlert.put(alertKey, raise(tenant, learner, course, section, skill, "failure_streak", "warning", t,
                "{\"consecutive_failures\":" + (int) st[4] + ",\"p_known\":" + num(after) + "}"));
          } else if (correct && openAlert.containsKey(alertKey) && openAlert.get(alertKey) != null) {
            resolve(openAlert.get(alertKey), tenant, learner, course, section, skill, "failure_streak", "warning", t);
            openAlert.put(alertKey, null);
          }
          if (st[2] == 10 && !mastered) {
            openAlert.put(skill + "|wheel_spinning", raise(tenant, learner, course, section, skill, "wheel_spinning",
                "critical", t, "{\"attempts\":10,\"p_known\":" + num(after) + "}"));
          }
          lastActive = t;
        }
      }
      if (random.nextDouble() < 0.3) {
        Instant t = at(firstDay.plusDays(day), 15, random.nextInt(60));
        String id = uuid();
        events.add(row(q(id), q(tenant), q(learner), q("ACTIVITY"), q("https://w3id.org/xapi/video/verbs/played"),
            q("https://lms.example/videos/" + course), q("Activity"),
            q("https://w3id.org/xapi/video/activity-type/video"),
            "[]", "NULL", "NULL", Integer.toString(60000 + random.nextInt(300000)), "NULL", q(course), q(section),
            "NULL",
            q(TIME.format(t)), Long.toString(t.toEpochMilli()), q(TIME.format(t)), Long.toString(t.toEpochMilli()),
            "NULL"));
      }
    }
    if (disengages && lastActive != null) {
      raise(tenant, learner, course, section, null, "inactivity", "warning", lastActive.plusSeconds(3 * 86400),
          "{\"days_inactive\":3,\"last_activity\":\"" + TIME.format(lastActive) + "\"}");
    }
  }

  private String raise(String tenant, String learner, String course, String section, String skill, String rule,
      String severity, Instant at, String evidence) {
    String id = "al-" + Integer.toHexString((tenant + learner + course + skill + rule).hashCode());
    raisedAt.put(id, at);
    classPatterns.raised(tenant, course, section, learner, rule, skill, at);
    alerts.add(row(q(id), q(tenant), q(learner), q(course), q(section), skill == null ? "NULL" : q(skill), q(rule),
        q(severity), q("raised"), q(evidence), q(TIME.format(at)), "NULL", "1"));
    int failures = random.nextDouble() < 0.25 ? 1 : 0;
    for (int attempt = 1; attempt <= failures; attempt++) {
      deliveries.add(row(q(id), q("sub-counsellors"), Integer.toString(attempt), q("failed"), "503",
          q("HTTP 503 Service Unavailable"), q(TIME.format(at.plusSeconds(5)))));
    }
    boolean deadLettered = random.nextDouble() < 0.05;
    deliveries.add(row(q(id), q("sub-counsellors"), Integer.toString(failures + 1),
        q(deadLettered ? "dead_lettered" : "delivered"),
        deadLettered ? "NULL" : "200", deadLettered ? q("connection refused") : "NULL",
        q(TIME.format(at.plusSeconds(30)))));
    return id;
  }

  private void resolve(String id, String tenant, String learner, String course, String section, String skill,
      String rule,
      String severity, Instant at) {
    alerts.add(row(q(id), q(tenant), q(learner), q(course), q(section), q(skill), q(rule), q(severity), q("resolved"),
        q("{\"resolved_by\":\"correct answer\"}"), q(TIME.format(raisedAt.get(id))), q(TIME.format(at)), "2"));
  }

  private Instant at(LocalDate day, int hour, int minute) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(hour * 3600L + minute * 60L + random.nextInt(60));
  }

  private String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private static String row(String... values) {
    return "(" + String.join(",", values) + ")";
  }

  static String q(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
