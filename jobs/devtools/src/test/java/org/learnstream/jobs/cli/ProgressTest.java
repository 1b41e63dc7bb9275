package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void redirectedProgressIsPlainLinesWithoutCarriageReturnsOrEscapeCodes() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8);
        ProgressBar bar = Progress.bar("send", 50, false, err)) {
      bar.stepTo(20);
      bar.stepTo(50);
    }
    String output = captured.toString(StandardCharsets.UTF_8);

    assertThat(output).contains("send", "50/50").doesNotContain("\r", "\u001b[");
    assertThat(output.lines()).allSatisfy(line -> assertThat(line).startsWith("send"));
  }
}
