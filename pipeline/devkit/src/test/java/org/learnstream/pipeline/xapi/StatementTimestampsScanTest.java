package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.BadStatement;
import org.learnstream.pipeline.simulate.BadStatements;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;

/** The byte scan behind {@link StatementTimestamps} must read every input as the streaming parser does. */
class StatementTimestampsScanTest {

  private static final long RECEIVED = Instant.parse("2026-03-02T12:00:00Z").toEpochMilli();
  private static final long TEN = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private static final long NINE = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

  private static long eventTime(String json) {
    return StatementTimestamps.eventTime(json.getBytes(StandardCharsets.UTF_8), RECEIVED);
  }

  @Test
  void aTimestampInsideAMemberObjectDoesNotCount() {
    assertThat(eventTime("{\"context\":{\"timestamp\":\"2026-03-02T10:00:00Z\"},\"stored\":\"2026-03-02T09:00:00Z\"}"))
        .isEqualTo(NINE);
    assertThat(eventTime("{\"object\":{\"definition\":{\"timestamp\":\"2026-03-02T10:00:00Z\"}}}")).isEqualTo(RECEIVED);
    assertThat(eventTime("{\"a\":[{\"timestamp\":\"2026-03-02T10:00:00Z\"}],\"b\":[\"timestamp\"]}"))
        .isEqualTo(RECEIVED);
  }

  @Test
  void aTimestampWinsOverStoredWhereverEitherStands() {
    assertThat(eventTime("{\"stored\":\"2026-03-02T09:00:00Z\",\"timestamp\":\"2026-03-02T10:00:00Z\"}"))
        .isEqualTo(TEN);
    assertThat(eventTime("{\"timestamp\":\"2026-03-02T10:00:00Z\",\"stored\":\"2026-03-02T09:00:00Z\"}"))
        .isEqualTo(TEN);
  }

  @Test
  void anInvalidTimestampFallsBackToStoredAndAnInvalidStoredToTheReceiptTime() {
    assertThat(eventTime("{\"timestamp\":\"yesterday\",\"stored\":\"2026-03-02T09:00:00Z\"}")).isEqualTo(NINE);
    assertThat(eventTime("{\"timestamp\":12,\"stored\":\"2026-03-02T09:00:00Z\"}")).isEqualTo(NINE);
    assertThat(eventTime("{\"stored\":\"2026-03-02T09:00:00Z\",\"stored\":\"soon\"}")).isEqualTo(RECEIVED);
  }

  @Test
  void brokenJsonBeforeTheTimestampGivesNoEventTime() {
    assertThat(eventTime("{\"a\":01,\"timestamp\":\"2026-03-02T10:00:00Z\"}")).isEqualTo(StatementTimestamps.NONE);
    assertThat(eventTime("{\"a\":tru,\"timestamp\":\"2026-03-02T10:00:00Z\"}")).isEqualTo(StatementTimestamps.NONE);
    assertThat(eventTime("{\"a\":[1,],\"timestamp\":\"2026-03-02T10:00:00Z\"}")).isEqualTo(StatementTimestamps.NONE);
    assertThat(eventTime("{\"stored\":\"2026-03-02T09:00:00Z\",\"a\":{\"b\" 1}}")).isEqualTo(StatementTimestamps.NONE);
    assertThat(eventTime("{\"stored\":\"2026-03-02T09:00:00Z\"")).isEqualTo(StatementTimestamps.NONE);
  }

  @Test
  void whatFollowsAValidTimestampOrTheClosingBraceIsNotRead() {
    assertThat(eventTime("{\"timestamp\":\"2026-03-02T10:00:00Z\", oops")).isEqualTo(TEN);
    assertThat(eventTime("{\"stored\":\"2026-03-02T09:00:00Z\"} trailing")).isEqualTo(NINE);
  }

  @Test
  void escapesAndNonAsciiTextAreReadAsTheParserReadsThem() {
    assertThat(eventTime("{\"time\\u0073tamp\":\"2026-03-02T10:00:00Z\"}")).isEqualTo(TEN);
    assertThat(eventTime("{\"name\":\"Zoë \\\"Z\\\"\",\"timestamp\":\"2026-03-02T10:00:00Z\"}")).isEqualTo(TEN);
    assertThat(eventTime("\uFEFF{\"timestamp\":\"2026-03-02T10:00:00Z\"}")).isEqualTo(TEN);
  }

  @Test
  void agreesWithTheParserOnStatementsAndMutilatedCopiesOfThem() {
    List<byte[]> inputs = inputs();
    int decidedByScan = 0;
    for (byte[] input : inputs) {
      assertThat(StatementTimestamps.eventTime(input, RECEIVED))
          .as("event time of %s", new String(input, StandardCharsets.UTF_8))
          .isEqualTo(StatementTimestamps.parsed(input, RECEIVED));
      if (TopLevelTimes.scan(input).decided) {
        decidedByScan++;
      }
    }
    // the comparison must exercise the scan itself, not only the parser it falls back to
    assertThat(decidedByScan).isGreaterThan(inputs.size() / 4);
  }

  private static List<byte[]> inputs() {
    CohortSpec spec = CohortSpec.demo().withLearners(10);
    List<byte[]> statements = new ArrayList<>();
    new CohortSimulator(spec).statements().limit(100).forEach(s -> statements.add(s.json()));
    for (BadStatement bad : BadStatements.of(spec)) {
      statements.add(bad.json());
    }
    statements.add(("{\"stored\":\"2026-03-02T09:00:00Z\",\"result\":{\"score\":{\"raw\":-1.5e+3,\"max\":0}},"
        + "\"x\":[true,false,null,[],{}],\"timestamp\":\"2026-03-02T10:00:00+02:00\"}")
        .getBytes(StandardCharsets.UTF_8));
    byte[] alphabet = "{}[]\":,. \t\n\\-+eE0159tfnulrsaxTZ\u0000".getBytes(StandardCharsets.ISO_8859_1);
    SplittableRandom random = new SplittableRandom(20260302L);
    List<byte[]> inputs = new ArrayList<>(statements);
    for (byte[] statement : statements) {
      for (int k = 0; k < 60; k++) {
        byte[] copy = statement.clone();
        int at = random.nextInt(copy.length);
        switch (k % 3) {
          case 0 -> copy[at] = alphabet[random.nextInt(alphabet.length)];
          case 1 -> copy = java.util.Arrays.copyOf(copy, at + 1);
          default -> {
            byte[] longer = new byte[copy.length + 1];
            System.arraycopy(copy, 0, longer, 0, at);
            longer[at] = alphabet[random.nextInt(alphabet.length)];
            System.arraycopy(copy, at, longer, at + 1, copy.length - at);
            copy = longer;
          }
        }
        inputs.add(copy);
      }
    }
    return inputs;
  }
}
