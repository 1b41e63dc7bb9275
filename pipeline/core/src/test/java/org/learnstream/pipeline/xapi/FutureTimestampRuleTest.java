package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FutureTimestampRuleTest {

  private static final long RECEIVED = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
  private static final long FIFTEEN_MINUTES = Duration.ofMinutes(15).toMillis();

  private final StatementNormalizer normalizer = new StatementNormalizer(new StatementValidator(),
      Pseudonymizer.unkeyed(), XapiVersion.V1_0_3);

  private static byte[] statement(String times) {
    return ("""
        {"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
         "actor": {"mbox": "mailto:ann@example.com"},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
         "object": {"id": "http://example.com/q/7"},
         "result": {"success": true}""" + times + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTimestampHoursAheadOfReceiptIsAcceptedWithItsOwnTimeAsEventTime() {
    var result = normalizer.normalize("t", statement(", \"timestamp\": \"2026-03-02T12:00:00+01:00\""), RECEIVED);

    assertThat(result).isInstanceOf(StatementNormalizer.Accepted.class);
    assertThat(((StatementNormalizer.Accepted) result).event().getTimestamp())
        .isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
  }

  @Test
  void withoutATimestampAFutureStoredIsAcceptedToo() {
    var result = normalizer.normalize("t", statement(", \"stored\": \"2099-01-01T00:00:00Z\""), RECEIVED);

    assertThat(result).isInstanceOf(StatementNormalizer.Accepted.class);
  }

  @Test
  void theSourceReadsTheSameEventTimeAsTheNormaliser() {
    byte[] json = statement(
        ", \"context\": {\"extensions\": {\"http://example.com/ext\": {\"timestamp\": \"1999-01-01T00:00:00Z\"}}},"
            + " \"stored\": \"2026-03-02T08:00:00Z\", \"timestamp\": \"2026-03-02T08:30:00.125+00:30\"");
    var event = ((StatementNormalizer.Accepted) normalizer.normalize("t", json, RECEIVED)).event();

    assertThat(StatementTimestamps.eventTime(json, RECEIVED)).isEqualTo(event.getTimestamp().toEpochMilli());
    assertThat(StatementTimestamps.eventTime(statement(", \"stored\": \"2026-03-02T08:00:00Z\""), RECEIVED))
        .isEqualTo(Instant.parse("2026-03-02T08:00:00Z").toEpochMilli());
    assertThat(StatementTimestamps.eventTime(statement(""), RECEIVED)).isEqualTo(RECEIVED);
  }

  @Test
  void brokenStatementsGetNoEventTimeAtTheSourceSoTheyMoveNoWatermark() {
    assertThat(StatementTimestamps.eventTime("{not json".getBytes(StandardCharsets.UTF_8), RECEIVED))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(StatementTimestamps.eventTime("[1]".getBytes(StandardCharsets.UTF_8), RECEIVED))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(StatementTimestamps.eventTime(null, RECEIVED)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void atTheSourceAFarFutureTimeCarriesEventTimeOnlyToTheSkewBoundAfterReceipt() {
    assertThat(StatementTimestamps.eventTime(statement(", \"timestamp\": \"2099-01-01T00:00:00Z\""), RECEIVED,
        FIFTEEN_MINUTES)).isEqualTo(RECEIVED + FIFTEEN_MINUTES);
    assertThat(StatementTimestamps.eventTime(statement(", \"timestamp\": \"2026-03-02T09:10:00Z\""), RECEIVED,
        FIFTEEN_MINUTES)).isEqualTo(RECEIVED + Duration.ofMinutes(10).toMillis());
    assertThat(StatementTimestamps.eventTime("{not json".getBytes(StandardCharsets.UTF_8), RECEIVED,
        FIFTEEN_MINUTES)).isEqualTo(Long.MIN_VALUE);
  }
}
