package org.learnstream.pipeline.clickhouse;

import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Varied rows for sink tests: every nullable both null and set, doubles with full mantissas. */
final class TestRows {

  private TestRows() {
  }

  static List<LearningEvent> learningEvents(int count, long seed) {
    Random random = new Random(seed);
    List<LearningEvent> events = new ArrayList<>();
    Instant base = Instant.parse("2025-01-30T10:15:30.123Z");
    for (int i = 0; i < count; i++) {
      boolean full = i % 2 == 0;
      Instant timestamp = base.plusMillis(random.nextInt(90 * 24 * 3600) * 1000L + random.nextInt(1000));
      EventKind kind = EventKind.values()[i % 3];
      events.add(LearningEvent.newBuilder()
          .setStatementId(new UUID(random.nextLong(), random.nextLong()).toString())
          .setTenant("school-" + (i % 3))
          .setLearner("learner-" + (i % 17))
          .setKind(kind)
          .setVerb("http://adlnet.gov/expapi/verbs/answered")
          .setObjectId("https://example.org/activities/q" + i)
          .setObjectType("Activity")
          .setActivityType(full ? "http://adlnet.gov/expapi/activities/cmi.interaction" : null)
          .setSkills(i % 4 == 0 ? List.of() : List.of("skill-" + (i % 5), "skill-ü-" + (i % 7)))
          .setSuccess(full ? i % 4 == 0 : null)
          .setScoreScaled(full ? random.nextDouble() * 2 - 1 : null)
          .setDurationMs(full ? (long) random.nextInt(1_000_000) : null)
          .setRegistration(full ? UUID.randomUUID().toString() : null)
          .setCourse(full ? "course-1" : null)
          .setSection(full ? "section-\t'quoted'\n" : null)
          .setVoidedStatementId(kind == EventKind.VOIDING ? UUID.randomUUID().toString() : null)
          .setTimestamp(timestamp)
          .setStored(timestamp.plusMillis(250))
          .setStatementJson(full ? "{\"id\":\"" + i + "\",\"text\":\"naïve \\\"quote\\\"\"}" : null)
          .build());
    }
    return events;
  }

  static List<MasteryUpdate> masteryUpdates(String tenant, String learner, String skill, int count, long seed) {
    Random random = new Random(seed);
    List<MasteryUpdate> updates = new ArrayList<>();
    Instant time = Instant.parse("2025-03-01T08:00:00.250Z");
    int correct = 0;
    for (int seq = 1; seq <= count; seq++) {
      boolean ok = random.nextBoolean();
      correct += ok ? 1 : 0;
      double after = random.nextDouble();
      updates.add(MasteryUpdate.newBuilder()
          .setTenant(tenant).setLearner(learner).setSkill(skill)
          .setStatementId(new UUID(random.nextLong(), random.nextLong()).toString())
          .setCourse(seq % 2 == 0 ? "course-1" : null).setSection(null)
          .setEventTime(time.plusSeconds(seq * 60L).plusMillis(seq))
          .setSequence(seq).setCorrect(ok)
          .setPKnownBefore(random.nextDouble()).setPCorrectPredicted(random.nextDouble()).setPKnownAfter(after)
          .setMastered(after >= 0.95).setAttempts(seq).setCorrectCount(correct)
          .setRecentAccuracy(random.nextDouble()).setRecentWindow(10).setTrend(random.nextGaussian())
          .setFirstMasteredAt(seq > 3 ? time.plusMillis(123_456) : null)
          .setModelVersion("bkt:defaults")
          .setRevision(seq)
          .build());
    }
    return updates;
  }
}
