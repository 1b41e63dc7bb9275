package org.learnstream.jobs.pipeline;

import org.apache.flink.types.Either;
import org.learnstream.pipeline.kafka.ErasureRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

class EventTimeMasteryVoidingTest extends PipelineTestBase {

  @Test
  void aVoidInsideTheHistoryRecomputesTheResponsesAfterItAsIfItNeverHappened() throws Exception {
    List<LearningEvent> responses = List.of(response("a", T1, true), response("b", T2, false),
        response("c", T3, true), response("d", T4, true));
    try (var voided = harness(); var clean = harness()) {
      for (LearningEvent r : responses) {
        send(voided, r);
      }
      voided.processWatermark(T4.toEpochMilli());
      send(voided, retraction(responses.get(1)));

      send(clean, responses.get(0));
      send(clean, responses.get(2));
      send(clean, responses.get(3));
      clean.processWatermark(T4.toEpochMilli());

      List<MasteryUpdate> all = voided.extractOutputValues();
      MasteryUpdate voidedRow = all.get(4);
      List<MasteryUpdate> corrections = all.subList(5, all.size());
      List<MasteryUpdate> expected = clean.extractOutputValues().subList(1, 3);
      assertThat(voidedRow.getStatementId()).isEqualTo("b");
      assertThat(voidedRow.getVoided()).isTrue();
      assertThat(voidedRow.getRevision()).isGreaterThan(all.get(3).getRevision());
      assertThat(corrections).extracting(MasteryUpdate::getStatementId).containsExactly("c", "d");
      assertThat(corrections).extracting(MasteryUpdate::getSequence).containsExactly(2, 3);
      assertThat(corrections).extracting(MasteryUpdate::getVoided).containsOnly(false);
      // the void opens era 2: revision era << 32 | 2 x sequence + 1
      assertThat(corrections).extracting(MasteryUpdate::getRevision).containsExactly(2L << 32 | 5, 2L << 32 | 7);
      assertThat(corrections).usingRecursiveFieldByFieldElementComparatorIgnoringFields("revision").isEqualTo(expected);
    }
  }

  @Test
  void voidingTheLatestResponseReEmitsThePreviousOneAsTheNewestRevision() throws Exception {
    try (var h = harness()) {
      LearningEvent b = response("b", T2, false);
      send(h, response("a", T1, true));
      send(h, b);
      h.processWatermark(T4.toEpochMilli());
      send(h, retraction(b));

      List<MasteryUpdate> out = h.extractOutputValues();
      assertThat(out).extracting(MasteryUpdate::getStatementId).containsExactly("a", "b", "a", "b");
      // era << 32 | 2 x sequence + 1, the voided row 2 x sequence: the void opens era 2
      assertThat(out).extracting(MasteryUpdate::getRevision)
          .containsExactly(1L << 32 | 3, 1L << 32 | 5, 2L << 32 | 3, 2L << 32 | 4);
      assertThat(out).extracting(MasteryUpdate::getVoided).containsExactly(false, false, false, true);
      assertThat(out.get(2)).usingRecursiveComparison().ignoringFields("revision").isEqualTo(out.get(0));
    }
  }

