package org.learnstream.jobs.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Statements of one tenant written by ClickHouse itself ({@code INSERT ... SELECT ... FROM numbers(...)}, SQL that runs
 * on 18.16), with the {@code learning_events} columns the normaliser fills and a {@code statement_json} shaped like an
 * LMS's: an Agent with mbox, a verb with display, an activity with definition, result, registration, instructor and
 * course/section context activities, timestamp, stored and authority.
 * <p>
 * Statement {@code n} is stored at {@code end - 30 days + n * 30 days / count} (so the id order is the time order), by
 * one of {@code count / 500} learners chosen by hash; 80% are answers, 10% completions, 10% video plays over 2,000
 * items in 10 skills; every thousandth statement voids the one 500 before it. A learner's registration is one per
 * course, its instructor one of 40 teachers.
 */
public record SyntheticStatements(String database, String tenant, long count, long endMillis) {

  /** Rows per INSERT: small enough for the client timeout on a busy machine. */
  private static final long CHUNK = 250_000;
  private static final long SPAN_MILLIS = 30L * 86_400_000L;
  private static final String ANSWERED = "http://adlnet.gov/expapi/verbs/answered";

  public SyntheticStatements {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("Database name '" + database + "' must be a plain identifier");
    }
  }

  /** The INSERTs of statements {@code from} to the last, in order. */
  public List<String> inserts(long from) {
    List<String> out = new ArrayList<>();
    for (long offset = from; offset < count; offset += CHUNK) {
      out.add(insert(offset, Math.min(CHUNK, count - offset)));
    }
    return out;
  }

  /** Rows each INSERT of {@link #inserts} writes, for a progress display. */
  public long rowsPerInsert() {
    return CHUNK;
  }

  private String insert(long offset, long rows) {
    long learners = Math.max(1, count / 500);
    double step = (double) SPAN_MILLIS / count;
    long base = endMillis - SPAN_MILLIS;
    String picks = "SELECT number AS n, sipHash64(n, 'learner') % " + learners + " AS l, n % 1000 = 999 AS voiding, "
        + "n % 10 AS verb_index, sipHash64(n, 'item') % 200 AS item, toUInt64(" + base + " + floor(n * " + step
        + ") + sipHash64(n, 'ms') % 3) AS stored_ms FROM numbers(" + offset + ", " + rows + ")";
    String named = "SELECT *, " + uuid("toString(n)") + " AS statement_id, " + uuid("toString(n - 500)")
        + " AS target_id, l % 2 AS course_index, arrayElement(['7A','7B','7C','7D'], l % 4 + 1) AS section, "
        + "if(voiding, 'http://adlnet.gov/expapi/verbs/voided', if(verb_index < 8, '" + ANSWERED + "', "
        + "if(verb_index = 8, 'http://adlnet.gov/expapi/verbs/completed', 'https://w3id.org/xapi/video/verbs/played')))"
        + " AS verb, stored_ms - 1500 - sipHash64(n, 'delay') % 60000 AS timestamp_ms FROM (" + picks + ")";
    String placed = "SELECT *, arrayElement(['math-7','science-7'], course_index + 1) AS course, "
        + "arrayElement(['fractions','ratios','linear-equations','angles','percentages','cells','forces','energy',"
        + "'matter','ecosystems'], course_index * 5 + item % 5 + 1) AS skill, "
        + uuid("concat('registration', toString(l), toString(course_index))") + " AS registration, "
        + "verb = '" + ANSWERED + "' AS response FROM (" + named + ")";
    String object = "SELECT *, if(voiding, target_id, concat('https://lms.example/items/', skill, '/', toString(item)))"
        + " AS object_id, if(response, 'http://adlnet.gov/expapi/activities/cmi.interaction', "
        + "'http://adlnet.gov/expapi/activities/lesson') AS activity_type, "
        + "toUInt8(sipHash64(n, 'correct') % 10 < 7) AS correct FROM (" + placed + ")";
    return "INSERT INTO " + database + ".learning_events (statement_id, tenant, learner, kind, verb, object_id, "
        + "object_type, activity_type, skills, success, score_scaled, duration_ms, registration, course, section, "
        + "voided_statement_id, timestamp, timestamp_ms, stored, stored_ms, statement_json)\n"
        + "SELECT statement_id, '" + tenant + "', concat('lrn-', toString(l)), CAST(if(voiding, 'VOIDING', "
        + "if(response, 'RESPONSE', 'ACTIVITY')) AS Enum8('RESPONSE' = 1, 'ACTIVITY' = 2, 'VOIDING' = 3)), verb, "
        + "object_id, if(voiding, 'StatementRef', 'Activity'), "
        + "if(voiding, CAST(NULL AS Nullable(String)), toNullable(activity_type)), "
        + "if(response, [skill], emptyArrayString()), if(response, toNullable(correct), CAST(NULL AS Nullable(UInt8))), "
        + "CAST(NULL AS Nullable(Float64)), CAST(NULL AS Nullable(Int64)), "
        + nullIfVoiding("registration") + ", " + nullIfVoiding("concat('https://lms.example/courses/', course)") + ", "
        + nullIfVoiding("concat('https://lms.example/sections/', section)") + ", "
        + "if(voiding, toNullable(target_id), CAST(NULL AS Nullable(String))), "
        + "toDateTime(intDiv(timestamp_ms, 1000), 'UTC'), timestamp_ms, toDateTime(intDiv(stored_ms, 1000), 'UTC'), "
        + "stored_ms, toNullable(" + json() + ")\nFROM (" + object + ")";
  }

  /** The statement's JSON text, as a client would have sent it plus what the endpoint stamps. */
  private static String json() {
    String actor = "'{\"objectType\":\"Agent\",\"name\":\"Learner ', toString(l), '\",\"mbox\":\"mailto:learner-', "
        + "toString(l), '@school.example\"}'";
    String activity = "concat('{\"objectType\":\"Activity\",\"id\":\"', object_id, '\",\"definition\":{\"type\":\"', "
        + "activity_type, '\",\"name\":{\"en-US\":\"', skill, ' item ', toString(item), '\"}}},\"result\":{', "
        + "if(response, concat('\"success\":', if(correct = 1, 'true', 'false'), ','), ''), '\"duration\":\"PT', "
        + "toString(4 + sipHash64(n, 'duration') % 60), 'S\"},\"context\":{\"registration\":\"', registration, "
        + "'\",\"instructor\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:teacher-', toString(l % 40), "
        + "'@school.example\"},\"contextActivities\":{\"grouping\":[{\"id\":\"https://lms.example/courses/', course, "
        + "'\"}],\"parent\":[{\"id\":\"https://lms.example/sections/', section, '\"}]}}')";
    String statementRef = "concat('{\"objectType\":\"StatementRef\",\"id\":\"', target_id, '\"}')";
    return "concat('{\"id\":\"', statement_id, '\",\"actor\":', " + actor + ", ',\"verb\":{\"id\":\"', verb, "
        + "'\",\"display\":{\"en-US\":\"', splitByChar('/', verb)[-1], '\"}},\"object\":', "
        + "if(voiding, " + statementRef + ", " + activity + "), ',\"timestamp\":\"', " + iso("timestamp_ms")
        + ", '\",\"stored\":\"', " + iso("stored_ms") + ", '\",\"authority\":{\"objectType\":\"Agent\",\"name\":"
        + "\"demo\",\"account\":{\"homePage\":\"https://learnstream.org\",\"name\":\"demo\"}},\"version\":\"1.0.0\"}')";
  }

  private static String nullIfVoiding(String expression) {
    return "if(voiding, CAST(NULL AS Nullable(String)), toNullable(" + expression + "))";
  }

  /** A UUID-shaped lower-case id from the MD5 of {@code expression} (18.16 has no generateUUIDv4 in SELECT). */
  private static String uuid(String expression) {
    String h = "lower(hex(MD5(" + expression + ")))";
    return "concat(substring(" + h + ", 1, 8), '-', substring(" + h + ", 9, 4), '-', substring(" + h + ", 13, 4), "
        + "'-', substring(" + h + ", 17, 4), '-', substring(" + h + ", 21, 12))";
  }

  /** ISO 8601 with milliseconds and Z of an epoch-millisecond column. */
  private static String iso(String millis) {
    return "concat(replaceOne(toString(toDateTime(intDiv(" + millis + ", 1000), 'UTC')), ' ', 'T'), '.', "
        + "substring(toString(1000 + " + millis + " % 1000), 2, 3), 'Z')";
  }
}
