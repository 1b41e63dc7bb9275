package org.learnstream.jobs.pipeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RetentionOptions;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.jobs.warning.ByLearnerDigest;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.kafka.AvroRecords;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;
import org.learnstream.pipeline.mastery.bestlr.FeatureLayout;
import org.learnstream.schemas.MasteryUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** The Best-LR operator: in the graph only with a model, and its counts kept across a snapshot and restore. */
class BestLrPredictionsTest {

  // columns: overall successes, overall failures, fractions (effect, successes, failures), decimals (same)
  private static final BestLrModel MODEL = new BestLrModel("best-lr/test",
      new FeatureLayout(List.of("fractions", "decimals"), List.of()),
      new double[] {0.5, -0.7, 0.1, 0.3, -0.4, -0.2, 0.6, -0.9}, 0.05);

  @TempDir
  Path dir;

  @Test
  void theJobGraphHasTheBestLrOperatorOnlyWhenAModelFileIsSet() throws Exception {
    Path file = dir.resolve("best-lr.json");
    BestLrModelFile.write(file, MODEL, 1.0, 0);
    Configuration withModel = new Configuration();
    withModel.set(PipelineOptions.MASTERY_BEST_LR_FILE, file.toString());

    assertThat(operatorUids(new Configuration())).doesNotContain("best-lr").contains("mastery");
    assertThat(operatorUids(withModel)).contains("best-lr", "mastery");
  }

