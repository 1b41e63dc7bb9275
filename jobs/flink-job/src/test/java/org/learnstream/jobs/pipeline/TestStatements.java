package org.learnstream.jobs.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;

/** Small, valid xAPI statements for pipeline tests, with named instants. */
final class TestStatements {

  static final Instant MONDAY_9AM = Instant.parse("2026-03-02T09:00:00Z");

  private TestStatements() {
  }

  static String id(int n) {
    return new UUID(0x1111_0000_0000_4000L, 0x8000_0000_0000_0000L | n).toString();
  }

  static String activity(String skill) {
    return "https://learnstream.example/activities/" + skill;
  }

  static Keyed answered(String tenant, String learner, String skill, boolean correct, Instant at, int n) {
    String json = "{\"id\":\"" + id(n) + "\","
        + "\"actor\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:" + learner + "@school.example\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\",\"display\":{\"en-US\":\"answered\"}},"
        + "\"object\":{\"objectType\":\"Activity\",\"id\":\"" + activity(skill) + "\"},"
        + "\"result\":{\"success\":" + correct + ",\"duration\":\"PT20S\"},"
        + "\"context\":{\"contextActivities\":{\"parent\":[{\"id\":\"https://learnstream.example/sections/7a\"}],"
        + "\"grouping\":[{\"id\":\"https://learnstream.example/courses/math\"}]}},"
        + "\"timestamp\":\"" + at + "\"}";
    return keyed(tenant + "|mbox:mailto:" + learner + "@school.example", json);
  }

  /** A teacher's statement voiding statement {@code id(target)}. */
  static Keyed voided(String tenant, int target, Instant at, int n) {
    String json = "{\"id\":\"" + id(n) + "\","
        + "\"actor\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:teacher@school.example\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\",\"display\":{\"en-US\":\"voided\"}},"
        + "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"" + id(target) + "\"},"
        + "\"timestamp\":\"" + at + "\"}";
    return keyed(tenant + "|mbox:mailto:teacher@school.example", json);
  }

  static Keyed raw(String tenant, String json) {
    return keyed(tenant + "|unknown", json);
  }

  private static Keyed keyed(String key, String json) {
    return new Keyed(key, json.getBytes(StandardCharsets.UTF_8));
  }
}
