package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MappedSkill;
import org.learnstream.schemas.SkillMapping;

class SkillFanOutTest extends PipelineTestBase {

  private static final String Q1 = "https://learnstream.example/activities/q1";
  private static final String Q2 = "https://learnstream.example/activities/q2";

  private BroadcastOperatorTestHarness<LearningEvent, SkillMapping, LearningEvent> harness;

  @BeforeEach
  void startHarness() throws Exception {
    SkillFanOut fanOut = new SkillFanOut(List.of(mapping(Q1, "v1", "equivalence", "adding")));
    harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(fanOut, SkillFanOut.CATALOG);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void aCatalogedActivityGivesOneResponsePerMappedSkill() throws Exception {
    send(onActivity("a", Q1, List.of(Q1)));

    assertThat(harness.extractOutputValues()).extracting(SkillFanOut::key)
        .containsExactly(TENANT + "|" + LEARNER + "|equivalence", TENANT + "|" + LEARNER + "|adding");
  }

  @Test
  void skillsNamedByTheStatementWinOverTheCatalog() throws Exception {
    send(onActivity("a", Q1, List.of("own")));

    assertThat(harness.extractOutputValues()).extracting(e -> e.getSkills().get(0)).containsExactly("own");
  }

  @Test
  void anUnmappedActivityIsTracedUnderItsOwnId() throws Exception {
    send(onActivity("a", Q2, List.of(Q2)));

    assertThat(harness.extractOutputValues()).extracting(e -> e.getSkills().get(0)).containsExactly(Q2);
  }

  @Test
  void aCatalogUpdateWhileRunningReplacesTheEntryForLaterResponses() throws Exception {
    send(onActivity("a", Q2, List.of(Q2)));
    harness.processBroadcastElement(mapping(Q2, "v2", "ratios"), 0L);
    harness.processBroadcastElement(new SkillMapping(Q1, "v2", List.of()), 0L);
    send(onActivity("b", Q2, List.of(Q2)));
    send(onActivity("c", Q1, List.of(Q1)));

    assertThat(harness.extractOutputValues()).extracting(e -> e.getStatementId() + ":" + e.getSkills().get(0))
        .containsExactly("a:" + Q2, "b:ratios", "c:" + Q1);
  }

  @Test
  void onlyScoredResponsesAreFannedOut() throws Exception {
    LearningEvent activity = LearningEvent.newBuilder(onActivity("a", Q1, List.of(Q1)))
        .setKind(EventKind.ACTIVITY).setSuccess(null).build();
    send(activity);

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  private static SkillMapping mapping(String activity, String version, String... skills) {
    return new SkillMapping(activity, version, java.util.Arrays.stream(skills)
        .map(s -> new MappedSkill(s, null, List.of("CCSS.X." + s))).toList());
  }

  private static LearningEvent onActivity(String id, String activity, List<String> skills) {
    return LearningEvent.newBuilder(response(id, T1, true)).setObjectId(activity).setSkills(skills).build();
  }

  private void send(LearningEvent event) throws Exception {
    harness.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }
}