  @Test
  void aRestoredOperatorCountsTheLearnersEarlierAnswersOnOtherSkills() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness(null)) {
      before.processElement(update("fractions", 1, 1, true), 1);
      before.processElement(update("fractions", 2, 2, true), 2);
      snapshot = before.snapshot(1, 3);
    }
    MasteryUpdate restoredRow;
    MasteryUpdate freshRow;
    try (var restored = harness(snapshot)) {
      restored.processElement(update("decimals", 1, 0, false), 4);
      restoredRow = restored.extractOutputValues().get(0);
    }
    try (var fresh = harness(null)) {
      fresh.processElement(update("decimals", 1, 0, false), 4);
      freshRow = fresh.extractOutputValues().get(0);
    }

    // before it: two successes over all skills, none on decimals
    double logit = 0.05 + 0.5 * Math.log(3) - 0.2; // bias, overall successes, the decimals effect
    assertThat(restoredRow.getBestLrPCorrectPredicted()).isCloseTo(1 / (1 + Math.exp(-logit)),
        offset(1e-12));
    assertThat(freshRow.getBestLrPCorrectPredicted()).isNotEqualTo(restoredRow.getBestLrPCorrectPredicted());
    assertThat(restoredRow.getBestLrModelVersion()).isEqualTo("best-lr/test");
  }

  @Test
  void anErasureOfTheLearnerTakesTheirCountsEmitsNothingAndDropsTheirUpdatesUpToIt() throws Exception {
    Instant erasedAt = Instant.parse("2026-03-02T10:00:00Z");
    MasteryUpdate later = update("decimals", 1, 0, false);
    later.setEventTime(erasedAt.plusSeconds(60));
    MasteryUpdate afterErasure;
    MasteryUpdate fresh;
    try (var h = harness(null)) {
      h.processElement(update("fractions", 1, 1, true), 1);
      h.processElement(update("fractions", 2, 2, true), 2);
      h.getOutput().clear();

      h.processBroadcastElement(ErasureRequest.of("erasure-1", "school", "ada", erasedAt), 3);
      h.processElement(update("fractions", 3, 3, true), 4); // dated before the erasure, still on its way
      assertThat(h.extractOutputValues()).isEmpty();

      h.processElement(AvroRecords.copy(later), 5);
      afterErasure = h.extractOutputValues().get(0);
    }
    try (var h = harness(null)) {
      h.processElement(AvroRecords.copy(later), 5);
      fresh = h.extractOutputValues().get(0);
    }

    assertThat(afterErasure.getBestLrPCorrectPredicted()).as("the learner starts from no counts")
        .isEqualTo(fresh.getBestLrPCorrectPredicted());
  }

  @Test
  void aLearnersCountsAreForgottenOnceTheyHaveNotAnsweredForTheEventsWindow() throws Exception {
    long window = RetentionOptions.EVENTS.defaultValue().toMillis();
    MasteryUpdate within;
    MasteryUpdate after;
    MasteryUpdate fresh;
    try (var h = harness(null)) {
      h.setStateTtlProcessingTime(0);
      h.processElement(update("fractions", 1, 1, true), 1);
      h.setStateTtlProcessingTime(window - 1);
      h.processElement(update("decimals", 1, 0, false), 2);
      within = h.extractOutputValues().get(1);
      h.setStateTtlProcessingTime(2 * window);
      h.processElement(update("decimals", 1, 0, false), 3);
      after = h.extractOutputValues().get(2);
      assertThat(countKeys(h)).as("written again by the answer after the window").hasSize(1);
    }
    try (var h = harness(null)) {
      h.processElement(update("decimals", 1, 0, false), 3);
      fresh = h.extractOutputValues().get(0);
    }

    assertThat(within.getBestLrPCorrectPredicted()).as("one success counted")
        .isNotEqualTo(fresh.getBestLrPCorrectPredicted());
    assertThat(after.getBestLrPCorrectPredicted()).as("the learner starts from no counts")
        .isEqualTo(fresh.getBestLrPCorrectPredicted());
  }

  @Test
  void countsKeptUnderTheOldTenantPseudonymKeyGoWithTheNextErasureOfAnyone() throws Exception {
    // as a savepoint of a build that keyed learners by tenant|pseudonym restores them
    try (var h = harness(null, u -> u.getTenant() + "|" + u.getLearner())) {
      h.processElement(update("fractions", 1, 1, true), 1);
      assertThat(countKeys(h)).containsExactly("school|ada");

      h.processBroadcastElement(ErasureRequest.of("erasure-1", "school", "zoe", Instant.parse(
          "2026-03-02T10:00:00Z")), 2);

      assertThat(countKeys(h)).isEmpty();
    }
  }

  private static List<String> countKeys(
      KeyedBroadcastOperatorTestHarness<String, MasteryUpdate, ErasureRequest, MasteryUpdate> h) {
    try (var keys = h.getOperator().<String>getKeyedStateBackend().getKeys("best-lr-overall",
        VoidNamespace.INSTANCE)) {
      return keys.toList();
    }
  }

  private static KeyedBroadcastOperatorTestHarness<String, MasteryUpdate, ErasureRequest, MasteryUpdate> harness(
      OperatorSubtaskState restored) throws Exception {
    return harness(restored, ByLearnerDigest.updates());
  }

  private static KeyedBroadcastOperatorTestHarness<String, MasteryUpdate, ErasureRequest, MasteryUpdate> harness(
      OperatorSubtaskState restored, KeySelector<MasteryUpdate, String> keys) throws Exception {
    var harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
        new BestLrPredictions(MODEL), List.of(ErasedLearnersState.DESCRIPTOR)), keys, Types.STRING, 128, 1, 0);
    if (restored != null) {
      harness.initializeState(restored);
    }
    harness.open();
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }

  /** The mastery operator's own row of the learner's {@code attempts}-th answer on {@code skill}. */
  private static MasteryUpdate update(String skill, int attempts, int correctCount, boolean correct) {
    Instant at = Instant.parse("2026-03-02T09:00:00Z").plusSeconds(attempts);
    return MasteryUpdate.newBuilder().setTenant("school").setLearner("ada").setSkill(skill)
        .setStatementId(skill + attempts).setEventTime(at).setSequence(attempts).setCorrect(correct)
        .setPKnownBefore(0.3).setPCorrectPredicted(0.5).setPKnownAfter(0.4).setMastered(false)
        .setAttempts(attempts).setCorrectCount(correctCount).setRecentAccuracy(0.5).setModelVersion("bkt/defaults")
        .setRevision(1L << 32 | (2L * attempts + 1)).setItem("https://items.example/" + skill + attempts).build();
  }

  private static List<String> operatorUids(Configuration config) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.wire(env, config, "127.0.0.1:1", ClickHouseEndpoint.withoutPassword("http://127.0.0.1:1", "db"),
        false);
    return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getTransformationUID).toList();
  }
}
