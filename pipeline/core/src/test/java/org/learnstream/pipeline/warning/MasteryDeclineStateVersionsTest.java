package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.warning.rules.MasteryDeclineRule;
import org.learnstream.pipeline.warning.spi.StateIo;

/**
 * Mastery decline's state version 2 (before the update times) restores: its updates count as separated by a pause,
 * so a decline open in it escalates as it did, and the state is written back in version 3.
 */
class MasteryDeclineStateVersionsTest {

  private final MasteryDeclineRule rule = MasteryDeclineRule.RULE;

  @Test
  void aSkillWrittenInVersionTwoRestoresWithUnknownTimesAndRoundTripsInVersionThree() throws IOException {
    Map<String, ?> restored = rule.readState(new DataInputStream(new ByteArrayInputStream(versionTwo())), 2);

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    @SuppressWarnings("unchecked")
    Map<String, Object> state = (Map<String, Object>) restored;
    writeBack(state, again);
    Map<String, ?> reread = rule.readState(new DataInputStream(new ByteArrayInputStream(again.toByteArray())), 3);

    assertThat(rule.stateVersion()).isEqualTo(3);
    assertThat(reread.keySet()).containsExactly("s");
    ByteArrayOutputStream third = new ByteArrayOutputStream();
    @SuppressWarnings("unchecked")
    Map<String, Object> rereadState = (Map<String, Object>) reread;
    writeBack(rereadState, third);
    assertThat(third.toByteArray()).isEqualTo(again.toByteArray());
  }

  @Test
  void aDeclineOpenInVersionTwoStateStillEscalatesAfterActUpdates() throws IOException {
    LearnerFeed feed = new LearnerFeed();
    feed.mastery("s", 0.97);
    feed.mastery("s", 0.97);
    for (double p : new double[] {0.4, 0.35, 0.3}) {
      feed.mastery("s", p);
    }
    assertThat(feed.learner.open).containsKey("mastery_decline|s");
    // The learner's decline state as version 2 wrote it: no times, so the fall counts as after a pause.
    feed.learner.states.put(rule.id(),
        rule.readState(new DataInputStream(new ByteArrayInputStream(versionTwo())), 2));

    int actUpdates = feed.rules.of(rule).actUpdates();
    List<AlertChange> out = new java.util.ArrayList<>();
    for (int i = 0; i < actUpdates; i++) {
      out.addAll(feed.mastery("s", 0.3));
    }

    assertThat(out).extracting(AlertChange::escalation).containsExactly(true);
  }

  /** One skill "s" as version 2 wrote it: P(L) 0.97, 0.4, 0.35, 0.3, their statements, no updates since raised. */
  private static byte[] versionTwo() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(1);
    out.writeUTF("s");
    double[] values = {0.97, 0.4, 0.35, 0.3};
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
    StateIo.writeStrings(out, List.of("m1", "m2", "m3", "m4"));
    out.writeInt(0);
    return bytes.toByteArray();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void writeBack(Map<String, Object> state, ByteArrayOutputStream into) throws IOException {
    ((MasteryDeclineRule) rule).writeState((Map) state, new DataOutputStream(into));
  }
}
