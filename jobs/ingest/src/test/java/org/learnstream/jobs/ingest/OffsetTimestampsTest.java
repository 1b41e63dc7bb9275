package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetTimestampsTest {

  @Test
  void readsTheUsualStatementTimestamps() {
    assertThat(OffsetTimestamps.parse("2026-03-02T08:32:29.920Z")).isEqualTo(Instant.ofEpochMilli(1772440349920L));
    assertThat(OffsetTimestamps.parse("2026-03-02T10:32:29+02:00")).isEqualTo(Instant.ofEpochSecond(1772440349L));
    assertThat(OffsetTimestamps.parse("2026-03-02T08:32:29.000000001Z"))
        .isEqualTo(Instant.ofEpochSecond(1772440349L, 1));
  }

  @Test
  void givesNothingForTextThatIsNoOffsetDateTime() {
    assertThat(OffsetTimestamps.parse("2026-02-30T08:32:29Z")).isNull();
    assertThat(OffsetTimestamps.parse("2026-03-02T08:32:29+0200")).isNull();
    assertThat(OffsetTimestamps.parse("2026-03-02 08:32:29Z")).isNull();
    assertThat(OffsetTimestamps.parse("yesterday")).isNull();
  }

  /** The formatter is the reference: every shape, in range or not, must give what it gives. */
  @Test
  void agreesWithOffsetDateTimeParseOnEveryShape() {
    List<String> texts = new ArrayList<>();
    String[] dates = {"2026-03-02", "2024-02-29", "2023-02-29", "2026-04-31", "2026-12-31", "2026-13-01",
        "2026-00-10", "2026-01-00", "0000-01-01", "9999-12-31", "1970-01-01"};
    String[] times = {"T08:32:29", "t08:32:29", "T23:59:59", "T24:00:00", "T00:60:00", "T12:00:60", "T08:32",
        "T8:32:29"};
    String[] fractions = {"", ".9", ".92", ".920", ".123456", ".123456789", ".1234567890", ".", ",5"};
    String[] zones = {"Z", "z", "+02:00", "-05:30", "-00:00", "+00:00", "+17:59", "+18:00", "-18:00", "+18:30",
        "+02:60", "+0200", "+02", "+02:00:30", "", "Z ", "+2:00"};
    for (String date : dates) {
      for (String time : times) {
        for (String fraction : fractions) {
          for (String zone : zones) {
            texts.add(date + time + fraction + zone);
          }
        }
      }
    }
    int parsed = 0;
    for (String text : texts) {
      Instant expected = formatter(text);
      assertThat(OffsetTimestamps.parse(text)).as(text).isEqualTo(expected);
      parsed += expected == null ? 0 : 1;
    }
    assertThat(parsed).as("texts the formatter accepts").isGreaterThan(1000);
  }

  private static Instant formatter(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
