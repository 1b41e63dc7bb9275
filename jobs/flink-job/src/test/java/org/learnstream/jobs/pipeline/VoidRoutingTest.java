package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

class VoidRoutingTest extends PipelineTestBase {

  private KeyedBroadcastOperatorTestHarness<String, LearningEvent, ErasureRequest, LearningEvent> harness;

  @BeforeEach
  void startHarness() throws Exception {
    harness = VoidRoutingHarness.open(1, null);
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

  @Test
  void aResponseRememberedByAnEarlierVersionIsStillRetracted() throws Exception {
    LearningEvent response = response("a", T1, true);
    OperatorSubtaskState snapshot;
    try (var earlier = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new EarlierVoidRouting(),
        VoidRouting::key, Types.STRING)) {
      earlier.processElement(new StreamRecord<>(response, T1.toEpochMilli()));
      snapshot = earlier.snapshot(1, T1.toEpochMilli());
    }
    harness.close();
    harness = VoidRoutingHarness.open(1, snapshot);

    send(voiding("v", "a", T3));
    send(voiding("w", "a", T4));

    assertThat(harness.extractOutputValues()).singleElement().satisfies(retraction -> {
      assertThat(VoidRouting.isRetraction(retraction)).isTrue();
      assertThat(retraction.getTimestamp()).isEqualTo(T1);
      assertThat(SkillFanOut.key(retraction)).isEqualTo(SkillFanOut.key(response));
    });
  }

  /** Remembers responses as versions before the encoded state did: the whole event in the "statement" state. */
  private static final class EarlierVoidRouting extends KeyedProcessFunction<String, LearningEvent, LearningEvent> {
    private transient ValueState<LearningEvent> seen;

    @Override
    public void open(OpenContext openContext) {
      var descriptor = new ValueStateDescriptor<>("statement", AvroTypes.of(LearningEvent.class));
      descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(7))
          .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
          .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
          .build());
      seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(LearningEvent event, Context ctx, Collector<LearningEvent> out) throws Exception {
      seen.update(event);
    }
  }

  private void send(LearningEvent event) throws Exception {
    harness.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }
}
