package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A class's state survives its binary form whole, and a format this version does not know is refused. */
class ClassWarningsCodecTest {

  private static final long DAY = 86_400_000L;

  @Test
  void aCopyThroughTheBinaryFormKeepsLearnersAlertsAndPatternsAndBehavesAlike() {
    ClassPatternSettings settings = ClassPatternSettings.defaults();
    ClassWarnings original = new ClassWarnings("t1", "course", null);
    for (int i = 0; i < 10; i++) {
      original.onActivity("p" + i, 0);
    }
    List<ClassPattern> patterns = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      original.onAlert("inactivity", null, "p" + i, 4 * DAY, 1, settings, patterns);
    }

    ClassWarnings copy = ClassWarningsCodec.copy(original);

    assertThat(copy.lastSeen).isEqualTo(original.lastSeen);
    assertThat(copy.raised).isEqualTo(original.raised);
    assertThat(copy.patterns).isEqualTo(original.patterns).isNotEmpty();
    assertThat(copy.section).isNull();
    assertThat(copy.onAlert("inactivity", null, "p0", 6 * DAY, 2, settings, patterns)).isFalse();
  }

  @Test
  void aFormatThisVersionDoesNotReadIsRefused() {
    assertThatThrownBy(() -> ClassWarningsCodec.read(new DataInputStream(new ByteArrayInputStream(new byte[0])), 2))
        .isInstanceOf(IOException.class).hasMessageContaining("format 2");
  }
}
