package org.learnstream.pipeline.simulate;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Writes compact xAPI 1.0.3 statement JSON. Everything constant per cohort, skill, item or learner is
 * pre-rendered once, so a statement costs a few array copies plus its id, result and timestamp.
 */
final class StatementWriter {

  static final String ACTIVITY_BASE = "https://learnstream.example/activities/";
  static final String SKILLS_EXTENSION = "https://learnstream.org/xapi/extensions/skills";
  static final String INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction";
  static final String LESSON_TYPE = "http://adlnet.gov/expapi/activities/lesson";
  static final String ASSESSMENT_TYPE = "http://adlnet.gov/expapi/activities/assessment";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static final byte[] ID_OPEN = ascii("{\"id\":\"");
  private static final byte[] ID_CLOSE = ascii("\",");
  private static final byte[][] VERBS = new byte[3][];
  private static final byte[] RESULT_CORRECT = ascii(
      ",\"result\":{\"success\":true,\"score\":{\"scaled\":1.0},\"duration\":\"PT");
  private static final byte[] RESULT_WRONG = ascii(
      ",\"result\":{\"success\":false,\"score\":{\"scaled\":0.0},\"duration\":\"PT");
  private static final byte[] RESULT_CLOSE = ascii("S\"}");
  private static final byte[] TIMESTAMP_OPEN = ascii(",\"timestamp\":\"");
  private static final byte[] CLOSE = ascii("Z\"}");

  static {
    for (SimulatedStatement.Verb v : SimulatedStatement.Verb.values()) {
      VERBS[v.ordinal()] = ascii(
          ",\"verb\":{\"id\":\"" + v.iri() + "\",\"display\":{\"en-US\":\"" + v.display() + "\"}}");
    }
  }

  private final CohortPlan plan;
  /** Per skill: the object of each item (index 1..itemsPerSkill), then lesson and practice-set objects. */
  private final byte[][][] items;
  private final byte[][] lessons;
  private final byte[][] practiceSets;
  /** Per skill: the tail of the context, from the skills extension on. */
  private final byte[][] contextTails;
  private final ByteBuf buf = new ByteBuf();
  private long cachedDay = Long.MIN_VALUE;
  private byte[] cachedDate;

  StatementWriter(CohortPlan plan) {
    this.plan = plan;
    int n = plan.skills.length;
    int itemCount = plan.spec.practice().itemsPerSkill();
    items = new byte[n][itemCount + 1][];
    lessons = new byte[n][];
    practiceSets = new byte[n][];
    contextTails = new byte[n][];
    for (int s = 0; s < n; s++) {
      SkillSpec skill = plan.skills[s];
      String base = ACTIVITY_BASE + skill.skillId() + "/";
      for (int i = 1; i <= itemCount; i++) {
        items[s][i] = activity(base + "item-" + i, skill.name() + ", question " + i, INTERACTION_TYPE, true);
      }
      lessons[s] = activity(base + "lesson", skill.name() + ", lesson", LESSON_TYPE, false);
      practiceSets[s] = activity(base + "practice-set", skill.name() + ", practice set", ASSESSMENT_TYPE, false);
      contextTails[s] = utf8(
          "]},\"extensions\":{\"" + SKILLS_EXTENSION + "\":[" + JsonText.quote(skill.skillId()) + "]}}");
    }
  }

  /** Pre-renders what is constant for a learner: actor and the head of the context. */
  static byte[][] learnerFragments(String displayName, String email, String registration, String section,
      String course) {
    byte[] actor = utf8("\"actor\":{\"objectType\":\"Agent\",\"name\":" + JsonText.quote(displayName)
        + ",\"mbox\":" + JsonText.quote("mailto:" + email) + "}");
    byte[] context = utf8(
        ",\"context\":{\"registration\":\"" + registration + "\",\"contextActivities\":{\"parent\":[{\"id\":"
            + JsonText.quote(section) + ",\"objectType\":\"Activity\"}],\"grouping\":[{\"id\":" + JsonText.quote(course)
            + ",\"objectType\":\"Activity\"}");
    return new byte[][] {actor, context};
  }

  /** Renders the learner's current event; returns the statement id, the JSON is then in {@link #json()}. */
  String write(LearnerSimulation learner) {
    ByteBuf b = buf;
    b.clear();
    b.put(ID_OPEN);
    int idStart = b.length();
    uuid(b, learner.learnerSeed, learner.sequence);
    String id = b.asciiSince(idStart);
    b.put(ID_CLOSE).put(learner.jsonFragments[0]).put(VERBS[learner.kind]).put(',');
    int s = learner.skill;
    switch (learner.kind) {
      case LearnerSimulation.ANSWERED -> {
        b.put(items[s][learner.item]);
        b.put(learner.correct ? RESULT_CORRECT : RESULT_WRONG);
        b.putDigits(learner.durationMillis / 1000, 1).put('.');
        long frac = learner.durationMillis % 1000;
        if (frac % 100 == 0) {
          b.putDigits(frac / 100, 1);
        } else {
          b.putDigits(frac, 3);
        }
        b.put(RESULT_CLOSE);
      }
      case LearnerSimulation.EXPERIENCED -> b.put(lessons[s]);
      default -> b.put(practiceSets[s]);
    }
    b.put(learner.jsonFragments[1]).put(contextTails[s]).put(TIMESTAMP_OPEN);
    timestamp(b, learner.time);
    b.put(CLOSE);
    return id;
  }

  byte[] json() {
    return buf.toByteArray();
  }

  /** ISO 8601 UTC with milliseconds, without the trailing Z. */
  private void timestamp(ByteBuf b, long millis) {
    long day = Math.floorDiv(millis, 86_400_000L);
    if (day != cachedDay) {
      cachedDay = day;
      cachedDate = ascii(LocalDate.ofEpochDay(day) + "T");
    }
    long ms = Math.floorMod(millis, 86_400_000L);
    b.put(cachedDate)
        .putDigits(ms / 3_600_000, 2).put(':')
        .putDigits(ms / 60_000 % 60, 2).put(':')
        .putDigits(ms / 1000 % 60, 2).put('.')
        .putDigits(ms % 1000, 3);
  }

  /** A random-looking (version 4 layout) but deterministic UUID for a learner's n-th statement. */
  static void uuid(ByteBuf b, long learnerSeed, long sequence) {
    long hi = Rng.mix(learnerSeed + (sequence + 1) * 0x9E3779B97F4A7C15L);
    long lo = Rng.mix(hi ^ 0xD1B54A32D192ED03L);
    hi = (hi & ~0xF000L) | 0x4000L;
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    hex(b, hi >>> 32, 8);
    b.put('-');
    hex(b, hi >>> 16, 4);
    b.put('-');
    hex(b, hi, 4);
    b.put('-');
    hex(b, lo >>> 48, 4);
    b.put('-');
    hex(b, lo, 12);
  }

  static String uuid(long learnerSeed, long sequence) {
    ByteBuf b = new ByteBuf();
    uuid(b, learnerSeed, sequence);
    return b.asciiSince(0);
  }

  private static void hex(ByteBuf b, long value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      b.put(HEX[(int) (value >>> shift) & 0xF]);
    }
  }

  private static byte[] activity(String iri, String name, String type, boolean choice) {
    return utf8("\"object\":{\"objectType\":\"Activity\",\"id\":" + JsonText.quote(iri)
        + ",\"definition\":{\"name\":{\"en-US\":"
        + JsonText.quote(name) + "},\"type\":\"" + type + "\"" + (choice ? ",\"interactionType\":\"choice\"" : "")
        + "}}");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
