package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.FailureStreakRule;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.MasteryPoint;
import org.learnstream.pipeline.warning.spi.Observation;
import org.learnstream.pipeline.warning.spi.StateIo;
import org.learnstream.pipeline.warning.spi.Tier;

/**
 * Savepoints keep early-warning state in the codec's format: state written before the rules had sections of their
 * own (format 1, bytes recorded from that version) and before alerts had tiers (format 2, recorded likewise) still
 * restores, and sections of rules added or removed since are
 * handled as {@link LearnerWarningsCodec} documents.
 */
class LearnerWarningsRestoreTest {

  private final WarningRules rules = WarningRules.defaults();

  @Test
  void stateWrittenInFormatOneRestoresWithTheLearnerAndEveryOpenAlert() throws IOException {
    LearnerWarnings w = formatOne();

    assertThat(w.tenant()).isEqualTo("t1");
    assertThat(w.learner()).isEqualTo("p-1");
    assertThat(w.lastActivity()).isEqualTo(1_772_443_140_000L);
    assertThat(w.lastStatement).isEqualTo("v0");
    assertThat(w.course).isEqualTo("c");
    assertThat(w.section).isEqualTo("sec");
    assertThat(w.open.keySet()).containsExactlyInAnyOrder("inactivity", "failure_streak", "rapid_guessing",
        "wheel_spinning|skill-a", "mastery_decline|skill-b");
    assertThat(w.open.get("mastery_decline|skill-b").reference).isEqualTo(0.97);
    assertThat(w.open.get("wheel_spinning|skill-a").alertId).isEqualTo("8787cb842d4f1904b6d4cf1fbcd52d21");
    assertThat(w.open.get("wheel_spinning|skill-a").rule).isSameAs(WheelSpinningRule.RULE);
    assertThat(w.lastRaised).hasSize(5).containsEntry("inactivity", 1_772_788_740_000L);
  }

  @Test
  void stateRestoredFromFormatOneRaisesAndResolvesWhatTheVersionThatWroteItDid() throws IOException {
    List<String> expected = new String(resource("learner-warnings-format1-continuation.tsv").readAllBytes(),
        StandardCharsets.UTF_8).lines().toList();

    assertThat(continuation(formatOne())).isEqualTo(expected);
  }

  @Test
  void stateRestoredFromFormatOneKeepsItsBehaviourThroughTheCurrentFormat() throws IOException {
    LearnerWarnings rewritten = LearnerWarningsCodec.copy(formatOne());

    assertThat(continuation(rewritten)).isEqualTo(continuation(formatOne()));
  }

  @Test
  void stateWrittenInFormatTwoRestoresItsOpenAlertsAsCautionAndBehavesAsTheFormatOneStateItWasWrittenFrom()
      throws IOException {
    LearnerWarnings w;
    try (InputStream in = resource("learner-warnings-format2.bin")) {
      w = LearnerWarningsCodec.read(new DataInputStream(in), 2);
    }

    assertThat(w.open.keySet()).isEqualTo(formatOne().open.keySet());
    assertThat(w.open.values()).allSatisfy(o -> {
      assertThat(o.tier).isEqualTo(Tier.CAUTION);
      assertThat(o.escalatedAt).isNull();
    });
    assertThat(continuation(w)).isEqualTo(continuation(formatOne()));
  }

  @Test
  void aSectionOfAnUnknownRuleIsSkippedWithItsOpenAlertAndARuleWithoutASectionStartsFresh() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = header(bytes, "sleepiness");
    out.writeInt(2);
    section(out, "sleepiness", 1, new byte[] {1, 2, 3, 4});
    section(out, "failure_streak", 1, failureRun("x1", "x2", "x3"));

    LearnerWarnings w = read(bytes.toByteArray());

