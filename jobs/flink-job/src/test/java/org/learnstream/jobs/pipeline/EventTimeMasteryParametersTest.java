package org.learnstream.jobs.pipeline;

import org.apache.flink.types.Either;
import org.learnstream.pipeline.kafka.ErasureRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.BktParameters;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

/** Per-skill BKT parameters: the starting set, sets published while running, and records that are refused. */
class EventTimeMasteryParametersTest extends PipelineTestBase {

  private static final BktParameters FITTED = new BktParameters(0.5, 0.2, 0.1, 0.05, 0.02);
  private static final BktParameters PUBLISHED_DEFAULTS = new BktParameters(0.3, 0.1, 0.25, 0.15, 0.0);

  private KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> harness;

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void theStartingSetGivesEachSkillItsParametersAndTheModelVersion() throws Exception {
    start(new SkillParameterSet("start-1", BktParameters.DEFAULTS, Map.of(SKILL, FITTED)));

    send(response("a", T1, true));
    send(response(LEARNER, "decimals", "b", T1, false));
    harness.processWatermark(T2.toEpochMilli());

    MasteryUpdate fitted = update("a");
    assertThat(fitted.getPKnownBefore()).isEqualTo(FITTED.prior());
    assertThat(fitted.getPKnownAfter()).isCloseTo(reference(FITTED.prior(), true, FITTED), within(1e-12));
    assertThat(fitted.getModelVersion()).isEqualTo("bkt/start-1");
    assertThat(update("b").getPKnownBefore()).isEqualTo(BktParameters.DEFAULTS.prior());
    assertThat(update("b").getModelVersion()).isEqualTo("bkt/start-1");
  }

  @Test
  void aSetPublishedWhileRunningTakesOverForItsSkillsAndItsDefaultsForTheRest() throws Exception {
    start(SkillParameterSet.defaultsOnly());
    send(response("before", T1, true));
    harness.processWatermark(T1.toEpochMilli());

    publish(SKILL, "fit-2", FITTED);
    publish("*", "fit-2", PUBLISHED_DEFAULTS);
    send(response("after", T2, false));
    send(response(LEARNER, "decimals", "other", T2, true));
    harness.processWatermark(T2.toEpochMilli());

    MasteryUpdate before = update("before");
    MasteryUpdate after = update("after");
    assertThat(before.getModelVersion()).isEqualTo("bkt/defaults");
    assertThat(after.getModelVersion()).isEqualTo("bkt/fit-2");
    assertThat(after.getPKnownBefore()).isEqualTo(before.getPKnownAfter());
    assertThat(after.getPKnownAfter()).isCloseTo(reference(before.getPKnownAfter(), false, FITTED), within(1e-12));
    assertThat(update("other").getPKnownBefore()).isEqualTo(PUBLISHED_DEFAULTS.prior());
    assertThat(update("other").getModelVersion()).isEqualTo("bkt/fit-2");
  }

  @Test
  void aRecordOutsideTheBoundsIsIgnoredAndTheSkillKeepsItsParameters() throws Exception {
    start(SkillParameterSet.defaultsOnly());
    harness.processBroadcastElement(
        Either.Left(new SkillParameters(SKILL, "broken", 0.5, 0.2, 0.7, 0.05, 0.0, Instant.EPOCH)), 0L);

    send(response("a", T1, true));
    harness.processWatermark(T1.toEpochMilli());

    assertThat(update("a").getPKnownBefore()).isEqualTo(BktParameters.DEFAULTS.prior());
    assertThat(update("a").getModelVersion()).isEqualTo("bkt/defaults");
    assertThat(harness.getBroadcastState(EventTimeMastery.PARAMETERS).contains(SKILL)).isFalse();
  }

  private void start(SkillParameterSet initial) throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new EventTimeMastery(MasteryConfig.defaults(), initial), SkillFanOut::key, Types.STRING,
        EventTimeMastery.PARAMETERS, ErasedLearners.STATE);
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  private void publish(String skill, String set, BktParameters p) throws Exception {
    harness
        .processBroadcastElement(Either.Left(new SkillParameters(skill, set, p.prior(), p.learn(), p.guess(), p.slip(),
            p.forget(), Instant.EPOCH)), 0L);
  }

  private void send(LearningEvent event) throws Exception {
    harness.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }

  private MasteryUpdate update(String statementId) {
    List<MasteryUpdate> updates = harness.extractOutputValues();
    return updates.stream().filter(u -> u.getStatementId().equals(statementId)).findFirst().orElseThrow();
  }

  /** DESIGN section 5 written out independently of the kernel. */
  private static double reference(double pKnown, boolean correct, BktParameters p) {
    double posterior = correct
        ? pKnown * (1 - p.slip()) / (pKnown * (1 - p.slip()) + (1 - pKnown) * p.guess())
        : pKnown * p.slip() / (pKnown * p.slip() + (1 - pKnown) * (1 - p.guess()));
    return posterior * (1 - p.forget()) + (1 - posterior) * p.learn();
  }
}