  @Test
  void aResponseVoidedWhileItWaitsForTheWatermarkGivesTheRowsOfOneVoidedAfterItWasApplied() throws Exception {
    try (var h = harness()) {
      LearningEvent b = response("b", T2, false);
      send(h, response("a", T1, true));
      send(h, b);
      send(h, retraction(b)); // b still waits for the watermark: it is voided as soon as it is applied
      assertThat(h.extractOutputValues()).isEmpty();
      h.processWatermark(T4.toEpochMilli());

      // exactly the rows of voidingTheLatestResponseReEmitsThePreviousOneAsTheNewestRevision
      assertThat(h.extractOutputValues())
          .extracting(MasteryUpdate::getStatementId, MasteryUpdate::getRevision, MasteryUpdate::getVoided)
          .containsExactly(tuple("a", 1L << 32 | 3, false), tuple("b", 1L << 32 | 5, false),
              tuple("a", 2L << 32 | 3, false), tuple("b", 2L << 32 | 4, true));
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void voidsOfTwoWaitingResponsesArrivingNewestFirstBothFindTheirResponseBehindALongBacklog() throws Exception {
    try (var h = harness()) {
      LearningEvent older = response("r001", T0.plusMillis(1), false);
      LearningEvent newer = response("r011", T0.plusMillis(11), false);
      for (int i = 0; i < 2 + MasteryHistory.DEFAULT_CAPACITY + 2; i++) {
        send(h, i == 1 ? older : i == 11 ? newer : response(String.format("r%03d", i), T0.plusMillis(i), true));
      }
      send(h, retraction(newer)); // all still wait; the newer answer's void overtakes the older one's
      send(h, retraction(older));
      assertThat(h.extractOutputValues()).as("nothing applied before the watermark").isEmpty();

      h.processWatermark(T4.toEpochMilli());

      assertThat(h.getSideOutput(SideOutputs.LATE_EVENTS)).as("both voids found their response").isNullOrEmpty();
      List<MasteryUpdate> rows = h.extractOutputValues();
      assertThat(rows).filteredOn(MasteryUpdate::getVoided).extracting(MasteryUpdate::getStatementId)
          .containsExactly("r001", "r011");
      List<MasteryUpdate> standing = rows.stream().filter(r -> !r.getVoided()).toList();
      assertThat(standing.get(standing.size() - 1).getSequence()).as("ten answers stand").isEqualTo(10);
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void voidedThenRestatedGivesTheEstimateOfTheCleanSequence() throws Exception {
    try (var dirty = harness(); var clean = harness()) {
      LearningEvent wrong = response("b", T2, false);
      send(dirty, response("a", T1, true));
      send(dirty, wrong);
      dirty.processWatermark(T2.toEpochMilli());
      send(dirty, retraction(wrong));
      send(dirty, response("b2", T3, true));
      dirty.processWatermark(T4.toEpochMilli());

      send(clean, response("a", T1, true));
      send(clean, response("b2", T3, true));
      clean.processWatermark(T4.toEpochMilli());

      List<MasteryUpdate> dirtyOut = dirty.extractOutputValues();
      List<MasteryUpdate> cleanOut = clean.extractOutputValues();
      assertThat(dirtyOut.get(dirtyOut.size() - 1)).usingRecursiveComparison().ignoringFields("revision")
          .isEqualTo(cleanOut.get(cleanOut.size() - 1));
    }
  }

  @Test
  void aVoidOlderThanTheHistoryChangesNothingAndIsReportedLate() throws Exception {
    try (var h = harness()) {
      List<LearningEvent> responses = new ArrayList<>();
      for (int i = 0; i <= MasteryHistory.DEFAULT_CAPACITY; i++) {
        responses.add(response(String.format("r%03d", i), T0.plusMillis(i), i % 2 == 0));
      }
      for (LearningEvent r : responses) {
        send(h, r);
      }
      h.processWatermark(T4.toEpochMilli());
      int applied = h.extractOutputValues().size();

      send(h, retraction(responses.get(0)));

      assertThat(applied).isEqualTo(MasteryHistory.DEFAULT_CAPACITY + 1);
      assertThat(h.extractOutputValues()).hasSize(applied);
      assertThat(h.getSideOutput(SideOutputs.LATE_EVENTS))
          .extracting(record -> record.getValue().getStatementId()).containsExactly("r000");
    }
  }

  @Test
  void theOldestResponseStillInTheHistoryCanBeVoidedAfterEviction() throws Exception {
    try (var dirty = harness(); var clean = harness()) {
      List<LearningEvent> responses = new ArrayList<>();
      for (int i = 0; i <= MasteryHistory.DEFAULT_CAPACITY + 3; i++) {
        responses.add(response(String.format("r%03d", i), T0.plusMillis(i), i % 3 != 0));
      }
      for (LearningEvent r : responses) {
        send(dirty, r);
      }
      dirty.processWatermark(T4.toEpochMilli());
      // r004 is the oldest response still kept (r000..r003 were folded into the checkpoint)
      send(dirty, retraction(responses.get(4)));

      for (LearningEvent r : responses) {
        if (!r.getStatementId().equals("r004")) {
          send(clean, r);
        }
      }
      clean.processWatermark(T4.toEpochMilli());

      List<MasteryUpdate> dirtyOut = dirty.extractOutputValues();
      List<MasteryUpdate> cleanOut = clean.extractOutputValues();
      assertThat(dirtyOut.get(dirtyOut.size() - 1)).usingRecursiveComparison().ignoringFields("revision")
          .isEqualTo(cleanOut.get(cleanOut.size() - 1));
      assertThat(dirty.getSideOutput(SideOutputs.LATE_EVENTS)).isNullOrEmpty();
    }
  }

  @Test
  void theConfiguredVoidWindowDecidesHowFarBackAVoidReaches() throws Exception {
    try (var h = harness(3)) {
      List<LearningEvent> responses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        responses.add(response(String.format("r%03d", i), T0.plusMillis(i), i % 2 == 0));
        send(h, responses.get(i));
      }
      h.processWatermark(T4.toEpochMilli());
      int applied = h.extractOutputValues().size();

      send(h, retraction(responses.get(1))); // folded: only r002..r004 are kept
      send(h, retraction(responses.get(3)));

      assertThat(h.getSideOutput(SideOutputs.LATE_EVENTS))
          .extracting(record -> record.getValue().getStatementId()).containsExactly("r001");
      // r003 voided: its row marked voided and r004's row corrected
      assertThat(h.extractOutputValues()).hasSize(applied + 2);
    }
  }

  @Test
  void stateDrainsToTheEstimateAndTheHistoryAfterVoids() throws Exception {
    try (var h = harness()) {
      LearningEvent b = response("b", T2, false);
      send(h, response("a", T1, true));
      send(h, b);
      send(h, response("c", T3, true));
      h.processWatermark(T2.toEpochMilli());
      send(h, retraction(b));
      h.processWatermark(T4.toEpochMilli());

      assertThat(h.numEventTimeTimers()).isZero();
      KeyedStateBackend<Object> backend = ((AbstractStreamOperator<?>) h.getTwoInputOperator()).getKeyedStateBackend();
      // the "mastery" value (estimate and history) of the one key; the "pending" buffer holds nothing
      assertThat(((HeapKeyedStateBackend<Object>) backend).numKeyValueStateEntries()).isEqualTo(1);
    }
  }

  private static KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> harness()
      throws Exception {
    return harness(MasteryHistory.DEFAULT_CAPACITY);
  }

  private static KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> harness(
      int voidWindow) throws Exception {
    var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new EventTimeMastery(MasteryConfig.defaults(), SkillParameterSet.defaultsOnly(), voidWindow), SkillFanOut::key,
        Types.STRING, EventTimeMastery.PARAMETERS, ErasedLearners.STATE);
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }

}
