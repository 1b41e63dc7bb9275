package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

class VoidRoutingTest extends PipelineTestBase {

  private KeyedOneInputStreamOperatorTestHarness<String, LearningEvent, LearningEvent> harness;

  @BeforeEach
  void startHarness() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new VoidRouting(Duration.ofDays(7)), VoidRouting::key, Types.STRING);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void aVoidBecomesOneRetractionPerSkillOfTheVoidedResponseForItsLearner() throws Exception {
    send(response(LEARNER, "fractions", "a", T1, true));
    send(response(LEARNER, "decimals", "a", T1, true));
    send(voiding("v", "a", T3));

    List<LearningEvent> out = harness.extractOutputValues();
    assertThat(out).hasSize(4);
    List<LearningEvent> retractions = out.subList(2, 4);
    assertThat(retractions).allMatch(VoidRouting::isRetraction);
    assertThat(retractions).extracting(LearningEvent::getLearner).containsOnly(LEARNER);
    assertThat(retractions).extracting(LearningEvent::getTimestamp).containsOnly(T1);
    assertThat(retractions).extracting(SkillFanOut::key)
        .containsExactly(TENANT + '|' + LEARNER + "|fractions", TENANT + '|' + LEARNER + "|decimals");
  }

  @Test
  void aResponseArrivingAfterItsVoidIsDropped() throws Exception {
    send(voiding("v", "a", T3));
    send(response("a", T1, true));

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void aSecondVoidOfTheSameStatementRetractsNothingMore() throws Exception {
    send(response("a", T1, true));
    send(voiding("v", "a", T3));
    send(voiding("w", "a", T4));

    assertThat(harness.extractOutputValues()).extracting(LearningEvent::getKind)
        .containsExactly(EventKind.RESPONSE, EventKind.VOIDING);
  }

  @Test
  void theVoidingStatementItselfIsNotARetraction() {
    assertThat(VoidRouting.isRetraction(voiding("v", "a", T3))).isFalse();
    assertThat(VoidRouting.key(voiding("v", "a", T3))).isEqualTo(VoidRouting.key(response("a", T1, true)));
  }

  private void send(LearningEvent event) throws Exception {
    harness.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }
}
