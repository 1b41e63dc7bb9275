package org.learnstream.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SealedStatementsTest {

  private static final UUID RECORD = UUID.fromString("6fbd600f-d17c-4c74-801a-2ec2e53231c5");
  private static final long EVENT_TIME = 1_772_359_200_123L;

  @Test
  void aSealIsWrittenAsOneBinaryHeaderAndReadBackAsItsRecordAndEventTime() {
    Headers headers = new RecordHeaders();

    new SealedStatements.Seal(RECORD, EVENT_TIME).writeTo(headers);

    assertThat(headers.toArray()).singleElement()
        .satisfies(h -> assertThat(h.key()).isEqualTo(SealedStatements.SEAL_HEADER))
        .satisfies(h -> assertThat(h.value()).hasSize(24));
    assertThat(SealedStatements.recordOf(headers)).isEqualTo(RECORD.toString());
    assertThat(SealedStatements.eventTimeOf(headers, 0L)).isEqualTo(EVENT_TIME);
  }

  @Test
  void aStatementSealedWithTheEarlierTextHeadersIsStillReadAsSealed() {
    Headers headers = new RecordHeaders();
    headers.add(SealedStatements.RECORD_HEADER, RECORD.toString().getBytes(StandardCharsets.US_ASCII));
    headers.add(SealedStatements.EVENT_TIME_HEADER, Long.toString(EVENT_TIME).getBytes(StandardCharsets.US_ASCII));

    assertThat(SealedStatements.recordOf(headers)).isEqualTo(RECORD.toString());
    assertThat(SealedStatements.eventTimeOf(headers, 0L)).isEqualTo(EVENT_TIME);
  }

  @Test
  void aStatementWithoutSealHeadersIsInTheClearAndTakesTheGivenTime() {
    Headers headers = new RecordHeaders();

    assertThat(SealedStatements.recordOf(headers)).isNull();
    assertThat(SealedStatements.eventTimeOf(headers, 42L)).isEqualTo(42L);
  }

  @Test
  void aSealHeaderOfAnotherLengthIsNotReadAsOne() {
    Headers headers = new RecordHeaders();
    headers.add(SealedStatements.SEAL_HEADER, new byte[] {1, 2, 3});

    assertThat(SealedStatements.recordOf(headers)).isNull();
    assertThat(SealedStatements.eventTimeOf(headers, 42L)).isEqualTo(42L);
  }

  @Test
  void theRecordKeyNamesTheTenantAndTheRecordButNotTheLearner() {
    LearnerRecord record = new LearnerRecord("demo", RECORD, "p-1", new byte[32], java.time.Instant.EPOCH);

    assertThat(SealedStatements.key(record)).isEqualTo("demo|record:" + RECORD);
  }
}
