package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.jobs.state.MasteryHistoryStateCodec;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

/**
 * A learner x skill's running estimate is kept for the events window past the learner's last answer on it
 * ({@code retention.events}), by when retention has removed those answers and what was derived from them everywhere
 * else; not for ever.
 */
class EventTimeMasteryRetentionTest extends PipelineTestBase {

  private static final Duration WINDOW = Duration.ofDays(30);
  private static final long DAY = Duration.ofDays(1).toMillis();

  @Test
  void anEstimateIsForgottenOnceTheLearnerHasNotAnsweredOnTheSkillForTheWindowAndKeptWhileTheyDo() throws Exception {
    try (var h = harness(null)) {
      h.setStateTtlProcessingTime(0);
      send(h, response(ANA, "fractions", "ana-1", T0, true));
      send(h, response(BEN, "fractions", "ben-1", T0, true));
      h.processWatermark(new Watermark(T0.toEpochMilli())); // answers are applied, and kept, as the watermark passes
      h.setStateTtlProcessingTime(WINDOW.toMillis() - DAY);
      send(h, response(BEN, "fractions", "ben-2", T1, true));
      h.processWatermark(new Watermark(T1.toEpochMilli()));
      assertThat(attempts(h.extractOutputValues(), "ben-2")).as("within the window").isEqualTo(2);

      h.setStateTtlProcessingTime(WINDOW.toMillis() + DAY);
      send(h, response(ANA, "fractions", "ana-2", T3, true));
      send(h, response(BEN, "fractions", "ben-3", T3, true));
      h.processWatermark(new Watermark(T3.toEpochMilli()));

      assertThat(attempts(h.extractOutputValues(), "ana-2")).as("ana answered nothing for the window").isEqualTo(1);
      assertThat(attempts(h.extractOutputValues(), "ben-3")).as("ben's second answer kept his").isEqualTo(3);
    }
  }

  @Test
  void aSnapshotTakenOnceTheWindowHasPassedHoldsNoEstimateOfTheInactiveLearner() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(null)) {
      h.setStateTtlProcessingTime(0);
      send(h, response(ANA, "fractions", "ana-1", T0, true));
      send(h, response(BEN, "fractions", "ben-1", T0, true));
      h.processWatermark(new Watermark(T0.toEpochMilli()));
      h.setStateTtlProcessingTime(WINDOW.toMillis() - DAY);
      send(h, response(BEN, "fractions", "ben-2", T1, true));
      h.processWatermark(new Watermark(T1.toEpochMilli()));
      assertThat(estimateKeys(h)).hasSize(2);

      h.setStateTtlProcessingTime(WINDOW.toMillis() + DAY);
      snapshot = h.snapshot(1, 1);
    }

    try (var restored = harness(snapshot)) {
      assertThat(estimateKeys(restored)).containsExactly(SkillFanOut.key(response(BEN, "fractions", "b", T0, true)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void anEstimateKeptByABuildWithoutTheWindowIsRestoredAndKeptForItFromThenOn(String backend) throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
        new EstimateWithoutWindow(), List.of(EventTimeMastery.PARAMETERS, ErasedLearners.STATE)), SkillFanOut::key,
        Types.STRING, 128, 1, 0)) {
      before.setStateBackend(stateBackend(backend));
      before.open();
      send(before, response(ANA, "fractions", "ana-1", T0, true));
      snapshot = before.snapshot(1, 1);
    }

    try (var h = harness(snapshot, backend)) {
      h.setStateTtlProcessingTime(0);
      send(h, response(ANA, "fractions", "ana-5", T1, true));
      h.processWatermark(new Watermark(T1.toEpochMilli()));
      h.setStateTtlProcessingTime(WINDOW.toMillis() + DAY);
      send(h, response(ANA, "fractions", "ana-6", T3, true));
      h.processWatermark(new Watermark(T3.toEpochMilli()));

      assertThat(attempts(h.extractOutputValues(), "ana-5")).as("the four answers restored").isEqualTo(5);
      assertThat(attempts(h.extractOutputValues(), "ana-6")).as("then the window").isEqualTo(1);
    }
  }

  /** What a build before the window kept: the same state, without a time to live, of a learner with four answers. */
  private static final class EstimateWithoutWindow
      extends
        KeyedBroadcastProcessFunction<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> {

    @Override
    public void processElement(LearningEvent event, ReadOnlyContext ctx, Collector<MasteryUpdate> out)
        throws Exception {
      MasteryHistory history = new MasteryHistory();
      history.current.attempts = 4;
      history.current.correctCount = 4;
      history.current.pKnown = 0.9;
      getRuntimeContext().getState(new ValueStateDescriptor<>("mastery",
          new CodecSerializer<>(new MasteryHistoryStateCodec()))).update(history);
    }

    @Override
    public void processBroadcastElement(Either<SkillParameters, ErasureRequest> value, Context ctx,
        Collector<MasteryUpdate> out) {
    }
  }

  private static StateBackend stateBackend(String name) {
    return "rocksdb".equals(name) ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
  }

  private static List<String> estimateKeys(
      KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> h)
      throws Exception {
    try (var keys = h.getOperator().<String>getKeyedStateBackend().getKeys("mastery", VoidNamespace.INSTANCE)) {
      return keys.toList();
    }
  }

  private static KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> harness(
      OperatorSubtaskState restored) throws Exception {
    return harness(restored, "hashmap");
  }

  private static KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> harness(
      OperatorSubtaskState restored, String backend) throws Exception {
    var operator = new CoBroadcastWithKeyedOperator<>(new EventTimeMastery(MasteryConfig.defaults(),
        SkillParameterSet.defaultsOnly(), MasteryHistory.DEFAULT_CAPACITY, Duration.ZERO, false, WINDOW),
        List.of(EventTimeMastery.PARAMETERS, ErasedLearners.STATE));
    var harness = new KeyedBroadcastOperatorTestHarness<>(operator, SkillFanOut::key, Types.STRING, 128, 1, 0);
    harness.setStateBackend(stateBackend(backend));
    if (restored != null) {
      harness.initializeState(restored);
    }
    harness.open();
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }
}
