package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.spi.MasteryPoint;
import org.learnstream.pipeline.warning.spi.Observation;

class LearnerWarningsCodecTest {

  private static final long START = 1_772_442_000_000L;
  private final WarningRules rules = WarningRules.defaults();

  @Test
  void aRestoredLearnerRaisesAndResolvesExactlyWhatTheOriginalWould() throws IOException {
    LearnerWarnings original = new LearnerWarnings("t1", "p-1");
    Random random = new Random(7);
    long time = START;
    for (int i = 0; i < 40; i++) {
      time += 60_000;
      feed(original, random, i, time);
    }
    assertThat(original.hasOpenAlerts()).as("the sample must carry open alerts through the round trip").isTrue();

    LearnerWarnings restored = roundTrip(original);

    Random a = new Random(11);
    Random b = new Random(11);
    List<AlertChange> fromOriginal = new ArrayList<>();
    List<AlertChange> fromRestored = new ArrayList<>();
    for (int i = 40; i < 120; i++) {
      time += 60_000;
      fromOriginal.addAll(feed(original, a, i, time));
      fromRestored.addAll(feed(restored, b, i, time));
    }
    time += 30L * 24 * 3_600_000;
    fromOriginal.addAll(original.onTime(time, rules));
    fromRestored.addAll(restored.onTime(time, rules));
    assertThat(fromOriginal).isNotEmpty();
    assertThat(fromRestored).isEqualTo(fromOriginal);
    assertThat(restored.lastActivity()).isEqualTo(original.lastActivity());
  }

  @Test
  void refusesAFormatItDoesNotKnow() throws IOException {
    byte[] value = bytes(new LearnerWarnings("t1", "p-1"));
    assertThatThrownBy(() -> LearnerWarningsCodec.read(new DataInputStream(new ByteArrayInputStream(value)),
        LearnerWarningsCodec.CURRENT_FORMAT + 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("format " + (LearnerWarningsCodec.CURRENT_FORMAT + 1));
  }

  private List<AlertChange> feed(LearnerWarnings w, Random random, int i, long time) {
    String skill = "skill-" + (i % 3);
    if (i % 4 == 3) {
      return w.onMastery(new MasteryPoint("m" + i, time, skill, i < 20 ? 0.97 : random.nextDouble() * 0.4,
          "c", "sec"), rules);
    }
    // a first stretch of fast wrong answers opens alerts; later answers are mixed, so some resolve
    boolean correct = i >= 30 && random.nextInt(10) < 7;
    long duration = i < 30 || random.nextBoolean() ? 1_500 : 40_000;
    return w.onObservation(new Observation("s" + i, time, "c", "sec", List.of(skill), correct, duration, "a"),
        rules);
  }

  private static LearnerWarnings roundTrip(LearnerWarnings w) throws IOException {
    return LearnerWarningsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes(w))),
        LearnerWarningsCodec.CURRENT_FORMAT);
  }

  private static byte[] bytes(LearnerWarnings w) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LearnerWarningsCodec.write(w, new DataOutputStream(bytes));
    return bytes.toByteArray();
  }
}