    assertThat(w.openAlerts()).isZero();
    List<AlertChange> out9 = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      out9.addAll(answer(w, "y" + i, i));
    }
    // The failure run goes on from its three restored failures; wheel spinning counts from a fresh state.
    assertThat(out9).extracting(AlertChange::rule).containsExactly(FailureStreakRule.RULE);
    assertThat(out9.get(0).evidence()).contains("\"consecutive_failures\":12");
    assertThat(answer(w, "y9", 9)).extracting(AlertChange::rule).containsExactly(WheelSpinningRule.RULE);
  }

  @Test
  void aRuleSectionNewerThanTheRuleReadsIsRefusedNamingTheRule() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = header(bytes, null);
    out.writeInt(1);
    section(out, "failure_streak", 2, failureRun("x1"));

    assertThatThrownBy(() -> read(bytes.toByteArray()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("rule failure_streak is in version 2");
  }

  private LearnerWarnings formatOne() throws IOException {
    try (InputStream in = resource("learner-warnings-format1.bin")) {
      return LearnerWarningsCodec.read(new DataInputStream(in), 1);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = LearnerWarningsRestoreTest.class.getResourceAsStream("/warning/" + name);
    assertThat(in).as(name).isNotNull();
    return in;
  }

  /** What the recording version fed the learner after writing its state, and the alerts as the fixture lists them. */
  private List<String> continuation(LearnerWarnings w) {
    long time = 1_773_307_140_000L;
    List<AlertChange> changes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      time += 60_000;
      changes.addAll(w.onObservation(new Observation("r" + i, time, "c", "sec", List.of("skill-a"), true, 30_000L,
          "a"), rules));
    }
    time += 60_000;
    changes.addAll(w.onMastery(new MasteryPoint("b9", time, "skill-b", 0.9, "c", "sec"), rules));
    Random random = new Random(11);
    for (int i = 40; i < 120; i++) {
      time += 60_000;
      String skill = "skill-" + (i % 3);
      if (i % 4 == 3) {
        changes.addAll(w.onMastery(new MasteryPoint("m" + i, time, skill, i < 20 ? 0.97 : random.nextDouble() * 0.4,
            "c", "sec"), rules));
      } else {
        boolean correct = i >= 30 && random.nextInt(10) < 7;
        long duration = i < 30 || random.nextBoolean() ? 1_500 : 40_000;
        changes.addAll(w.onObservation(new Observation("s" + i, time, "c", "sec", List.of(skill), correct,
            duration, "a"), rules));
      }
    }
    time += 30L * 24 * 3_600_000;
    changes.addAll(w.onTime(time, rules));
    return changes.stream().map(c -> String.join("\t", c.alertId(), c.rule().id(), String.valueOf(c.skill()),
        String.valueOf(c.resolved()), String.valueOf(c.episode()), String.valueOf(c.raisedAt()),
        String.valueOf(c.resolvedAt()), c.severity().id(), c.evidence(), String.join(",", c.evidenceEvents())))
        .toList();
  }

  private List<AlertChange> answer(LearnerWarnings w, String id, int minute) {
    return w.onObservation(new Observation(id, 1_000_000L + minute * 60_000L, "c", "sec", List.of("k"), false,
        30_000L, "a"), rules);
  }

  /** Format 2 up to the rule sections: the learner, one open alert of {@code openRule} (if any), no cooldowns. */
  private static DataOutputStream header(ByteArrayOutputStream bytes, String openRule) throws IOException {
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF("t1");
    out.writeUTF("p-1");
    out.writeLong(1_000_000L);
    StateIo.writeNullable(out, "x3");
    StateIo.writeNullable(out, "c");
    StateIo.writeNullable(out, "sec");
    out.writeInt(openRule == null ? 0 : 1);
    if (openRule != null) {
      out.writeUTF(openRule);
      out.writeUTF(openRule);
      StateIo.writeNullable(out, null);
      out.writeLong(1_000_000L);
      out.writeUTF("an-alert-id");
      out.writeUTF("WARNING");
      StateIo.writeNullable(out, "c");
      StateIo.writeNullable(out, "sec");
      StateIo.writeNullable(out, "{}");
      StateIo.writeStrings(out, List.of("x3"));
      out.writeDouble(0);
    }
    out.writeInt(0);
    return out;
  }

  private static void section(DataOutputStream out, String rule, int version, byte[] state) throws IOException {
    out.writeUTF(rule);
    out.writeInt(version);
    out.writeInt(state.length);
    out.write(state);
  }

  private static byte[] failureRun(String... ids) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(ids.length);
    StateIo.writeStrings(out, List.of(ids));
    return bytes.toByteArray();
  }

  /** Reads bytes in format 2, the layout {@link #header} writes. */
  private static LearnerWarnings read(byte[] bytes) throws IOException {
    return LearnerWarningsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 2);
  }
}
