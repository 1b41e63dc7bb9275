package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredTimestampsTest {

  private final StoredTimestamps stored = new StoredTimestamps();

  @Test
  void writesUtcWithThreeDigitMilliseconds() {
    assertThat(stored.format(Instant.parse("2026-03-01T10:15:30.250Z"))).isEqualTo("2026-03-01T10:15:30.250Z");
    assertThat(stored.format(Instant.parse("2026-03-01T10:15:30.005Z"))).isEqualTo("2026-03-01T10:15:30.005Z");
    assertThat(stored.format(Instant.parse("2026-03-01T10:15:30Z"))).isEqualTo("2026-03-01T10:15:30.000Z");
  }

  @Test
  void dropsSubMillisecondDigits() {
    assertThat(stored.format(Instant.parse("2026-03-01T10:15:30.999999999Z"))).isEqualTo("2026-03-01T10:15:30.999Z");
  }

  @Test
  void followsTheClockAcrossSecondsDaysAndBackwards() {
    assertThat(stored.format(Instant.parse("2026-12-31T23:59:59.999Z"))).isEqualTo("2026-12-31T23:59:59.999Z");
    assertThat(stored.format(Instant.parse("2027-01-01T00:00:00.001Z"))).isEqualTo("2027-01-01T00:00:00.001Z");
    assertThat(stored.format(Instant.parse("2027-01-01T00:00:00.002Z"))).isEqualTo("2027-01-01T00:00:00.002Z");
    assertThat(stored.format(Instant.parse("2026-12-31T23:59:59.998Z"))).isEqualTo("2026-12-31T23:59:59.998Z");
  }

  @Test
  void writesTimesBeforeTheEpoch() {
    assertThat(stored.format(Instant.parse("1969-12-31T23:59:59.900Z"))).isEqualTo("1969-12-31T23:59:59.900Z");
  }
}
