package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.LearningEvent;

class EventLogTimeTest extends PipelineTestBase {

  private static final Duration SKEW = Duration.ofMinutes(15);
  private final EventLogTime time = new EventLogTime(SKEW.toMillis());

  @Test
  void aReplayedEventCarriesItsOwnTimestamp() {
    LearningEvent event = response("a", T1, true);

    assertThat(time.extractTimestamp(event, 0L)).isEqualTo(T1.toEpochMilli());
  }

  @Test
  void aReplayedEventDatedFarAheadOfItsStoredTimeCarriesEventTimeOnlyToTheSkewBound() {
    LearningEvent event = response("a", Instant.parse("2099-01-01T00:00:00Z"), true);
    event.setStored(T1);

    assertThat(time.extractTimestamp(event, 0L)).isEqualTo(T1.plus(SKEW).toEpochMilli());
    assertThat(event.getTimestamp()).as("the event itself keeps its time")
        .isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
  }
}
