package org.learnstream.pipeline.records;

import java.time.Instant;
import java.util.UUID;
import org.learnstream.schemas.LearningEvent;

/** Events whose statement text the event log seals or keeps in the clear, for the tests of both sides. */
public final class SealableEvents {

  private SealableEvents() {
  }

  /** An event of {@code tenant} with a fresh statement id; {@code learnerRecord} null: it came in the clear. */
  public static LearningEvent event(String tenant, String learnerRecord, String text) {
    return LearningEvent.newBuilder().setStatementId(UUID.randomUUID().toString()).setTenant(tenant)
        .setLearner("0123456789abcdef0123456789abcdef").setVerb("http://adlnet.gov/expapi/verbs/answered")
        .setObjectId("http://example.com/q1").setObjectType("Activity")
        .setTimestamp(Instant.parse("2026-12-01T10:00:00Z")).setStored(Instant.parse("2026-12-01T10:00:01Z"))
        .setStatementJson(text).setLearnerRecord(learnerRecord).build();
  }
}
