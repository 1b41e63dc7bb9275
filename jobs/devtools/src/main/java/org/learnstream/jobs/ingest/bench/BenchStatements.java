package org.learnstream.jobs.ingest.bench;

import java.nio.charset.StandardCharsets;

/** Request bodies for the ingest benchmark: realistic answered statements spread over many learners. */
public final class BenchStatements {

  private static final int LEARNERS = 5_000;
  private static final int VARIANTS = 64;

  private final byte[][] singles = new byte[VARIANTS][];
  private final byte[][] batches = new byte[VARIANTS][];

  public BenchStatements(int batchSize) {
    for (int v = 0; v < VARIANTS; v++) {
      singles[v] = statement(v * 7919).getBytes(StandardCharsets.UTF_8);
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < batchSize; i++) {
        b.append(i == 0 ? "" : ",").append(statement(v * batchSize + i));
      }
      batches[v] = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  public byte[] single(int n) {
    return singles[Math.floorMod(n, VARIANTS)];
  }

  public byte[] batch(int n) {
    return batches[Math.floorMod(n, VARIANTS)];
  }

  static String statement(int n) {
    int learner = Math.floorMod(n, LEARNERS);
    int item = Math.floorMod(n * 31, 400);
    boolean correct = Math.floorMod(n * 13, 10) < 7;
    return "{\"actor\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://lms.example.com\",\"name\":\"learner-"
        + learner
        + "\"}},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\",\"display\":{\"en-US\":\"answered\"}},"
        + "\"object\":{\"objectType\":\"Activity\",\"id\":\"https://lms.example.com/items/" + item
        + "\",\"definition\":{\"type\":\"http://adlnet.gov/expapi/activities/cmi.interaction\",\"interactionType\":\"choice\"}},"
        + "\"result\":{\"success\":" + correct + ",\"score\":{\"scaled\":" + (correct ? "1.0" : "0.0")
        + "},\"duration\":\"PT" + (5 + Math.floorMod(n, 50)) + "S\"},"
        + "\"context\":{\"registration\":\"6fbd600f-d17c-4c74-801a-2ec2e53231c5\",\"contextActivities\":{\"parent\":[{\"id\":"
        + "\"https://lms.example.com/courses/algebra-1\"}]}},\"timestamp\":\"2026-03-01T10:"
        + String.format("%02d", Math.floorMod(n, 60))
        + ":00.000Z\"}";
  }
}
