package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DurationsTest {

  /** The grammar as a regular expression, the reference the hand-written reader must agree with. */
  private static final String NUM = "(\\d+(?:[.,]\\d+)?)";
  private static final Pattern GRAMMAR = Pattern.compile(
      "P(?:" + NUM + "W|(?=\\d|T\\d)(?:" + NUM + "Y)?(?:" + NUM + "M)?(?:" + NUM + "D)?"
          + "(?:T(?=\\d)(?:" + NUM + "H)?(?:" + NUM + "M)?(?:" + NUM + "S)?)?)");

  @Test
  void convertsEachPartWithFixedCalendarLengths() {
    assertThat(Durations.millis("PT1M30.5S")).isEqualTo(90_500);
    assertThat(Durations.millis("P1DT2H")).isEqualTo(26 * 3_600_000L);
    assertThat(Durations.millis("P2W")).isEqualTo(14 * 86_400_000L);
    assertThat(Durations.millis("P1Y1M")).isEqualTo(395 * 86_400_000L);
    assertThat(Durations.millis("PT0,25S")).isEqualTo(250);
  }

  @Test
  void refusesWhatIsNoDuration() {
    for (String text : List.of("P", "PT", "P1", "P1DT", "P1W2D", "PT1D", "P1S", "P1D1Y", "P1Y1Y", "PT1.S", "P.5D",
        "pt1s", "1D", "P1DT1H1M1S ", "P١D")) {
      assertThat(Durations.isDuration(text)).as(text).isFalse();
      assertThat(Durations.millis(text)).as(text).isEqualTo(-1);
    }
  }

  @Test
  void agreesWithTheGrammarOnGeneratedText() {
    List<String> texts = new ArrayList<>();
    String[] pieces = {"P", "T", "W", "Y", "M", "D", "H", "S", "1", "25", "0", "1.5", "2,25", ".", ",", "3."};
    SplittableRandom random = new SplittableRandom(8601);
    for (int k = 0; k < 200_000; k++) {
      StringBuilder b = new StringBuilder(k % 4 == 0 ? "" : "P");
      int length = 1 + random.nextInt(7);
      for (int p = 0; p < length; p++) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      texts.add(b.toString());
    }
    int valid = 0;
    for (String text : texts) {
      Matcher m = GRAMMAR.matcher(text);
      boolean matches = m.matches();
      assertThat(Durations.isDuration(text)).as(text).isEqualTo(matches);
      assertThat(Durations.millis(text)).as(text).isEqualTo(matches ? reference(m) : -1);
      valid += matches ? 1 : 0;
    }
    assertThat(valid).as("generated durations that are valid").isGreaterThan(1_000);
  }

  private static long reference(Matcher m) {
    double days = 7 * part(m, 1) + 365 * part(m, 2) + 30 * part(m, 3) + part(m, 4);
    double seconds = days * 86_400 + part(m, 5) * 3_600 + part(m, 6) * 60 + part(m, 7);
    return Math.round(seconds * 1000);
  }

  private static double part(Matcher m, int group) {
    String g = m.group(group);
    return g == null ? 0 : Double.parseDouble(g.replace(',', '.'));
  }
}
