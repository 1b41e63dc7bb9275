package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

/** An erasure ledger entry reaching the mastery operator clears every key of the learner and nobody else's. */
class EventTimeMasteryErasureTest extends PipelineTestBase {

  @Test
  void anErasureClearsEveryKeyOfTheLearnerDropsTheirHeldAnswersAndLeavesOthersUntouched() throws Exception {
    try (var h = harness()) {
      send(h, response(ANA, "fractions", "ana-1", T0, true));
      send(h, response(ANA, "decimals", "ana-2", T0, true));
      send(h, response(BEN, "fractions", "ben-1", T0, true));
      h.processWatermark(new Watermark(T0.toEpochMilli()));
      send(h, response(ANA, "fractions", "ana-held", T1, true)); // waits for the watermark
      h.getOutput().clear();

      erase(h, ANA);

      assertThat(h.numEventTimeTimers()).as("the held answer's timer is still registered").isEqualTo(1);
      h.processWatermark(new Watermark(T1.toEpochMilli()));
      assertThat(h.extractOutputValues()).as("the held answer is gone").isEmpty();
      assertThat(h.numEventTimeTimers()).as("its timer drained").isZero();

      send(h, response(ANA, "decimals", "ana-after", T3, true));
      send(h, response(BEN, "fractions", "ben-2", T3, true));
      h.processWatermark(new Watermark(T3.toEpochMilli()));
      assertThat(attempts(h.extractOutputValues(), "ana-after")).as("ana starts afresh").isEqualTo(1);
      assertThat(attempts(h.extractOutputValues(), "ben-2")).as("ben keeps his history").isEqualTo(2);
    }
  }

  @Test
  void anAnswerOfTheErasedLearnerDatedOrStoredBeforeTheErasureIsDropped() throws Exception {
    try (var h = harness()) {
      erase(h, ANA);

      send(h, response(ANA, "fractions", "back-dated", T1, true));
      LearningEvent storedBefore = LearningEvent.newBuilder(response(ANA, "fractions", "stored-before", T3, true))
          .setStored(T1).build();
      send(h, storedBefore);
      send(h, response(BEN, "fractions", "ben-1", T1, true));
      h.processWatermark(new Watermark(T4.toEpochMilli()));

      assertThat(h.extractOutputValues()).extracting(MasteryUpdate::getStatementId).containsExactly("ben-1");
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void theErasuresSecondEntryNamingOthersStatementsDoesNotClearTheLearnersFreshStartAgain() throws Exception {
    try (var h = harness()) {
      erase(h, ANA);
      send(h, response(ANA, "fractions", "ana-after", T3, true));
      h.processWatermark(new Watermark(T3.toEpochMilli()));

      h.processBroadcastElement(
          Either.Right(
              ErasureRequest.of("erasure-1", TENANT, ANA, ERASED_AT).withStatements(List.of("a-statement-naming-ana"))),
          0L);
      send(h, response(ANA, "fractions", "ana-later", T4, true));
      h.processWatermark(new Watermark(T4.toEpochMilli()));

      assertThat(attempts(h.extractOutputValues(), "ana-later")).as("ana's fresh history stays").isEqualTo(2);
    }
  }

  private static void erase(
      KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> h,
      String learner) throws Exception {
    h.processBroadcastElement(Either.Right(ErasureRequest.of("erasure-1", TENANT, learner, ERASED_AT)), 0L);
  }

  private static KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> harness()
      throws Exception {
    var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new EventTimeMastery(MasteryConfig.defaults(), SkillParameterSet.defaultsOnly()), SkillFanOut::key,
        Types.STRING, EventTimeMastery.PARAMETERS, ErasedLearners.STATE);
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }
}
